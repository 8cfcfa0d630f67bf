"""Make untrusted text (article text, titles, labels) safe to put on a terminal.

``safe_text`` removes C0/C1 control characters, ANSI/ESC sequences and bidi override/isolate
characters, and expands tabs. Newlines are kept unless ``keep_newlines=False``. Never parse the
result as Rich markup: wrap it in ``rich.text.Text`` (or a Segment / ``Content``).
"""

from __future__ import annotations

import re

__all__ = ["safe_text", "safe_line"]

# ESC sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL/ST), DCS/SOS/PM/APC (ESC P/X/^/_ ... ST),
# and two-character ESC sequences. Also their 8-bit C1 forms (CSI = U+009B, OSC = U+009D, ...).
_ESC_SEQ = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?             # CSI
    | (?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])      # OSC, DCS, SOS, PM, APC ...
      [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?        # ... up to BEL or ST (or end of string)
    | \x1b[ -/]*[0-~]?                             # other ESC sequences (ESC c, ESC ( B, ...)
    """,
    re.VERBOSE,
)
# C0 controls except \t and \n, DEL, C1 controls, bidi embeddings/overrides/isolates.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_NO_NL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe_text(s: str, *, tabsize: int = 4, keep_newlines: bool = True) -> str:
    """``s`` with escape sequences and control/bidi-override characters removed, tabs expanded.

    Newlines (``\\n``) are kept by default; ``\\r`` and other controls are dropped. With
    ``keep_newlines=False`` each newline becomes a space (for one-line displays).
    """
    if not s:
        return ""
    if not keep_newlines:
        s = s.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    s = _ESC_SEQ.sub("", s)
    s = (_CONTROLS if keep_newlines else _CONTROLS_NO_NL).sub("", s)
    if "\t" in s:
        s = s.expandtabs(tabsize)
    return s


def safe_line(s: str | None, *, tabsize: int = 4) -> str:
    """One display line: like ``safe_text`` with newlines and tabs as single spaces."""
    if not s:
        return ""
    return safe_text(s.replace("\t", " "), tabsize=tabsize, keep_newlines=False)
