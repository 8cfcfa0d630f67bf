"""`newsmark reclean`: spans re-anchored to an improved cleaner's text, or the article refused and
listed; a user's language correction survives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import SEEDS

import tui.core.clean
from tui.core.store import Store, StoreError


@pytest.fixture
def annotated(cli, db_path: Path) -> Store:
    assert cli("--db", str(db_path), "import", str(SEEDS))[0] == 0
    s = Store(db_path)
    for aid in s.article_ids():
        text = s.require_article(aid).text
        for form, label in (("Microsoft", "ORG"), ("Brad Smith", "PER")):
            i = text.find(form)
            if i >= 0:
                s.tag(aid, i, i + len(form), label)
    return s


def improved(edit):  # type: ignore[no-untyped-def]
    real = tui.core.clean.clean_text

    def clean_text(raw: str, chrome: set[str] | None = None) -> tui.core.clean.Cleaned:
        c = real(raw, chrome=chrome)
        c.text = edit(c.text)
        return c

    return clean_text


def spans(db: Path) -> list[tuple]:
    return (
        sqlite3.connect(db)
        .execute(
            'SELECT s.article_id, s.label, s.text, substr(a.text, s.start + 1, s."end" - s.start)'
            " FROM spans s JOIN articles a ON a.id = s.article_id ORDER BY s.id"
        )
        .fetchall()
    )


def test_spans_follow_an_insertion(
    cli, db_path: Path, annotated: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = spans(db_path)
    old = {a: annotated.require_article(a).text for a in annotated.article_ids()}
    annotated.set_language(1, "fr")
    monkeypatch.setattr(tui.core.clean, "clean_text", improved(lambda t: "Dépêche.\n\n" + t))
    code, _, err = cli("--db", str(db_path), "reclean", "--all")
    assert code == 0, err
    assert "re-cleaned 2 article(s)" in err and "0 refused" in err
    after = spans(db_path)
    assert [(a, lb, t) for a, lb, t, _ in after] == [(a, lb, t) for a, lb, t, _ in before]
    assert all(t == covered for _, _, t, covered in after)  # offsets moved with the text
    for aid, text in old.items():
        assert annotated.require_article(aid).text == "Dépêche.\n\n" + text
    assert (
        annotated.require_article(1).lang == "fr" and annotated.require_article(1).lang_locked == 1
    )


def test_a_span_whose_text_is_gone_keeps_the_old_text(
    cli, db_path: Path, annotated: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = {a: annotated.require_article(a).text for a in annotated.article_ids()}
    before = spans(db_path)
    monkeypatch.setattr(
        tui.core.clean, "clean_text", improved(lambda t: t.replace("Brad Smith", "B. Smith"))
    )
    code, _, err = cli("--db", str(db_path), "reclean", "1", "2")
    assert code == 1
    assert "kept its old text" in err
    refused = [aid for aid in old if f"article {aid}: kept its old text" in err]
    assert refused  # at least one seed names Brad Smith
    for aid in refused:
        assert annotated.require_article(aid).text == old[aid]
    after = spans(db_path)
    assert len(after) == len(before)  # nothing dropped
    assert [s for s in after if s[0] in refused] == [s for s in before if s[0] in refused]
    assert all(t == covered for _, _, t, covered in after)


def test_reclean_needs_ids_or_all(cli, db_path: Path, annotated: Store) -> None:
    code, _, err = cli("--db", str(db_path), "reclean")
    assert code == 1 and "give article ids or --all" in err


# --- stored suggestions and rejections move with the text -----------------------------------


def pending(db: Path) -> tuple[list[tuple], list[tuple]]:
    """Every suggestion and rejection row, each with the text now under its offsets."""
    conn = sqlite3.connect(db)
    sugs = conn.execute(
        'SELECT s.id, s.article_id, s.start, s."end", s.label, s.text, substr(a.text, s.start + 1, s."end" - s.start)'
        " FROM suggestions s JOIN articles a ON a.id = s.article_id ORDER BY s.id"
    ).fetchall()
    rejs = conn.execute(
        'SELECT r.article_id, r.start, r."end", r.label, r.form, r.kind,'
        ' substr(a.text, r.start + 1, r."end" - r.start) FROM rejections r JOIN articles a ON a.id = r.article_id'
        " ORDER BY r.article_id, r.label, r.form"
    ).fetchall()
    conn.close()
    return sugs, rejs


def at(store: Store, aid: int, form: str) -> tuple[int, int]:
    i = store.require_article(aid).text.index(form)
    return i, i + len(form)


@pytest.fixture
def reviewed(annotated: Store) -> Store:
    """Both seeds with a model's suggestions (Fumio Kishida PER, Washington LOC), the Washington
    one rejected in review, and Washington and Fumio Kishida rejected as ORG occurrences."""
    from tui.core.assist import suggest

    for aid in annotated.article_ids():
        items = [
            (*at(annotated, aid, form), label)
            for form, label in (("Fumio Kishida", "PER"), ("Washington", "LOC"))
        ]
        assert (
            annotated.replace_suggestions(aid, items, origin="model", model="fr_core_news_sm") == 2
        )
        (washington,) = [
            sg for sg in suggest.article_suggestions(annotated, aid) if sg.text == "Washington"
        ]
        suggest.reject_suggestion(annotated, aid, washington, keys=2, seconds=1.0)
        for form in ("Washington", "Fumio Kishida"):
            for occ in suggest.occurrences(annotated, form, "ORG", aid):
                suggest.reject_occurrence(annotated, occ, "ORG")
    return annotated


def test_suggestions_and_rejections_move_with_the_text(
    cli, db_path: Path, reviewed: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    sugs_before, rejs_before = pending(db_path)
    assert len(sugs_before) == 4 and len(rejs_before) == 6
    monkeypatch.setattr(
        tui.core.clean,
        "clean_text",
        improved(lambda t: "Dépêche.\n\n" + t.replace("Fumio Kishida", "F. Kishida")),
    )
    code, _, err = cli("--db", str(db_path), "reclean", "--all")
    assert code == 0, err
    assert "re-cleaned 2 article(s)" in err and "0 refused" in err
    assert "2 suggestion(s) and 4 rejection(s) moved" in err
    assert "2 suggestion(s) and 2 rejection(s) dropped (their text is gone)" in err

    sugs, rejs = pending(db_path)
    # Washington survives, under the same id; Fumio Kishida is gone
    assert [(sid, aid, label, text) for sid, aid, _, _, label, text, _ in sugs] == [
        (sid, aid, label, text)
        for sid, aid, _, _, label, text, _ in sugs_before
        if text == "Washington"
    ]
    assert [(aid, label, form, kind) for aid, _, _, label, form, kind, _ in rejs] == [
        (aid, label, form, kind)
        for aid, _, _, label, form, kind, _ in rejs_before
        if form == "Washington"
    ]
    # ... at its new place (the text gained a 10-character prefix before it), covering its own text
    kept = [(s[1], s[2], s[3], s[6]) for s in sugs] + [(r[0], r[1], r[2], r[6]) for r in rejs]
    old_starts = [s[2] for s in sugs_before if s[5] == "Washington"] + [
        r[1] for r in rejs_before if r[4] == "Washington"
    ]
    for (aid, start, end, covered), old_start in zip(kept, old_starts, strict=True):
        assert covered == "Washington"
        assert (start, end) == at(reviewed, aid, "Washington")
        assert start != old_start
    # what the reader offers is still right: no rejected Washington, no stale Fumio Kishida
    from tui.core.assist import suggest

    for aid in reviewed.article_ids():
        assert [sg.text for sg in suggest.article_suggestions(reviewed, aid)] == []
        assert {(s, e, lb) for _, s, e, lb in reviewed.rejections(aid)} == {
            (*at(reviewed, aid, "Washington"), "LOC"),
            (*at(reviewed, aid, "Washington"), "ORG"),
        }


def test_a_refused_article_keeps_its_suggestions_and_rejections(
    cli, db_path: Path, reviewed: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    reviewed.tag(1, *at(reviewed, 1, "Joe Biden"), "PER")  # only the first seed names him
    old = {a: reviewed.require_article(a).text for a in reviewed.article_ids()}
    sugs_before, rejs_before = pending(db_path)
    monkeypatch.setattr(
        tui.core.clean,
        "clean_text",
        improved(
            lambda t: (
                "Dépêche.\n\n"
                + t.replace("Joe Biden", "J. Biden").replace("Fumio Kishida", "F. Kishida")
            )
        ),
    )
    code, _, err = cli("--db", str(db_path), "reclean", "--all")
    assert code == 1
    assert (
        "re-cleaned 1 article(s)" in err
        and "1 refused" in err
        and "article 1: kept its old text" in err
    )
    assert "1 suggestion(s) and 2 rejection(s) moved" in err
    assert "1 suggestion(s) and 1 rejection(s) dropped" in err
    assert reviewed.require_article(1).text == old[1]
    assert reviewed.require_article(2).text != old[2]
    sugs, rejs = pending(db_path)
    # article 1: every row exactly as it was, Fumio Kishida included
    assert [s for s in sugs if s[1] == 1] == [s for s in sugs_before if s[1] == 1]
    assert [r for r in rejs if r[0] == 1] == [r for r in rejs_before if r[0] == 1]
    # article 2: moved or dropped, every kept row covering its own text
    assert [s[5] for s in sugs if s[1] == 2] == ["Washington"]
    assert [r[4] for r in rejs if r[0] == 2] == ["Washington", "Washington"]
    assert all(s[5] == s[6] for s in sugs) and all(r[4] == r[6] for r in rejs)


def test_a_suggestion_already_stale_before_the_reclean_is_dropped(
    cli, db_path: Path, reviewed: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row that did not match the old text (written by another program) cannot be placed."""
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "UPDATE suggestions SET start = start + 1 WHERE article_id = 2 AND text = 'Washington'"
        )
    conn.close()
    monkeypatch.setattr(tui.core.clean, "clean_text", improved(lambda t: "Dépêche.\n\n" + t))
    code, _, err = cli("--db", str(db_path), "reclean", "2")
    assert code == 0, err
    assert "1 suggestion(s) and 0 rejection(s) dropped" in err
    sugs, rejs = pending(db_path)
    assert [(s[1], s[5]) for s in sugs if s[1] == 2] == [(2, "Fumio Kishida")]
    assert all(s[5] == s[6] for s in sugs if s[1] == 2) and all(r[4] == r[6] for r in rejs)


