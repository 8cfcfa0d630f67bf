"""Where each record of a JSON array starts, so that a problem names ``file:LINE``.

JSON Lines records are named by their line; the records of a JSON array (a Label Studio or
doccano JSON export, a plain ``[{"text": ...}]``) used to be named by their index
(``export.json:[7312]``), which no editor can jump to in a 50 MB pretty-printed export. Here the
array is scanned one element at a time with the decoder's scanner (what
:meth:`json.JSONDecoder.raw_decode` calls), which gives the character offset of each element's
first character (its opening brace), and the line is counted incrementally between one element
and the next: one pass over the text, no table of line starts; 8 bytes a record.

The values are then read by ``json.loads`` of the whole text, as before: parsed element by
element, every record would hold its own copy of each key (``"text"`` 600,000 times: +22 % memory
on a file of small records), while ``json.loads`` shares one across the file. The scan also
checks the syntax first, so a file that is not valid JSON is refused whole (nothing stored), with
the line and column of the fault and the record it breaks. Cost: the text is parsed twice
(22 MB Label Studio export: 0.16 s for ``json.loads``, 0.17 s for the scan).

Core module: no Textual, no Rich.
"""

from __future__ import annotations

import json
import re
from array import array
from json.scanner import make_scanner

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


def array_lines(text: str) -> array[int]:
    """The line (1-based) of the first character (a record's opening brace) of each element of
    the JSON array ``text``, as machine integers (8 bytes a record).

    Raises :class:`ArrayDecodeError` (the position of the fault, and its record) when ``text`` is
    not one JSON array, and :class:`RecordTooDeep` when an element is nested too deeply to
    parse."""
    pos = _skip(text, 0)
    if not text.startswith("[", pos):
        raise ArrayDecodeError(json.JSONDecodeError("Expecting '['", text, pos))
    lines = array("q")
    line, counted = 1, 0  # ``line`` is the line of offset ``counted``
    pos = _skip(text, pos + 1)
    if text.startswith("]", pos):
        return _end(text, pos + 1, lines)
    scan, count, ws = _SCAN, text.count, _WS.match
    while True:
        line += count("\n", counted, pos)
        counted = pos
        try:
            end = scan(text, pos)[1]  # the value is dropped at once: memory of one record
        except StopIteration as stop:  # no value here
            if text.startswith("]", pos):  # ``[{...},]``: no record, a comma too many
                fault = json.JSONDecodeError("Expecting a value after ','", text, pos)
                raise ArrayDecodeError(fault) from None
            fault = json.JSONDecodeError("Expecting value", text, stop.value)
            raise ArrayDecodeError(fault, len(lines) + 1, line) from None
        except json.JSONDecodeError as exc:
            raise ArrayDecodeError(exc, len(lines) + 1, line) from None
        except RecursionError:
            raise RecordTooDeep(line, len(lines) + 1) from None
        lines.append(line)
        if text.startswith(",", end):  # the usual case: a comma right after the record
            pos = end + 1
        else:
            pos = ws(text, end).end()  # type: ignore[union-attr]
            if text.startswith("]", pos):
                return _end(text, pos + 1, lines)
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


def _end(text: str, pos: int, lines: array[int]) -> array[int]:
    pos = _skip(text, pos)
    if pos != len(text):
        raise ArrayDecodeError(json.JSONDecodeError("Extra data", text, pos))
    return lines


def array_fault(exc: ArrayDecodeError) -> str:
    """``Expecting ',' delimiter at column 17, in record 3 (from line 12)``: the column finds the
    fault on a long minified line, the record says which one it breaks."""
    inside = f", in record {exc.number} (from line {exc.record_line})" if exc.number else ""
    return f"{exc.msg.removesuffix(' at')} at column {exc.colno}{inside}"
