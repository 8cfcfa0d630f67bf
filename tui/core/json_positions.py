"""Where each record of a JSON array starts, so that a problem names ``file:LINE``.

JSON Lines records are named by their line; the records of a JSON array (a Label Studio or
doccano JSON export, a plain ``[{"text": ...}]``) used to be named by their index
(``export.json:[7312]``), which no editor can jump to in a 50 MB pretty-printed export. Here the
array is parsed one element at a time with :meth:`json.JSONDecoder.raw_decode`, which gives the
character offset of each element's first character (its opening brace), and the line is counted
incrementally between one element and the next: one pass over the text, no table of line starts.

The whole array is still parsed before any record is handed on, as before: a file that is not
valid JSON is refused whole (nothing stored), with the line and column of the fault.

Core module: no Textual, no Rich.
"""

from __future__ import annotations

import json
import re
from json.scanner import make_scanner
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
_SPACE = frozenset(" \t\n\r")
#: What ``JSONDecoder.raw_decode`` calls (C), without its wrapper: the loop runs once a record.
_SCAN = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # typeshed: the C type


def record_where(where: str, line: int, number: int, what: str = "record") -> str:
    """``export.json:1841 (record 7312)``: the line an editor jumps to, and the record's number
    (1-based) in its file, which tells records apart on one line (a minified array)."""
    return f"{where}:{line} ({what} {number})"


class RecordTooDeep(ValueError):
    """A record nested too deeply for the parser (which recurses): the whole array is unreadable,
    but the message can still say which record it is."""

    def __init__(self, line: int, number: int) -> None:
        super().__init__(f"record {number} (line {line}) is nested too deeply to parse")
        self.line = line
        self.number = number


class ArrayDecodeError(json.JSONDecodeError):
    """Invalid JSON in an array, with the record the fault is in (``number`` 0: between records)
    and the line that record starts on."""

    def __init__(self, exc: json.JSONDecodeError, number: int = 0, line: int = 0) -> None:
        super().__init__(exc.msg, exc.doc, exc.pos)
        self.number = number
        self.record_line = line


def array_records(text: str) -> list[tuple[int, Any]]:
    """``(line, value)`` of each element of the JSON array ``text``, where ``line`` (1-based) is
    the line of the element's first character (the opening brace of a record).

    Raises :class:`ArrayDecodeError` (the position of the fault, and its record) when ``text`` is
    not one JSON array, and :class:`RecordTooDeep` when an element is nested too deeply to
    parse."""
    pos = _skip(text, 0)
    if not text.startswith("[", pos):
        raise ArrayDecodeError(json.JSONDecodeError("Expecting '['", text, pos))
    out: list[tuple[int, Any]] = []
    line, counted = 1, 0  # ``line`` is the line of offset ``counted``
    pos = _skip(text, pos + 1)
    if text.startswith("]", pos):
        return _end(text, pos + 1, out)
    scan, count, ws = _SCAN, text.count, _WS.match
    while True:
        line += count("\n", counted, pos)
        counted = pos
        try:
            value, end = scan(text, pos)
        except StopIteration as stop:  # no value here
            if text.startswith("]", pos):  # ``[{...},]``: no record, a comma too many
                fault = json.JSONDecodeError("Expecting a value after ','", text, pos)
                raise ArrayDecodeError(fault) from None
            fault = json.JSONDecodeError("Expecting value", text, stop.value)
            raise ArrayDecodeError(fault, len(out) + 1, line) from None
        except json.JSONDecodeError as exc:
            raise ArrayDecodeError(exc, len(out) + 1, line) from None
        except RecursionError:
            raise RecordTooDeep(line, len(out) + 1) from None
        out.append((line, value))
        if text.startswith(",", end):  # the usual case: a comma right after the record
            pos = end + 1
        else:
            pos = ws(text, end).end()  # type: ignore[union-attr]
            if text.startswith("]", pos):
                return _end(text, pos + 1, out)
            if not text.startswith(",", pos):
                fault = json.JSONDecodeError("Expecting ',' delimiter", text, pos)
                raise ArrayDecodeError(fault)
            pos += 1
        if text[pos : pos + 1] in _SPACE:
            pos = ws(text, pos).end()  # type: ignore[union-attr]


def _skip(text: str, pos: int) -> int:
    """The offset of the first character at or after ``pos`` that is not JSON whitespace."""
    m = _WS.match(text, pos)
    return m.end() if m else pos


def _end(text: str, pos: int, out: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    pos = _skip(text, pos)
    if pos != len(text):
        raise ArrayDecodeError(json.JSONDecodeError("Extra data", text, pos))
    return out


def array_fault(exc: ArrayDecodeError) -> str:
    """``Expecting ',' delimiter at column 17, in record 3 (from line 12)``: the column finds the
    fault on a long minified line, the record says which one it breaks."""
    inside = f", in record {exc.number} (from line {exc.record_line})" if exc.number else ""
    return f"{exc.msg.removesuffix(' at')} at column {exc.colno}{inside}"
