"""Adjudication: the ``gold`` annotator, made from the team's versions, with who decided what.

- :func:`auto_adjudicate` (``newsmark adjudicate --auto``): on each article that at least two
  annotators marked done, every span all of them made (same start, end and label) becomes gold;
  when their versions are identical the gold article is done, otherwise it waits in the queue.
- :func:`accept_version`, :func:`accept_span`, :func:`reject_span` and :func:`finish`: the
  adjudicator's decisions (the CLI and the adjudication screen call them).
- :func:`queue`: the articles left to adjudicate, most disagreement first.
- :func:`select_spans`: whose spans an export takes (an annotator, ``gold`` or ``majority``).

Each decision is a row of ``gold_decisions`` (span, accept/reject, decided_by, how, the
annotators who had it) and the gold spans are ordinary spans of annotator ``gold``, written with
the store's own tag/delete (so the action log has them, under the adjudicator's name in
``decided_by``). UI-free: never imports Textual or Rich.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from . import team
from .store import Span, Store, StoreError, now

SpanKey = tuple[int, int, str]


def finishers(conn: sqlite3.Connection, article_id: int) -> list[str]:
    """Annotators (not gold, not a conflict copy) who marked the article done."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT annotator FROM annotator_status WHERE article_id = ? AND status = 'done'"
            " AND annotator != ? AND instr(annotator, '~') = 0 ORDER BY annotator",
            (article_id, team.GOLD),
        )
    ]


def _keys(conn: sqlite3.Connection, article_id: int, who: str) -> set[SpanKey]:
    return {
        (s, e, lb)
        for s, e, lb in conn.execute(
            'SELECT start, "end", label FROM spans WHERE article_id = ? AND annotator = ?',
            (article_id, who),
        )
    }


def _gold_store(store: Store) -> Store:
    """A second connection writing as ``gold`` (the adjudicator's name goes in decided_by)."""
    g = Store(store.path, annotator=team.GOLD, create=False)
    if g.setting("team_mode", "0") != "1":
        team.set_team_mode(g, True)
    return g


def _decide(
    g: Store,
    article_id: int,
    key: SpanKey,
    decision: str,
    by: str,
    how: str,
    sources: Sequence[str],
) -> None:
    s, e, lb = key
    with g.transaction() as c:
        c.execute(
            'INSERT INTO gold_decisions(article_id, start, "end", label, decision, decided_by, how, sources,'
            " created_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (article_id, s, e, lb, decision, by, how, json.dumps(sorted(sources)), now()),
        )


def _add_gold(g: Store, article_id: int, key: SpanKey) -> None:
    s, e, lb = key
    if key not in _keys(g.conn, article_id, team.GOLD):
        g.tag(article_id, s, e, lb, origin="manual", how="adjudicated")


@dataclass
class AutoResult:
    articles: int = 0  # articles with at least two finishers
    agreed: int = 0  # whose versions were identical: gold done
    spans: int = 0  # gold spans made
    left: int = 0  # articles still to adjudicate


def auto_adjudicate(store: Store) -> AutoResult:
    """Gold := the spans all finishers of an article agree on. Idempotent; an article whose gold
    is already done is left alone."""
    res = AutoResult()
    ids = [
        r[0]
        for r in store.execute(
            "SELECT article_id FROM annotator_status WHERE status = 'done' AND annotator != ?"
            " AND instr(annotator, '~') = 0 GROUP BY article_id HAVING count(*) >= 2 ORDER BY article_id",
            (team.GOLD,),
        )
    ]
    if not ids:
        return res
    g = _gold_store(store)
    try:
        for aid in ids:
            res.articles += 1
            if team.status_of(g.conn, aid, team.GOLD) == "done":
                continue
            names = finishers(g.conn, aid)
            sets = [_keys(g.conn, aid, n) for n in names]
            common = set.intersection(*sets)
            have = _keys(g.conn, aid, team.GOLD)
            decided = {
                (s, e, lb)
                for s, e, lb in g.execute(
                    'SELECT start, "end", label FROM gold_decisions WHERE article_id = ?', (aid,)
                )
            }
            for key in sorted(common - have - decided):
                _add_gold(g, aid, key)
                _decide(g, aid, key, "accept", store.annotator, "auto", names)
                res.spans += 1
            if all(s == sets[0] for s in sets):
                g.set_status(aid, "done")
                res.agreed += 1
            else:
                if team.status_of(g.conn, aid, team.GOLD) == "new":
                    g.set_status(aid, "in_progress")
                res.left += 1
    finally:
        g.close()
    return res


