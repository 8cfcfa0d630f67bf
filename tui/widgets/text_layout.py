"""Text layout for the article view: wrapping text into visual lines, and how it looks on screen.

Pure functions over code-point offsets of the stored text (no widget, no Textual): ``wrap`` gives
the visual lines of a text at a width as ``(starts, ends)`` arrays, ``line_cells`` the cells of one
line. The display transform (tab expansion, control characters made visible but harmless, bidi
overrides dropped) is applied per grapheme, so it never shifts an offset that goes to the store.
Cell widths come from ``rich.cells``, which is why this lives beside the widget and not in
``tui.core``. Textual's TextArea keeps the same job in ``document/_wrapped_document.py``.
"""

from __future__ import annotations

import re
from array import array

import regex
from rich.cells import cell_len, get_character_cell_size

TAB_SIZE = 4

_GRAPHEME = regex.compile(r"\X")
# Characters that must not reach the terminal: C0 (but \t), DEL, C1, bidi embeddings/overrides/isolates.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SINGLE_RANGES = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482))
_SINGLE = frozenset(chr(c) for lo, hi in _SINGLE_RANGES for c in range(lo, hi + 1))
_is_simple = _SINGLE.issuperset
_CHUNK = re.compile(r"[ \t]+|[^ \t]+")
# East Asian wide scripts: a run of them may be broken between any two characters.
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def display_char(ch: str) -> str:
    """What one code point looks like on screen: controls as control pictures, bidi dropped."""
    o = ord(ch)
    if ch in _BIDI:
        return ""
    if o < 0x20:
        return chr(0x2400 + o)
    if o == 0x7F:
        return "\u2421"
    if 0x80 <= o <= 0x9F:
        return "\ufffd"
    return ch


def display_grapheme(g: str) -> str:
    if len(g) == 1:
        return display_char(g)
    if _UNSAFE.search(g):
        return "".join(display_char(c) for c in g)
    return g


def grapheme_cells(g: str) -> int:
    """Cell width of one grapheme (tabs excluded: their width depends on the column)."""
    if len(g) == 1:
        d = display_char(g)
        return get_character_cell_size(d) if d else 0
    return cell_len(display_grapheme(g))


