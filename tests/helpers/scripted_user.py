"""The scripted annotator of the speed measurement, shared by tests/core/test_speed_stats.py (on
the seeds and on news written for the tests) and bench/annotation_speed.py (on dev-set pages).

The scripted user works at the core level and counts keys as the reader will: a candidate jump
is one key, each extend/shrink of an edge one key, a label one key; after a tag, one key offers
the other occurrences in the article and one accepts them all; opening an article, one key
accepts all dictionary suggestions (a wrong one costs a jump and a reject first). A false
candidate costs its jump; the second time the same false form comes up the user presses
"ignore this form" (one key) and it is skipped from then on.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.assist.candidates import candidate_range, candidates, next_candidate
from tui.core.assist.suggest import (
    Dictionary,
    accept_all,
    accept_occurrences,
    article_suggestions,
    next_suggestion,
    occurrences,
    reject_occurrence,
    reject_suggestion,
)
from tui.core.store import Store
from tui.core.tokens import token_bounds


def read_gold(*files: Path) -> dict[str, list[dict[str, Any]]]:
    """Hand-made gold, by article hash (of the cleaned text as stored after import)."""
    recs = [
        json.loads(x)
        for f in files
        for x in f.read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    return {r["hash"]: r["spans"] for r in recs}


class User:
    """A scripted annotator with a key counter (keys since the previous action)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.keys = 0
        self.missed = 0
        self.wasted = 0  # jumps to false candidates (and "ignore this form" keys)

    def spend(self, n: int = 1) -> None:
        self.keys += n

    def take(self) -> int:
        k, self.keys = self.keys + 1, 0  # + the key that commits the action
        return k

    def annotate(self, aid: int, gold: list[dict[str, Any]], dictionary: Dictionary) -> None:
        store = self.store
        art = store.require_article(aid)
        text, lang = art.text, art.lang
        want = {(g["start"], g["end"], g["label"]) for g in gold}
        # 1. dictionary suggestions: reject the wrong ones, accept the rest at once
        sugs = article_suggestions(store, aid, dictionary)
        pos = -1
        for sg in sugs:
            if (sg.start, sg.end, sg.label) not in want:
                i = next_suggestion(sugs, pos, 1)
                while i is not None and sugs[i].start < sg.start:  # jump to it
                    self.spend()
                    i = next_suggestion(sugs, sugs[i].start, 1)
                self.spend()
                reject_suggestion(store, aid, sg, keys=self.take())
                dictionary.reject(sg.text, sg.label)
                pos = sg.start
        good = [sg for sg in sugs if (sg.start, sg.end, sg.label) in want]
        if good:
            accept_all(store, aid, good, keys=self.take())
            for sg in good:
                dictionary.add(sg.text, sg.label)
        # 2. candidate jumps over what is left
        st, en = token_bounds(text, lang)
        st_l, en_l = list(st), list(en)
        bounds = set(st_l) | set(en_l)
        spans = store.spans(aid)
        cands = candidates(
            text, st_l, en_l, spans, dictionary.matches(text, spans), lang, char_ranges=True
        )
        tagged = {(s.start, s.end) for s in spans}
        ignored: set[str] = set()
        wasted: Counter[str] = Counter()

        def covered(c: tuple[int, int]) -> bool:
            s, e = candidate_range(c, st_l, en_l)
            return text[s:e] in ignored or any(a < e and s < b for a, b in tagged)

        cursor = -1
        while True:
            c = next_candidate(cands, cursor, 1, skip=covered)
            if c is None:
                break
            self.spend()  # the jump
            cursor = c[0]
            cs, ce = candidate_range(c, st_l, en_l)
            g = next(
                (
                    (s, e, lb)
                    for s, e, lb in sorted(want)
                    if s < ce and cs < e and (s, e) not in tagged
                ),
                None,
            )
            if g is None:
                form = text[cs:ce]
                wasted[form] += 1
                self.wasted += 1
                if wasted[form] >= 2:
                    self.spend()  # "ignore this form"
                    self.wasted += 1
                    ignored.add(form)
                continue
            gs, ge, label = g
            t1 = bisect.bisect_right(st_l, ge - 1) - 1  # the token holding the last character
            how = "candidate"
            if (cs, ce) != (gs, ge):
                if gs in bounds and ge in bounds:
                    t0 = bisect.bisect_left(st_l, gs)
                    self.spend(abs(t0 - c[0]) + abs(t1 - c[1]))  # extend / shrink the edges
                else:  # an edge inside a token: the user selects it by hand
                    self.spend(3)
                    self.missed += 1
                    how = "typed"
            self.tag_and_offer(aid, gs, ge, label, how, want, tagged, dictionary)
            cursor = max(cursor, t1)
        # 3. whatever no candidate reached is typed by hand: move, select, label (counted as 4),
        # then its other occurrences are offered as after any tag
        for s, e, label in sorted(want):
            if (s, e) not in tagged and not any(a < e and s < b for a, b in tagged):
                self.missed += 1
                self.spend(3)
                self.tag_and_offer(aid, s, e, label, "typed", want, tagged, dictionary)

    def tag_and_offer(
        self,
        aid: int,
        start: int,
        end: int,
        label: str,
        how: str,
        want: set[tuple[int, int, str]],
        tagged: set[tuple[int, int]],
        dictionary: Dictionary,
    ) -> None:
        """Tag, then (one key) offer the other occurrences: all accepted with one key when all
        are right, else reviewed one key each."""
        store = self.store
        sp = store.tag(aid, start, end, label, how=how, keys=self.take())
        tagged.add((start, end))
        dictionary.add(sp.text, label)
        occs = occurrences(store, sp.text, label, aid)
        if not occs:
            return
        self.spend()  # offer the other occurrences
        ok = [o for o in occs if (o.start, o.end, label) in want]
        if len(ok) < len(occs):
            for o in occs:  # review one by one: one key each
                self.spend()
                if (o.start, o.end, label) in want:
                    accept_occurrences(store, [o], label, keys=self.take())
                else:
                    reject_occurrence(store, o, label, keys=self.take())
        else:
            accept_occurrences(store, ok, label, keys=self.take())
        tagged.update((o.start, o.end) for o in ok)


