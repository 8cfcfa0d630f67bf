"""Stored strings made safe to write to a terminal, by escaping what a terminal would obey.

Everything newsmark stores came from files nobody here wrote: a title, a tag, a label name or a
file name may carry ESC sequences (OSC 52 writes the clipboard, OSC 0 the window title, CSI 2J
clears the screen), 8-bit C1 controls (U+009B is a CSI on many terminals), bidi overrides that
reorder what the user reads (U+202E), or a newline that forges a second message line. Here each of
those characters becomes its visible escape (``\\x1b``, ``\\x9b``, ``\\u202e``, ``\\n``): the text
stays readable and diffable, and nothing in it acts on the terminal.

Used by every CLI output line (:mod:`tui.cli`) and by the app's text prompts, whose input fields
would otherwise hold the raw string. Unlike ``tui.widgets.safe`` (which drops sequences whole for
the app's drawn rows) this keeps every character visible, and it imports neither Textual nor Rich.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["terminal_line", "terminal_text", "json_for_terminal", "TerminalWriter", "UNSAFE"]

#: C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates, the
#: Arabic letter mark, and the Unicode line/paragraph separators (a second line on some terminals).
_BASE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
UNSAFE = re.compile(f"[{_BASE}\n]")
_UNSAFE_MULTI = re.compile(f"[{_BASE}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def terminal_line(s: object) -> str:
    """One line for a terminal: every control, bidi override and newline as its escape (a tab is
    harmless and kept: ``lang --jsonl`` prints id<TAB>code)."""
    text = s if isinstance(s, str) else str(s)
    return UNSAFE.sub(_escape, text)


def terminal_text(s: object) -> str:
    """Several lines for a terminal (a cleaned text): newlines and tabs kept, the rest escaped."""
    text = s if isinstance(s, str) else str(s)
    return _UNSAFE_MULTI.sub(_escape, text)


_JSON_UNSAFE = re.compile(f"[{_BASE}]")


def json_for_terminal(dumped: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with the characters JSON leaves raw
    (DEL, C1 controls, bidi overrides, U+2028/9) written as ``\\uXXXX``: the same JSON value,
    and nothing a terminal obeys. JSON escapes the other controls itself."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


class TerminalWriter:
    """A text stream for an export written to a terminal (``newsmark export -`` with nothing
    piped): every character a terminal would obey is written as ``\\uXXXX``, which JSON reads back
    as the same character and a person reads as what it is. Piped output is never wrapped."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, s: str) -> int:
        self._stream.write(json_for_terminal(s))
        return len(s)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding...
        return getattr(self._stream, name)