def graphemes(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """``(offset, grapheme)`` for every grapheme of ``text[start:end]``."""
    return [(m.start(), m.group()) for m in _GRAPHEME.finditer(text, start, end)]


def line_cells(text: str, start: int, end: int) -> list[tuple[int, str, int]]:
    """``(offset, display, cells)`` per grapheme of one visual line, tabs expanded from column 0."""
    out: list[tuple[int, str, int]] = []
    col = 0
    seg = text[start:end]
    if _is_simple(seg):
        return [(start + i, ch, 1) for i, ch in enumerate(seg)]
    for off, g in graphemes(text, start, end):
        if g == "\t":
            w = TAB_SIZE - col % TAB_SIZE
            d = " " * w
        else:
            d = display_grapheme(g)
            w = grapheme_cells(g)
        out.append((off, d, w))
        col += w
    return out


def wrap(text: str, width: int, start: int = 0, end: int | None = None) -> tuple[array, array]:
    """Visual lines of ``text[start:end]`` at ``width`` cells, as starts and ends (code points).

    Paragraphs (``\\n``) always start a line; lines break after a space when they can, and a word
    longer than the width is cut at a grapheme boundary. The break space itself belongs to no line.
    """
    width = max(1, width)
    end = len(text) if end is None else end
    starts: array = array("l")
    ends: array = array("l")
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        pe = end if nl < 0 else nl
        _wrap_paragraph(text, pos, pe, width, starts, ends)
        if nl < 0:
            break
        pos = nl + 1
    return starts, ends


def _wrap_paragraph(text: str, ps: int, pe: int, width: int, starts: array, ends: array) -> None:
    if ps >= pe:
        starts.append(ps)
        ends.append(ps)
        return
    seg = text[ps:pe]
    n = pe - ps
    if _is_simple(seg):
        pos = 0
        added = False
        while n - pos > width:
            cut = seg.rfind(" ", pos, pos + width + 1)
            if cut > pos:
                starts.append(ps + pos)
                ends.append(ps + cut)
                pos = cut + 1
                while pos < n and seg[pos] == " ":
                    pos += 1
            else:
                starts.append(ps + pos)
                ends.append(ps + pos + width)
                pos += width
                while pos < n and seg[pos] == " ":
                    pos += 1
            added = True
        if pos < n or not added:
            starts.append(ps + pos)
            ends.append(pe)
        return
    if "\t" in seg or _UNSAFE.search(seg):
        _wrap_general(text, ps, pe, width, starts, ends)
    else:
        _wrap_cells(seg, ps, width, starts, ends)


def _wrap_cells(seg: str, ps: int, width: int, starts: array, ends: array) -> None:
    """Greedy wrapping of a paragraph with wide or zero-width characters (no tabs, no controls):
    a line is measured as a whole with ``cell_len``, so words are never walked one by one."""
    n = len(seg)
    pos = 0
    while pos < n:
        k = min(width, n - pos)
        c = cell_len(seg[pos : pos + k])
        while c > width and k > 1:  # too wide: wide characters
            k -= max(1, (c - width + 1) // 2)
            c = cell_len(seg[pos : pos + k])
        for _ in range(4):  # too narrow: zero-width characters (combining marks, joiners)
            if c >= width or pos + k >= n:
                break
            k2 = min(n - pos, k + width - c)
            c2 = cell_len(seg[pos : pos + k2])
            if c2 > width:
                break
            k, c = k2, c2
        if pos + k >= n:
            starts.append(ps + pos)
            ends.append(ps + n)
            return
        cut = seg.rfind(" ", pos, pos + k + 1)
        if cut > pos:
            end, nxt = cut, cut + 1
        else:
            # cut at the last grapheme boundary that fits (never inside e + U+0301 or an emoji)
            limit = pos + k
            end = pos
            for m in _GRAPHEME.finditer(seg, max(pos, limit - 24), min(n, limit + 1)):
                if m.end() <= limit:
                    end = m.end()
            if end <= pos:
                end = limit
            nxt = end
        starts.append(ps + pos)
        ends.append(ps + end)
        pos = nxt
        while pos < n and seg[pos] == " ":
            pos += 1


def _chunk_cells(chunk: str) -> int:
    if _is_simple(chunk):
        return len(chunk)
    if _UNSAFE.search(chunk) is None:
        return cell_len(chunk)
    return sum(grapheme_cells(m.group()) for m in _GRAPHEME.finditer(chunk))


def _wrap_general(text: str, ps: int, pe: int, width: int, starts: array, ends: array) -> None:
    """Word by word (graphemes only inside words that must be cut), with tab stops."""
    line_start = ps
    col = 0
    word_end = -1  # end of the last word on the current line
    added = False
    for m in _CHUNK.finditer(text, ps, pe):
        a, b = m.span()
        chunk = m.group()
        if chunk[0] == " " or chunk[0] == "\t":
            if a == line_start and added:
                line_start = b  # spaces at a wrapped line's start belong to no line
                continue
            w = 0
            for ch in chunk:
                w += TAB_SIZE - (col + w) % TAB_SIZE if ch == "\t" else 1
            if col + w > width:
                starts.append(line_start)
                ends.append(a)
                added = True
                line_start, col, word_end = b, 0, -1
            else:
                col += w
            continue
        w = _chunk_cells(chunk)
        if col + w <= width:
            col += w
            word_end = b
            continue
        if w <= width and word_end > line_start and not _WIDE.search(chunk):
            starts.append(line_start)
            ends.append(word_end)
            added = True
            line_start, col, word_end = a, w, b
            continue
        # Cut inside the word (longer than a line, or CJK that may break anywhere).
        for off, g in graphemes(text, a, b):
            gw = grapheme_cells(g)
            if col + gw > width and off > line_start:
                starts.append(line_start)
                ends.append(off)
                added = True
                line_start, col = off, 0
            col += gw
        word_end = b
    if line_start < pe or not added:
        starts.append(line_start)
        ends.append(pe)