@dataclass
class Run:
    """What one scripted run over a store's articles cost."""

    entities: int  # in the gold
    keys: int  # recorded by the store, plus jumps wasted after the last entity
    wasted: int
    missed: int
    by_how: dict[str, dict[str, Any]]
    exact: bool  # the stored spans equal the gold, span for span

    @property
    def keys_per_entity(self) -> float:
        return self.keys / self.entities


def run_user(store: Store, gold: dict[str, list[dict[str, Any]]]) -> Run:
    """Annotate every article of ``store`` (already imported, each in ``gold`` by its hash) as the
    scripted user, and say what it cost and whether the result is exactly the gold."""
    user = User(store)
    dictionary = Dictionary.load(store)
    ids = store.article_ids()
    hashes = {store.require_article(i).hash for i in ids}
    if hashes != set(gold):
        raise ValueError(f"articles and gold differ: {sorted(hashes ^ set(gold))}")
    for aid in ids:
        user.annotate(aid, gold[store.require_article(aid).hash], dictionary)
    exact = True
    for aid in ids:
        art = store.require_article(aid)
        got = [(s.start, s.end, s.label, s.text) for s in store.spans(aid)]
        want = [(g["start"], g["end"], g["label"], g["text"]) for g in gold[art.hash]]
        exact = exact and got == want and all(art.text[s:e] == t for s, e, _, t in got)
    st = store.speed_stats()
    return Run(
        entities=sum(len(v) for v in gold.values()),
        keys=st["keys"] + user.keys,
        wasted=user.wasted,
        missed=user.missed,
        by_how=st["by_how"],
        exact=exact,
    )
