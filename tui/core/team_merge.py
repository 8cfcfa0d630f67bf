"""``newsmark merge``: bring annotators' databases into one, keeping each one's work as theirs.

Articles are matched by content hash. For every (article, annotator) the unit merged is the
annotator's *version* (:class:`tui.core.team.Version`: spans, status, tags, note), and its *history*
is the annotator's action log on that article (entries copied by a merge keep their identity).
With ``T`` the target's version and ``S`` the source's:

1. ``S == T``: nothing to do.
2. ``T``'s history is strictly inside ``S``'s (or ``T`` is empty with no history): ``S`` is
   newer work of the same line, so it replaces ``T`` (re-merging brings only what is new).
3. ``S``'s history is strictly inside ``T``'s: the file holds an older state; nothing to do.
4. Otherwise the same annotator changed the article in two files: a **conflict**. Both versions
   are kept: the one changed last (ties: the larger digest) stays under the annotator's name, the
   other is stored under ``NAME~<first 8 hex of its digest>``, and the conflict is reported.

The source's log entries the target lacks are then copied (kind ``merged``), so the target's
history is the union. Merging is idempotent, independent of the order of the files and loses
no version (tests/core/test_team_merge.py checks these on random work with hypothesis); when one
annotator both works in two files *and* sends a later copy of one of them, an older copy of
their work may also be kept under a ``NAME~…`` name (more kept, never less). Every change is
logged in the target as a ``merge`` action with the versions before and after.

UI-free: never imports Textual or Rich.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import team
from .store import Store, StoreError, now

ARTICLE_COPY = (
    "hash, source, title, author, published, publisher, raw, text, lang, lang_prob, status,"
    " imported_at, updated_at, meta, kind, cleaner_version, lang_locked, lang_mixed"
)
SPAN_COPY = 'start, "end", label, text, annotator, origin, created_at, updated_at, how'


@dataclass
class Conflict:
    source: str
    article_id: int
    hash: str
    annotator: str
    kept: str  # digest kept under the annotator's name
    moved_to: str  # the name the other version is stored under

    def __str__(self) -> str:
        return (
            f"{self.source}: article {self.article_id} ({self.hash[:12]}): {self.annotator!r} edited it "
            f"in two files; kept the later version as {self.annotator!r}, the other as {self.moved_to!r}"
        )


@dataclass
class MergeReport:
    sources: list[str] = field(default_factory=list)
    articles_added: int = 0
    versions_added: int = 0
    versions_updated: int = 0
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"merged {len(self.sources)} file(s): {self.articles_added} new article(s), "
            f"{self.versions_added} new and {self.versions_updated} updated annotator version(s), "
            f"{self.unchanged} unchanged, {len(self.conflicts)} conflict(s)"
        )


def merge_databases(target: Store, sources: list[str | Path]) -> MergeReport:
    """Merge each source database into ``target`` (one transaction per source)."""
    report = MergeReport()
    if target.setting("team_mode", "0") != "1":
        team.set_team_mode(target, True)  # several people's spans now live side by side
    for src_path in sources:
        path = Path(src_path)
        if not path.exists():
            raise StoreError(f"{path}: no such database")
        if path.resolve() == target.path.resolve():
            raise StoreError(f"{path}: is the target database itself; name another --db")
        src = Store(path, annotator=target.annotator, create=False)
        try:
            with target.transaction() as c:
                _merge_one(c, src.conn, str(path), report)
        finally:
            src.close()
        report.sources.append(str(path))
    return report


def _merge_one(
    c: sqlite3.Connection, s: sqlite3.Connection, name: str, report: MergeReport
) -> None:
    for lb in s.execute(
        "SELECT name, colour, hotkey, ord, description FROM labels ORDER BY ord, name"
    ):
        if not c.execute("SELECT 1 FROM labels WHERE name = ?", (lb[0],)).fetchone():
            hotkey = (
                lb[2]
                if lb[2]
                and not c.execute("SELECT 1 FROM labels WHERE hotkey = ?", (lb[2],)).fetchone()
                else None
            )
            n = c.execute("SELECT count(*) FROM labels").fetchone()[0]
            c.execute(
                "INSERT INTO labels(name, colour, hotkey, ord, description) VALUES (?,?,?,?,?)",
                (lb[0], lb[1], hotkey, n, lb[4] or ""),
            )
    for s_aid, h in s.execute("SELECT id, hash FROM articles ORDER BY id").fetchall():
        row = c.execute("SELECT id FROM articles WHERE hash = ?", (h,)).fetchone()
        if row is None:
            cols = s.execute(
                f"SELECT {ARTICLE_COPY} FROM articles WHERE id = ?", (s_aid,)
            ).fetchone()
            cur = c.execute(
                f"INSERT INTO articles({ARTICLE_COPY}) VALUES ({','.join('?' * 18)})", cols
            )
            t_aid = cur.lastrowid
            assert t_aid is not None
            for (tag,) in s.execute("SELECT tag FROM tags WHERE article_id = ?", (s_aid,)):
                c.execute("INSERT OR IGNORE INTO tags(article_id, tag) VALUES (?, ?)", (t_aid, tag))
            for note, ts in s.execute(
                "SELECT note, updated_at FROM notes WHERE article_id = ?", (s_aid,)
            ):
                c.execute(
                    "INSERT OR IGNORE INTO notes(article_id, note, updated_at) VALUES (?, ?, ?)",
                    (t_aid, note, ts),
                )
            report.articles_added += 1
        else:
            t_aid = row[0]
        for who, sv in team.versions(s, s_aid).items():
            if sv.empty:
                continue
            _merge_version(c, s, name, s_aid, t_aid, h, who, sv, report)


def _merge_version(
    c: sqlite3.Connection,
    s: sqlite3.Connection,
    name: str,
    s_aid: int,
    t_aid: int,
    h: str,
    who: str,
    sv: team.Version,
    report: MergeReport,
) -> None:
    tv = team.version(c, t_aid, who)
    sd, td = sv.digest(), tv.digest()
    s_hist = history(s, s_aid, who)
    t_hist = history(c, t_aid, who)
    if sd == td:
        report.unchanged += 1
    elif t_hist.keys() < s_hist.keys() or (tv.empty and not t_hist):
        # the source holds all the target's actions and more: newer work of the same line
        _write(c, s, s_aid, t_aid, who, who)
        _log(c, t_aid, who, name, tv, sv)
        if tv.empty:
            report.versions_added += 1
        else:
            report.versions_updated += 1
    elif s_hist.keys() < t_hist.keys():
        report.unchanged += 1  # the source is an older state of what the target holds
    else:
        source_wins = (sv.updated_at, sd) > (tv.updated_at, td)
        loser_digest = td if source_wins else sd
        moved_to = f"{who}~{loser_digest[:8]}"
        if source_wins:
            _rename(c, t_aid, who, moved_to)
            _write(c, s, s_aid, t_aid, who, who)
            _log(c, t_aid, who, name, tv, sv)
        elif team.version(c, t_aid, moved_to).digest() != sd:
            _write(c, s, s_aid, t_aid, who, moved_to)
            _log(c, t_aid, moved_to, name, team.Version(moved_to), sv)
        report.conflicts.append(Conflict(name, t_aid, h, who, sd if source_wins else td, moved_to))
    _copy_history(c, s_hist, t_hist, t_aid, who, name)


#: Log entries that are not an annotator's own work on an article.
NOT_WORK = ("merge",)


def history(conn: sqlite3.Connection, aid: int, who: str) -> dict[str, tuple[Any, ...]]:
    """An annotator's action log on an article, by action identity (``sha1(ts|kind|ops)``; a
    copied entry keeps the identity it had where it was made). A version whose history contains
    another's is its continuation."""
    out: dict[str, tuple[Any, ...]] = {}
    for ts, kind, ops, inverse, keys, seconds in conn.execute(
        "SELECT ts, kind, ops, inverse, keys, seconds FROM actions WHERE article_id = ? AND annotator = ?"
        " ORDER BY id",
        (aid, who),
    ):
        if kind in NOT_WORK:
            continue
        if kind == "merged":
            rec = json.loads(ops)
            out[rec["id"]] = (ts, rec["kind"], rec["ops"], rec["inverse"], keys, seconds)
        else:
            ident = hashlib.sha1(f"{ts}|{kind}|{ops}".encode()).hexdigest()[:20]
            out[ident] = (ts, kind, ops, inverse, keys, seconds)
    return out


