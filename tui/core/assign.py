"""``newsmark assign``: who annotates what, deterministically and evenly.

The articles chosen by the filters are ordered by content hash (the same order in every copy of
the database, whatever the ids), and article *i* goes to annotators ``(i·k + j) mod n`` for
``j < k`` (``k`` = overlap, ``n`` = annotators). Each annotator then holds ``⌊N·k/n⌋`` or
``⌈N·k/n⌉`` articles, every article is held by exactly ``k`` different people, and the pairs
rotate so each pair shares about the same number of articles. Running it again with the same
inputs writes the same assignment. Each annotator's queue (``assignments.ord``) is the hash
order, which the library shows first.

UI-free: never imports Textual or Rich.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import team
from .store import Store, StoreError
from .team_tables import check_name


def plan(hashes: Sequence[str], names: Sequence[str], overlap: int) -> dict[str, list[str]]:
    """``{annotator: [article hash, ...]}`` in queue order."""
    n = len(names)
    if n == 0:
        raise StoreError("assign: name at least one annotator")
    if len(set(names)) != n:
        raise StoreError("assign: an annotator is named twice")
    if not 1 <= overlap <= n:
        raise StoreError(f"assign: --overlap must be between 1 and the number of annotators ({n})")
    out: dict[str, list[str]] = {name: [] for name in names}
    for i, h in enumerate(sorted(hashes)):
        for j in range(overlap):
            out[names[(i * overlap + j) % n]].append(h)
    return out


def assign(
    store: Store, article_ids: Sequence[int], names: Sequence[str], overlap: int
) -> dict[str, int]:
    """Write the assignment of ``article_ids`` (replacing theirs); returns articles per annotator."""
    for name in names:
        try:
            check_name(name)
        except ValueError as exc:
            raise StoreError(str(exc)) from None
        if name in team.RESERVED:
            raise StoreError(
                f"assign: {name!r} is reserved (gold, majority, all); choose another name"
            )
    hashes: dict[str, int] = {}
    for chunk_start in range(0, len(article_ids), 500):
        chunk = list(article_ids[chunk_start : chunk_start + 500])
        for aid, h in store.execute(
            f"SELECT id, hash FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ):
            hashes[h] = aid
    queues = plan(list(hashes), list(names), overlap)
    with store.transaction() as c:
        for aid in hashes.values():
            c.execute("DELETE FROM assignments WHERE article_id = ?", (aid,))
        for name, hs in queues.items():
            base = c.execute(
                "SELECT coalesce(max(ord), -1) + 1 FROM assignments WHERE annotator = ?", (name,)
            ).fetchone()[0]
            c.executemany(
                "INSERT INTO assignments(article_id, annotator, ord) VALUES (?, ?, ?)",
                [(hashes[h], name, base + k) for k, h in enumerate(hs)],
            )
    team.set_team_mode(store, True)
    return {name: len(hs) for name, hs in queues.items()}


def queue(store: Store, annotator: str) -> list[int]:
    """The annotator's assigned article ids, in queue order."""
    return [
        r[0]
        for r in store.execute(
            "SELECT article_id FROM assignments WHERE annotator = ? ORDER BY ord, article_id",
            (annotator,),
        )
    ]


def queue_first(store: Store, ids: list[int]) -> list[int]:
    """``ids`` with the current annotator's assigned ones first (in queue order): the library's
    order on a team database. Unchanged when nothing is assigned to them."""
    mine = queue(store, store.annotator)
    if not mine:
        return ids
    present = set(ids)
    first = [i for i in mine if i in present]
    firsts = set(first)
    return first + [i for i in ids if i not in firsts]
