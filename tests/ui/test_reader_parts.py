"""The reader's parts (mixins, one job each) keep out of Textual's way.

A mixin's method named like one of Textual's would replace it on the screen (as ``TextView._render``
once did, crashing ``ctrl+c``), and an ``@on`` handler in a mixin is never called (Textual collects
them only from a message pump's own class body): both would fail silently, so both are checked.
"""

from __future__ import annotations

from textual.screen import Screen

from tui.screens.reader import ReaderScreen

#: The classes the screen inherits from the reader's own modules (``reader_*.py``).
MIXINS = [
    c
    for c in ReaderScreen.__mro__
    if c.__module__.startswith("tui.") and c.__module__.rsplit(".", 1)[1].startswith("reader_")
]


def test_the_reader_is_made_of_its_parts() -> None:
    names = {c.__module__ for c in MIXINS}
    assert {
        "tui.screens.reader_search",
        "tui.screens.reader_copy",
        "tui.screens.reader_meta",
        "tui.screens.reader_suggestions",
        "tui.screens.reader_occurrences",
        "tui.screens.reader_model",
    } <= names


def test_no_part_redefines_a_textual_name() -> None:
    textual = set(dir(Screen))
    clashes = {
        c.__name__: sorted(n for n in vars(c) if not n.startswith("__") and n in textual)
        for c in MIXINS
    }
    assert all(not names for names in clashes.values()), clashes


def test_no_part_holds_a_message_handler_textual_would_ignore() -> None:
    ignored = [
        f"{c.__name__}.{n}" for c in MIXINS for n, v in vars(c).items() if hasattr(v, "_textual_on")
    ]
    assert ignored == []