def _copy_history(
    c: sqlite3.Connection,
    s_hist: dict[str, tuple[Any, ...]],
    t_hist: dict[str, tuple[Any, ...]],
    t_aid: int,
    who: str,
    source: str,
) -> None:
    """Add the source's log entries the target lacks, as ``merged`` entries (never undone here:
    their span ids are the source's)."""
    for ident, (ts, kind, ops, inverse, keys, seconds) in s_hist.items():
        if ident in t_hist:
            continue
        rec = {"id": ident, "kind": kind, "ops": ops, "inverse": inverse, "source": source}
        c.execute(
            "INSERT INTO actions(ts, article_id, kind, ops, inverse, annotator, keys, seconds)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (ts, t_aid, "merged", json.dumps(rec, ensure_ascii=False), "[]", who, keys, seconds),
        )


def _clear(c: sqlite3.Connection, aid: int, who: str) -> None:
    for table in ("spans", "annotator_status", "annotator_tags", "annotator_notes"):
        c.execute(f"DELETE FROM {table} WHERE article_id = ? AND annotator = ?", (aid, who))


def _rename(c: sqlite3.Connection, aid: int, who: str, to: str) -> None:
    """Move the target's own version of ``who`` to the name ``to`` (a conflict's loser)."""
    _clear(c, aid, to)
    for table in ("spans", "annotator_status", "annotator_tags", "annotator_notes"):
        c.execute(
            f"UPDATE {table} SET annotator = ? WHERE article_id = ? AND annotator = ?",
            (to, aid, who),
        )