def test_undo_after_a_reclean_puts_spans_where_their_text_now_is(
    cli, db_path: Path, annotated: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = annotated.require_article(2).text
    first = next(s for s in annotated.spans(2) if s.label == "ORG")
    annotated.delete_span(first.id)  # logged with its old offsets
    monkeypatch.setattr(tui.core.clean, "clean_text", improved(lambda t: "Dépêche.\n\n" + t))
    code, _, err = cli("--db", str(db_path), "reclean", "--all")
    assert code == 0, err
    assert "undo history" not in err
    undone = annotated.undo()
    assert undone is not None and undone["kind"] == "delete"
    back = next(s for s in annotated.spans(2) if s.id == first.id)
    new_text = annotated.require_article(2).text
    assert new_text == "Dépêche.\n\n" + text
    assert (back.start, back.end) == (
        first.start + len("Dépêche.\n\n"),
        first.end + len("Dépêche.\n\n"),
    )
    assert new_text[back.start : back.end] == back.text == first.text
    annotated.redo()  # the delete again, at the moved offsets
    assert first.id not in {s.id for s in annotated.spans(2)}


def test_a_logged_span_whose_text_is_gone_is_refused_on_undo(
    cli, db_path: Path, annotated: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = next(s for s in annotated.spans(2) if s.text == "Brad Smith")
    annotated.delete_span(victim.id)
    monkeypatch.setattr(
        tui.core.clean, "clean_text", improved(lambda t: t.replace("Brad Smith", "B. Smith"))
    )
    code, _, err = cli("--db", str(db_path), "reclean", "2")
    assert code == 0, err  # no live span covers the changed text: the article is re-cleaned
    assert "1 span(s) in the undo history are not in the new text" in err
    with pytest.raises(StoreError, match="cannot undo"):
        annotated.undo()
    assert victim.id not in {s.id for s in annotated.spans(2)}
