"""The reader's key bindings, as one table (ids ``reader.*``).

Kept apart from the screen so the keys can be read (and reviewed) at a glance; the screen's
``action_*`` methods are what they call. Binding ids are the keymap's names for them: they never
change.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding, BindingType

from ..core.store import LABEL_KEYS


def _b(key: str, action: str, desc: str, id: str, show: bool = False, **kw: Any) -> Binding:
    return Binding(key, action, desc, show=show, id=f"reader.{id}", **kw)


#: Every binding of :class:`~tui.screens.reader.ReaderScreen`.
READER_BINDINGS: list[BindingType] = [
    # movement
    _b("right", "move('unit', 1)", "Next token", "next_token"),
    _b("left", "move('unit', -1)", "Previous token", "prev_token"),
    _b("ctrl+right,w", "move('word', 1)", "Next word", "next_word"),
    _b("ctrl+left,b", "move('word', -1)", "Previous word", "prev_word"),
    _b("down,j", "move('line', 1)", "Next line", "next_line"),
    _b("up,k", "move('line', -1)", "Previous line", "prev_line"),
    _b("pagedown", "move('page', 1)", "Page down", "page_down"),
    _b("pageup", "move('page', -1)", "Page up", "page_up"),
    _b(
        "right_curly_bracket,ctrl+down",
        "move('paragraph', 1)",
        "Next paragraph",
        "next_paragraph",
    ),
    _b(
        "left_curly_bracket,ctrl+up",
        "move('paragraph', -1)",
        "Previous paragraph",
        "prev_paragraph",
    ),
    _b("right_parenthesis", "move('sentence', 1)", "Next sentence", "next_sentence"),
    _b("left_parenthesis", "move('sentence', -1)", "Previous sentence", "prev_sentence"),
    _b("home", "move('home', 0)", "Line start", "line_start"),
    _b("end", "move('line_end', 0)", "Line end", "line_end"),
    _b("g,ctrl+home", "move('start', 0)", "Article start", "start"),
    _b("G,ctrl+end", "move('end', 0)", "Article end", "end"),
    # selection
    _b("shift+right", "extend('unit', 1)", "Extend selection", "extend_right"),
    _b("shift+left", "extend('unit', -1)", "Shrink selection", "extend_left"),
    _b("shift+down", "extend('line', 1)", "Extend a line down", "extend_down"),
    _b("shift+up", "extend('line', -1)", "Extend a line up", "extend_up"),
    _b("ctrl+shift+right", "extend('word', 1)", "Extend by word", "extend_word"),
    _b("ctrl+shift+left", "extend('word', -1)", "Shrink by word", "shrink_word"),
    _b("shift+end", "extend('line_end', 0)", "Extend to line end", "extend_line_end"),
    _b("shift+home", "extend('home', 0)", "Extend to line start", "extend_line_start"),
    _b(
        "less_than_sign",
        "left_edge(-1)",
        "Selection's left edge: take in the token before",
        "left_edge_grow",
        key_display="<",
    ),
    _b(
        "greater_than_sign",
        "left_edge(1)",
        "Selection's left edge: let go of the first token",
        "left_edge_shrink",
        key_display=">",
    ),
    _b("c", "char_mode", "Char mode", "char_mode"),
    _b("slash", "search", "Search", "search", show=True),
    _b("escape", "escape", "Clear / back", "escape"),
    # annotation
    *[_b(str(n), f"label({n})", f"Tag with label {n}", f"label_{n}") for n in range(1, 10)],
    # labels past nine: letters the reader leaves free (store.LABEL_KEYS)
    *[
        _b(k, f"label_key('{k}')", f"Tag with the label on {k}", f"label_{k}")
        for k in LABEL_KEYS[9:]
    ],
    _b("l", "pick_label", "Labels", "pick_label", show=True),
    _b("d,x,delete", "delete_span", "Delete span", "delete_span"),
    _b("u,ctrl+z", "undo", "Undo", "undo", show=True),
    _b("ctrl+r,ctrl+y", "redo", "Redo", "redo"),
    # article
    _b("a", "status('done')", "Done", "done", show=True),
    _b("K", "status('skipped')", "Skip", "skip"),
    _b("X", "status('rejected')", "Reject", "reject"),
    _b("n", "go(1)", "Next article", "next_article"),
    _b("p", "go(-1)", "Previous article", "prev_article"),
    _b("y", "copy", "Copy", "copy"),
    _b("Y", "copy_record", "Copy record", "copy_record"),
    _b("t", "tags", "Tags", "tags"),
    _b("m", "note", "Note", "note"),
    _b("L", "language", "Language", "language"),
    _b("r", "raw", "Raw", "raw", show=True),
    _b("s", "spans", "Spans", "spans", show=True),
    # annotating at the speed of reading
    _b(
        "right_square_bracket",
        "candidate(1)",
        "Candidate",
        "next_candidate",
        show=True,
        key_display="]",
    ),
    _b(
        "left_square_bracket",
        "candidate(-1)",
        "Previous candidate",
        "prev_candidate",
        key_display="[",
    ),
    _b("i", "ignore_form", "Ignore this form (session)", "ignore_form"),
    _b("o", "occurrences", "Tag other occurrences", "occurrences"),
    _b(
        "full_stop",
        "suggestion(1)",
        "Suggestion",
        "next_suggestion",
        show=True,
        key_display=".",
    ),
    _b("comma", "suggestion(-1)", "Previous suggestion", "prev_suggestion", key_display=","),
    _b("enter,equals_sign", "accept_suggestion", "Accept suggestion", "accept_suggestion"),
    _b("minus", "reject_suggestion", "Reject suggestion", "reject_suggestion", key_display="-"),
    _b(
        "plus",
        "accept_all_suggestions",
        "Accept all suggestions",
        "accept_all_suggestions",
        key_display="+",
    ),
    _b("M", "model_suggest('article')", "Suggest entities with spaCy", "model_suggest"),
    _b("O", "others", "The team's other spans (read-only)", "others"),
]