def _write(
    c: sqlite3.Connection, s: sqlite3.Connection, s_aid: int, t_aid: int, who: str, as_name: str
) -> None:
    """Replace ``as_name``'s version in the target by ``who``'s version in the source, times kept."""
    _clear(c, t_aid, as_name)
    for r in s.execute(
        f"SELECT {SPAN_COPY} FROM spans WHERE article_id = ? AND annotator = ?"
        ' ORDER BY start, "end", label',
        (s_aid, who),
    ).fetchall():
        c.execute(
            f"INSERT INTO spans(article_id, {SPAN_COPY}) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (t_aid, r[0], r[1], r[2], r[3], as_name, r[5], r[6], r[7], r[8]),
        )
    for status, ts in s.execute(
        "SELECT status, updated_at FROM annotator_status WHERE article_id = ? AND annotator = ?",
        (s_aid, who),
    ).fetchall():
        c.execute(
            "INSERT INTO annotator_status(article_id, annotator, status, updated_at) VALUES (?,?,?,?)",
            (t_aid, as_name, status, ts),
        )
    for (tag,) in s.execute(
        "SELECT tag FROM annotator_tags WHERE article_id = ? AND annotator = ?", (s_aid, who)
    ).fetchall():
        c.execute(
            "INSERT INTO annotator_tags(article_id, annotator, tag) VALUES (?,?,?)",
            (t_aid, as_name, tag),
        )
    for note, ts in s.execute(
        "SELECT note, updated_at FROM annotator_notes WHERE article_id = ? AND annotator = ?",
        (s_aid, who),
    ).fetchall():
        c.execute(
            "INSERT INTO annotator_notes(article_id, annotator, note, updated_at) VALUES (?,?,?,?)",
            (t_aid, as_name, note, ts),
        )


def _as_dict(v: team.Version) -> dict[str, Any]:
    return {
        "annotator": v.annotator,
        "spans": [list(x) for x in v.spans],
        "status": v.status,
        "tags": v.tags,
        "note": v.note,
    }


def _log(
    c: sqlite3.Connection,
    aid: int,
    who: str,
    source: str,
    before: team.Version,
    after: team.Version,
) -> None:
    """A ``merge`` action (not undoable: the versions before and after are in its ops)."""
    ops = [
        {
            "op": "merge",
            "article_id": aid,
            "annotator": who,
            "source": source,
            "before": _as_dict(before),
            "after": _as_dict(after),
        }
    ]
    c.execute(
        "INSERT INTO actions(ts, article_id, kind, ops, inverse, annotator) VALUES (?,?,?,?,?,?)",
        (now(), aid, "merge", json.dumps(ops, ensure_ascii=False), "[]", who),
    )


def snapshot(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """``{article hash: {annotator: version digest}}``: what tests compare between merges."""
    out: dict[str, dict[str, str]] = {}
    for aid, h in conn.execute("SELECT id, hash FROM articles"):
        out[h] = {who: v.digest() for who, v in team.versions(conn, aid).items() if not v.empty}
    return out