def disputed(conn: sqlite3.Connection, article_id: int) -> list[tuple[SpanKey, list[str]]]:
    """Spans some finishers made and others did not, not yet decided: ``(span, who made it)``."""
    names = finishers(conn, article_id)
    by: dict[SpanKey, list[str]] = {}
    for n in names:
        for k in _keys(conn, article_id, n):
            by.setdefault(k, []).append(n)
    decided = {
        (s, e, lb)
        for s, e, lb in conn.execute(
            'SELECT start, "end", label FROM gold_decisions WHERE article_id = ?', (article_id,)
        )
    }
    return sorted((k, who) for k, who in by.items() if len(who) < len(names) and k not in decided)


def queue(conn: sqlite3.Connection) -> list[tuple[int, float]]:
    """Articles to adjudicate (at least two finishers, gold not done), lowest agreement first:
    ``(article id, mean pairwise exact-span F1)``."""
    from .agreement import article_agreement

    rows = conn.execute(
        "SELECT article_id FROM annotator_status WHERE status = 'done' AND annotator != ?"
        " AND instr(annotator, '~') = 0 GROUP BY article_id HAVING count(*) >= 2",
        (team.GOLD,),
    ).fetchall()
    out = []
    for (aid,) in rows:
        if team.status_of(conn, aid, team.GOLD) == "done":
            continue
        f1 = article_agreement(conn, aid, finishers(conn, aid))
        out.append((aid, 1.0 if f1 is None else f1))
    return sorted(out, key=lambda x: (x[1], x[0]))


def accept_version(store: Store, article_id: int, who: str) -> int:
    """Gold := ``who``'s spans on the article (the others' are rejected); returns gold spans."""
    names = finishers(store.conn, article_id) or [who]
    theirs = _keys(store.conn, article_id, who)
    if not theirs and who not in names:
        raise StoreError(f"article {article_id}: {who!r} has no version to accept")
    g = _gold_store(store)
    try:
        for s, e, lb, sid in g.execute(
            'SELECT start, "end", label, id FROM spans WHERE article_id = ? AND annotator = ?',
            (article_id, team.GOLD),
        ).fetchall():
            if (s, e, lb) not in theirs:
                g.delete_span(sid)
        for key in sorted(theirs):
            _add_gold(g, article_id, key)
        others = set().union(*(_keys(g.conn, article_id, n) for n in names)) if names else set()
        for key in sorted(theirs | others):
            had = [n for n in names if key in _keys(g.conn, article_id, n)]
            _decide(
                g,
                article_id,
                key,
                "accept" if key in theirs else "reject",
                store.annotator,
                f"version:{who}",
                had,
            )
        g.set_status(article_id, "done")
    finally:
        g.close()
    return len(theirs)


def accept_span(store: Store, article_id: int, key: SpanKey) -> None:
    g = _gold_store(store)
    try:
        _add_gold(g, article_id, key)
        had = [n for n in finishers(g.conn, article_id) if key in _keys(g.conn, article_id, n)]
        _decide(g, article_id, key, "accept", store.annotator, "span", had)
    finally:
        g.close()


def reject_span(store: Store, article_id: int, key: SpanKey) -> None:
    g = _gold_store(store)
    try:
        for (sid,) in g.execute(
            "SELECT id FROM spans WHERE article_id = ? AND annotator = ? AND start = ?"
            ' AND "end" = ? AND label = ?',
            (article_id, team.GOLD, *key),
        ).fetchall():
            g.delete_span(sid)
        had = [n for n in finishers(g.conn, article_id) if key in _keys(g.conn, article_id, n)]
        _decide(g, article_id, key, "reject", store.annotator, "span", had)
    finally:
        g.close()


