"""Normalisation: line breaks, invisible characters, terminal escapes and runs of spaces.

The only rewriting the cleaner ever does: letters and punctuation are never changed, so span
offsets into the cleaned text stay meaningful.
"""

from __future__ import annotations

import re
import unicodedata

# Terminal escape sequences: a scraped page pasted from a terminal, or a hostile page, must not be
# able to move the cursor or retitle the window when the TUI renders the text.
_ANSI_RE = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL / ST
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"  # 8-bit OSC
    r"|\x1b[@-Z\\-_]"  # other two-character escapes
)
# Line breaks other than "\n", once "\r\n" is replaced (a single character class: the regex
# engine scans for it fast).
_LONE_BREAK_RE = re.compile("[\r\x0b\x0c\x85\u2028]")
# Invisible characters removed: C0/C1 controls (tab and newline are handled separately), DEL,
# zero-width space, word joiner, BOM, soft hyphen, Mongolian vowel separator, LRM/RLM/ALM, bidi
# embeddings/overrides/isolates, invisible math operators, interlinear annotation marks.
# Kept on purpose: ZWJ U+200D (emoji sequences), ZWNJ U+200C (orthographic in Persian and Indic
# scripts), variation selectors and tag characters (emoji presentation, flags).
_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
# Every Unicode space separator (NBSP, narrow NBSP, em space, ideographic space...) and the tab
# become one ASCII space: offsets stay simple and a tab has no meaning in an article body.
_SPACES_RE = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# The same in two fast passes (a class of rare characters, then a literal): see _collapse_spaces.
_ODD_SPACE_RE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN_RE = re.compile("  +")
_BLANKS_RE = re.compile(r"\n{3,}")
_LINE_EDGE_RE = re.compile(" ?\n ?")


def _collapse_spaces(text: str) -> str:
    """``_SPACES_RE.sub(" ", text)``, several times faster.

    Turning every other space character into " " keeps each run a run; collapsing runs of " "
    then gives the same text. Both patterns let the regex engine skip ordinary characters (and
    single spaces) without trying a match at each one.
    """
    text = _ODD_SPACE_RE.sub(" ", text)
    return _SPACE_RUN_RE.sub(" ", text) if "  " in text else text


def _normalize_line(line: str) -> str:
    """Collapse spaces and strip one line that contains no line breaks any more."""
    if line.isascii() and "  " not in line and "\t" not in line:
        return line.strip()  # fast path: nothing for the regex to collapse
    return _collapse_spaces(line).strip()


def _prenormalize(text: str) -> str:
    """Everything of :func:`normalize` that keeps the lines and their inner spacing intact.

    The plain-text cleaner needs the raw spacing (headline tickers are often joined by runs of
    spaces) before it is collapsed.
    """
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ANSI_RE.sub("", text)
    text = _LONE_BREAK_RE.sub("\n", text.replace("\r\n", "\n")).replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    return _INVISIBLE_RE.sub("", text)


def normalize(text: str) -> str:
    """Return *text* in the canonical form that span offsets refer to.

    Line breaks of every kind become ``\\n`` (U+2029 PARAGRAPH SEPARATOR becomes a blank line),
    the text is NFC-composed, terminal escape sequences and invisible controls are removed (see
    ``_INVISIBLE_RE`` for what is kept and why), tabs and all Unicode spaces become single ASCII
    spaces, lines are stripped, runs of blank lines become exactly one blank line and leading /
    trailing blank lines go. Letters and punctuation are never rewritten, so the text a user sees
    is the text that was scraped. Idempotent: ``normalize(normalize(t)) == normalize(t)``.
    """
    # After _prenormalize and _collapse_spaces the only white space left is " " and "\n", each
    # run of spaces one space: stripping every line is taking one space from each side of each
    # line break, and from the two ends (a regex pass instead of a call per line).
    out = _LINE_EDGE_RE.sub("\n", _collapse_spaces(_prenormalize(text))).strip(" ")
    out = _BLANKS_RE.sub("\n\n", out)
    return out.strip("\n")
