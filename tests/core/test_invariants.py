"""Property-based tests over random sequences of annotation actions on the store."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.store import NewArticle, Store, StoreError

TEXTS = [
    "Brad Smith a rencontré Fumio Kishida à Washington avec Joe Biden.",
    "👩‍🚒 Cook met Zoé\u0301 in Berlin; 日本 and Microsoft Research Asia.",
]
LABELS = ["PER", "ORG", "LOC", "MISC"]

action = st.one_of(
    st.tuples(
        st.just("tag"),
        st.integers(0, 1),
        st.integers(0, 70),
        st.integers(1, 12),
        st.sampled_from(LABELS),
    ),
    st.tuples(st.just("relabel"), st.integers(0, 50), st.sampled_from(LABELS)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(
        st.just("status"),
        st.integers(0, 1),
        st.sampled_from(["done", "skipped", "rejected", "in_progress"]),
    ),
    st.tuples(st.just("undo")),
    st.tuples(st.just("redo")),
)


def state(s: Store) -> tuple:
    spans = tuple(
        sorted(
            (sp.id, sp.article_id, sp.start, sp.end, sp.label, sp.text)
            for aid in (1, 2)
            for sp in s.spans(aid)
        )
    )
    statuses = tuple(s.require_article(a).status for a in (1, 2))
    return spans, statuses


def replay(actions: list[dict]) -> dict[int, tuple]:
    """Rebuild the spans from the action log alone."""
    spans: dict[int, tuple] = {}
    for a in actions:
        for op in a["ops"]:
            if op["op"] == "insert":
                sp = op["span"]
                spans[sp["id"]] = (
                    sp["id"],
                    sp["article_id"],
                    sp["start"],
                    sp["end"],
                    sp["label"],
                    sp["text"],
                )
            elif op["op"] == "delete":
                spans.pop(op["span"]["id"], None)
            elif op["op"] == "update":
                sp = op["after"]
                old = spans[sp["id"]]
                spans[sp["id"]] = (*old[:4], sp["label"], old[5])
    return spans


def apply(s: Store, act: tuple) -> None:
    kind = act[0]
    try:
        if kind == "tag":
            _, art, start, length, label = act
            text = TEXTS[art]
            start = min(start, len(text) - 1)
            s.tag(art + 1, start, min(len(text), start + length), label)
        elif kind in ("relabel", "delete"):
            spans = [sp for aid in (1, 2) for sp in s.spans(aid)]
            if spans:
                sp = spans[act[1] % len(spans)]
                if kind == "relabel":
                    s.relabel(sp.id, act[2])
                else:
                    s.delete_span(sp.id)
        elif kind == "status":
            s.set_status(act[1] + 1, act[2])
        elif kind == "undo":
            s.undo()
        else:
            s.redo()
    except StoreError as exc:  # only a refusal of the contract is acceptable
        raise AssertionError(f"unexpected refusal: {exc}") from exc


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(action, min_size=1, max_size=30), st.booleans())
def test_random_action_sequences(actions: list[tuple], overlap: bool) -> None:
    with tempfile.TemporaryDirectory() as d:
        s = Store(Path(d) / "p.db")
        s.insert_articles([NewArticle(text=t, raw=t) for t in TEXTS])
        if overlap:
            s.set_setting("allow_overlap", "1")
        start = state(s)
        for act in actions:
            apply(s, act)
            for aid in (1, 2):
                text = TEXTS[aid - 1]
                spans = s.spans(aid)
                for sp in spans:
                    assert text[sp.start : sp.end] == sp.text
                if not overlap:
                    for a, b in zip(spans, spans[1:], strict=False):
                        assert a.end <= b.start, "overlap in NER mode"
        end = state(s)
        assert replay(s.actions()) == {sp[0]: sp for sp in end[0]}
        # a fresh process: undo everything, then redo everything
        s.close()
        s = Store(Path(d) / "p.db")
        undone = 0
        while s.undo() is not None:
            undone += 1
        assert state(s) == start
        for _ in range(undone):
            assert s.redo() is not None
        assert state(s) == end
        s.close()