def finish(store: Store, article_id: int) -> None:
    """Mark the gold version of the article done."""
    g = _gold_store(store)
    try:
        g.set_status(article_id, "done")
    finally:
        g.close()


def majority(conn: sqlite3.Connection, article_id: int) -> set[SpanKey]:
    """Spans more than half of the article's finishers made."""
    names = finishers(conn, article_id)
    counts: dict[SpanKey, int] = {}
    for n in names:
        for k in _keys(conn, article_id, n):
            counts[k] = counts.get(k, 0) + 1
    return {k for k, c in counts.items() if c * 2 > len(names)}


def select_spans(store: Store, article_id: int, spans: list[Span], who: str | None) -> list[Span]:
    """The spans an export takes: all (``None``), one annotator's, ``gold``'s, or ``majority``
    (spans made by more than half of the finishers, as annotator ``majority``)."""
    if who is None:
        return spans
    if who == "majority":
        keep = majority(store.conn, article_id)
        out: dict[SpanKey, Span] = {}
        for sp in spans:
            k = (sp.start, sp.end, sp.label)
            if k in keep and k not in out:
                out[k] = Span(**{**sp.as_dict(), "annotator": "majority"})
        return sorted(out.values(), key=lambda s: (s.start, s.end, s.label))
    return [sp for sp in spans if sp.annotator == who]


def gold_keys(conn: sqlite3.Connection, article_id: int) -> set[SpanKey]:
    return _keys(conn, article_id, team.GOLD)


def record_edits(store: Store, article_id: int, before: set[SpanKey]) -> int:
    """Decisions for the gold spans the adjudicator added or removed by editing in the reader
    (``how = 'edit'``); returns how many."""
    after = gold_keys(store.conn, article_id)
    names = finishers(store.conn, article_id)
    changes = [(k, "accept") for k in sorted(after - before)] + [
        (k, "reject") for k in sorted(before - after)
    ]
    if not changes:
        return 0
    with store.transaction() as c:
        for (s, e, lb), decision in changes:
            had = [n for n in names if (s, e, lb) in _keys(c, article_id, n)]
            c.execute(
                'INSERT INTO gold_decisions(article_id, start, "end", label, decision, decided_by, how,'
                " sources, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    article_id,
                    s,
                    e,
                    lb,
                    decision,
                    store.annotator,
                    "edit",
                    json.dumps(sorted(had)),
                    now(),
                ),
            )
    return len(changes)


# --- what the adjudication screen and `newsmark adjudicate` show, asked of a Store -------------


@dataclass
class Review:
    """One article as the adjudicator sees it: who finished it, their spans and the gold so far."""

    names: list[str]  # the annotators who finished it
    disputed: list[tuple[SpanKey, list[str]]]
    counts: dict[str, int]  # spans per annotator of ``names``
    marks: dict[SpanKey, list[str]]  # every span of ``names``, with who made it
    gold: set[SpanKey]
    gold_count: int  # gold's spans
    gold_status: str


def review(store: Store, article_id: int) -> Review:
    conn = store.conn
    names = finishers(conn, article_id)
    marks: dict[SpanKey, list[str]] = {}
    counts: dict[str, int] = {}
    for name in [*names, team.GOLD]:
        counts[name] = conn.execute(
            "SELECT count(*) FROM spans WHERE article_id = ? AND annotator = ?", (article_id, name)
        ).fetchone()[0]
    for name in names:
        for key in sorted(_keys(conn, article_id, name)):
            marks.setdefault(key, []).append(name)
    return Review(
        names,
        disputed(conn, article_id),
        counts,
        marks,
        gold_keys(conn, article_id),
        counts.pop(team.GOLD),
        team.status_of(conn, article_id, team.GOLD),
    )


def queue_in(store: Store) -> list[tuple[int, float]]:
    """:func:`queue` of the store's database."""
    return queue(store.conn)


def gold_keys_in(store: Store, article_id: int) -> set[SpanKey]:
    """:func:`gold_keys` of the store's database."""
    return gold_keys(store.conn, article_id)


def disputed_in(store: Store, article_id: int) -> list[tuple[SpanKey, list[str]]]:
    """:func:`disputed` of the store's database."""
    return disputed(store.conn, article_id)
