"""What the user typed in a search box, turned into SQL over the two full-text indexes.

Users type news words, not FTS5 syntax: ``États-Unis``, ``l'IA``, ``U.S.``, ``C++``, ``50%``, a lone
``AND``, ``Putin -Nadeschdin``. Handed to ``MATCH`` as they are, most of those are SQL errors
("no such column: Unis"). ``translate`` parses the query itself, so no input raises or reaches
SQLite unquoted:

- every bare word and every ``"quoted phrase"`` becomes an FTS5 string (``"États-Unis"`` is the
  phrase *états unis*, exactly as the ``unicode61`` tokenizer cut the article);
- the operators are kept for those who type them: ``a OR b``, ``a NOT b`` and ``-b`` (exclude),
  ``a AND b``, ``pre*`` (prefix); an operator with nothing on one side is a plain word;
- a term in a script written without spaces (Chinese, Japanese, Thai...) or in Hangul, whose words
  take particles (``엔비디아가``), is matched as a substring through the trigram index
  (``articles_tri``, migration 3); terms of one or two characters, too short for trigrams, are
  looked up with ``instr`` over that index's (small) table.

``first_match`` and ``snippet`` find the same hits in an article's text (case- and
diacritic-insensitive like ``unicode61``) for the list's preview, the CLI and the reader.
UI-free: no Textual, no Rich.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Term",
    "SearchQuery",
    "translate",
    "first_match",
    "snippet",
    "NO_SPACE_RANGES",
    "needs_substring",
]

# Scripts searched by substring: Han, kana, Hangul, Thai, Lao, Khmer, Myanmar, Tibetan, Yi.
NO_SPACE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x1780, 0x17FF),  # Khmer
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x31F0, 0x31FF),  # Katakana extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA000, 0xA4CF),  # Yi
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
)
# Part of schema migration 3 (its triggers test these bytes): changing the ranges needs a migration.


def utf8_needles(ranges: tuple[tuple[int, int], ...] = NO_SPACE_RANGES) -> list[bytes]:
    """Byte strings such that a UTF-8 text holds a character of ``ranges`` only if it holds one of
    them: a lead byte when the ranges cover 16 or more of its 64 second bytes (a coarser superset,
    fewer needles), else lead and second byte.

    SQLite's ``instr`` over a BLOB finds them at memory speed, where a ``GLOB`` with a character
    class takes a second per MB; the triggers of migration 3 use them to pick the articles the
    trigram index holds (a superset of those with such characters, never fewer).
    """
    pairs: dict[int, set[int]] = {}
    for a, b in ranges:
        for cp in range(a, b + 1):
            enc = chr(cp).encode()
            pairs.setdefault(enc[0], set()).add(enc[1])
    out: list[bytes] = []
    for lead in sorted(pairs):
        seconds = pairs[lead]
        if len(seconds) >= 16:
            out.append(bytes([lead]))
        else:
            out.extend(bytes([lead, s]) for s in sorted(seconds))
    return out


_NO_SPACE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in NO_SPACE_RANGES) + "]")
TRIGRAM_MIN = 3  # the trigram tokenizer cannot match fewer characters through its index
OPERATORS = ("OR", "AND", "NOT")
FTS_TABLE = "articles_fts"
TRI_TABLE = "articles_tri"


def needs_substring(s: str) -> bool:
    """True when ``s`` holds a character of a script searched by substring."""
    return _NO_SPACE.search(s) is not None


def _is_token_char(c: str) -> bool:
    """A character the ``unicode61`` tokenizer keeps in a token (letters, digits, private use)."""
    cat = unicodedata.category(c)
    return cat[0] in "LN" or cat == "Co"


@dataclass(frozen=True)
class Term:
    """One word or phrase of the query."""

    text: str
    prefix: bool = False  # typed with a trailing ``*``

    @property
    def substring(self) -> bool:
        return needs_substring(self.text)

    @property
    def short(self) -> bool:
        """A substring term too short for the trigram index."""
        return self.substring and len(self.text) < TRIGRAM_MIN


@dataclass(frozen=True)
class Group:
    """Terms that must all match (``include``) and terms that must not (``exclude``)."""

    include: tuple[Term, ...]
    exclude: tuple[Term, ...] = ()


@dataclass
class SearchQuery:
    """A parsed query: any of ``groups`` matches (they were joined by ``OR``)."""

    source: str
    groups: tuple[Group, ...]
    column: str | None = None  # "title" or "text"; None: both
    _expand: Callable[[str], list[str] | None] | None = field(
        default=None, compare=False, repr=False
    )

    @property
    def terms(self) -> list[Term]:
        """The terms that say where an article matches (not the excluded ones)."""
        return [t for g in self.groups for t in g.include]

    def sql(self, expand: Callable[[str], list[str] | None] | None = None) -> tuple[str, list[Any]]:
        """A ``SELECT id`` of the matching article ids (a subquery: no ORDER BY) and its parameters.

        ``expand(term)``: the trigrams of the index that start with a term of one or two
        characters (None: too many, or unknown; the rows are then scanned with ``instr``).
        """
        self._expand = expand
        terms = [t for g in self.groups for t in (*g.include, *g.exclude)]
        if all(not t.substring for t in terms):
            return _match_select(FTS_TABLE), [self._expression()]
        if all(t.substring and not t.short for t in terms):
            return _match_select(TRI_TABLE), [self._expression()]
        parts: list[str] = []
        params: list[Any] = []
        for g in self.groups:
            sql, p = self._group_sql(g)
            parts.append(f"SELECT id FROM ({sql})")
            params.extend(p)
        return " UNION ".join(parts), params

    # --- FTS5 text -------------------------------------------------------------------------

    def _phrase(self, t: Term) -> str:
        s = '"' + t.text.replace('"', '""') + '"'
        if t.prefix and not t.substring:
            s += "*"
        return f"{self.column} : {s}" if self.column else s

    def _expression(self) -> str:
        """The whole query as one FTS5 expression (all its terms go to the same index)."""
        out = []
        for g in self.groups:
            e = "(" + " AND ".join(self._phrase(t) for t in g.include) + ")"
            for t in g.exclude:
                e += " NOT " + self._phrase(t)
            out.append(e)
        return " OR ".join(out)

    def _term_select(self, t: Term) -> tuple[str, list[Any]]:
        if not t.substring:
            return _match_select(FTS_TABLE), [self._phrase(t)]
        if not t.short:
            return _match_select(TRI_TABLE), [self._phrase(t)]
        grams = self._expand(t.text) if self._expand is not None else None
        if grams is not None:
            if not grams:
                return "SELECT NULL AS id WHERE 0", []
            col = f"{self.column} : " if self.column else ""
            expr = " OR ".join(col + '"' + g.replace('"', '""') + '"' for g in grams)
            return _match_select(TRI_TABLE), [expr]
        cols = [self.column] if self.column else ["title", "text"]
        cond = " OR ".join(f"instr(coalesce({c}, ''), ?) > 0" for c in cols)
        return f"SELECT rowid AS id FROM {TRI_TABLE} WHERE {cond}", [t.text] * len(cols)

    def _group_sql(self, g: Group) -> tuple[str, list[Any]]:
        sql_parts: list[str] = []
        params: list[Any] = []
        for i, t in enumerate((*g.include, *g.exclude)):
            s, p = self._term_select(t)
            if i:
                sql_parts.append("INTERSECT" if i < len(g.include) else "EXCEPT")
            sql_parts.append(s)
            params.extend(p)
        return " ".join(sql_parts), params


def _match_select(table: str) -> str:
    return f"SELECT rowid AS id FROM {table} WHERE {table} MATCH ?"


# --- parsing ------------------------------------------------------------------------------


@dataclass
class _Item:
    text: str
    quoted: bool = False
    negated: bool = False
    prefix: bool = False

    @property
    def operator(self) -> str | None:
        if not self.quoted and not self.negated and not self.prefix and self.text in OPERATORS:
            return self.text
        return None


def _items(query: str) -> list[_Item]:
    """Split the query into words and quoted phrases, noting a leading ``-`` and a trailing ``*``."""
    items: list[_Item] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
            continue
        negated = False
        if c == "-" and i + 1 < n and not query[i + 1].isspace():
            negated, i = True, i + 1
        if query[i] == '"':
            end = query.find('"', i + 1)
            end = n if end < 0 else end
            text, i = query[i + 1 : end], end + 1
            prefix = False
            while i < n and query[i] == "*":
                prefix, i = True, i + 1
            items.append(_Item(text, quoted=True, negated=negated, prefix=prefix))
            continue
        j = i
        while j < n and not query[j].isspace() and query[j] != '"':
            j += 1
        word, i = query[i:j], j
        stripped = word.rstrip("*")
        items.append(_Item(stripped, negated=negated, prefix=len(stripped) < len(word)))
    return items


def _searchable(text: str) -> bool:
    return any(_is_token_char(c) for c in text)


def translate(
    query: str, *, column: str | None = None, prefix_words: bool = False
) -> SearchQuery | None:
    """Parse what the user typed; None when it holds nothing to search for (``%``, ``--``, quotes).

    ``column``: search only ``title`` or ``text``. ``prefix_words``: every bare word is a prefix
    (the palette's "go to" as the user types). Never raises, for any string.
    """
    if column not in (None, "title", "text"):
        raise ValueError(f"unknown column {column!r}")
    items = _items(query.replace("\x00", " "))
    groups: list[Group] = []
    include: list[Term] = []
    exclude: list[Term] = []
    negate_next = False

    def is_term(k: int) -> bool:
        return 0 <= k < len(items) and items[k].operator is None and _searchable(items[k].text)

    for k, it in enumerate(items):
        op = it.operator
        if op is not None and is_term(k - 1) and is_term(k + 1) and (include or exclude):
            if op == "OR":
                if include or exclude:
                    groups.append(Group(tuple(include), tuple(exclude)))
                include, exclude = [], []
            elif op == "NOT":
                negate_next = True
            continue
        if not _searchable(it.text):
            continue
        term = Term(it.text, prefix=(it.prefix or (prefix_words and not it.quoted)))
        if it.negated or negate_next:
            exclude.append(term)
        else:
            include.append(term)
        negate_next = False
    if include or exclude:
        groups.append(Group(tuple(include), tuple(exclude)))
    # A group of exclusions only (``-word`` alone) has nothing to exclude from: search the words.
    groups = [g if g.include else Group(g.exclude) for g in groups]
    if not groups:
        return None
    return SearchQuery(source=query, groups=tuple(groups), column=column)


# --- finding the hits in a text -------------------------------------------------------------

_FOLD_CACHE: dict[str, str] = {}


def _fold_char(c: str) -> str:
    """One character, lower-cased and without diacritics, still one character (offsets stay)."""
    f = _FOLD_CACHE.get(c)
    if f is None:
        base = (
            "".join(x for x in unicodedata.normalize("NFD", c) if not unicodedata.combining(x)) or c
        )
        low = base.lower()
        f = low if len(low) == 1 else (base if len(base) == 1 else c)
        if len(_FOLD_CACHE) < 65536:
            _FOLD_CACHE[c] = f
    return f


def fold(text: str) -> str:
    """``text`` lower-cased and without diacritics, with the same length (code point for code point)."""
    if text.isascii():
        return text.lower()
    return text.translate({ord(c): _fold_char(c) for c in set(text)})


def _term_pattern(t: Term) -> re.Pattern[str] | None:
    if t.substring:
        return re.compile(re.escape(fold(t.text)))
    tokens = re.findall(r"[^\W_]+", fold(t.text))
    if not tokens:
        return None
    body = r"[\W_]+".join(re.escape(x) for x in tokens)
    tail = "" if t.prefix else r"(?![^\W_])"
    return re.compile(r"(?<![^\W_])" + body + tail)


def first_match(text: str, query: SearchQuery) -> tuple[int, int] | None:
    """``[start, end)`` of the first place in ``text`` where one of the query's terms occurs."""
    if not text:
        return None
    folded = fold(text)
    best: tuple[int, int] | None = None
    for t in query.terms:
        pat = _term_pattern(t)
        m = pat.search(folded) if pat is not None else None
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.end())
    return best


def snippet(text: str, start: int, end: int, width: int = 80) -> tuple[str, int, int]:
    """One line of ``text`` around ``[start, end)``: (line, match start, match end in the line).

    The line is cut at about ``width`` characters, with ``…`` where text was left out; newlines
    and tabs become spaces. Not terminal-safe by itself: callers still pass it through their safe
    text helper.
    """
    end = min(max(end, start), len(text))
    before = max(0, min(width // 3, width - (end - start)))
    lo = max(0, start - before)
    hi = min(len(text), max(end, lo + width))
    line = text[lo:hi]
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    line = re.sub(r"[\n\r\t\v\f\u2028\u2029\x85]", " ", line)
    return prefix + line + suffix, len(prefix) + start - lo, len(prefix) + end - lo


# --- search inside one article (the reader's `/`) ---------------------------------------------


def _edge_is_word(c: str) -> bool:
    """A word character whose word has edges (not one of a script written without spaces)."""
    return (c.isalnum() or c == "_") and not needs_substring(c)


def in_text_patterns(query: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(whole words, anywhere) patterns for ``query`` typed in the reader's search box.

    Smart case: a query with a capital letter matches case exactly (``Japon`` never selects
    ``japon``); an all-lower-case query ignores case. Whole words: a query that starts or ends
    with a letter or digit only matches where the text's word starts or ends too (``japon`` is not
    found inside ``japonais``). In scripts without spaces and in Hangul there are no such edges:
    ``엔비디아`` is found inside ``엔비디아가``.
    """
    flags = 0 if any(c.isupper() for c in query) else re.IGNORECASE
    body = re.escape(query)
    head = r"(?<![^\W_])" if query and _edge_is_word(query[0]) else ""
    tail = r"(?![^\W_])" if query and _edge_is_word(query[-1]) else ""
    # ``[^\W_]`` with the underscore: a letter or digit (``\w`` without ``_``) on the other side
    # of the edge would make it the middle of a word.
    return re.compile(head + body + tail, flags), re.compile(body, flags)


def _word_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to the whole words it cuts (never in scripts without spaces)."""
    while start > 0 and _edge_is_word(text[start - 1]) and _edge_is_word(text[start]):
        start -= 1
    while end < len(text) and _edge_is_word(text[end]) and end > 0 and _edge_is_word(text[end - 1]):
        end += 1
    return start, end


def find_in_text(
    text: str, query: str, start: int, backward: bool = False
) -> tuple[int, int] | None:
    """The next (or previous) match of ``query`` from ``start``, wrapping around the text.

    Whole-word matches are preferred; when there is none in the whole text (the user is still
    typing a word), a match inside a word is widened to that whole word, so a label key never
    tags half of one.
    """
    if not query or not text:
        return None
    whole, anywhere = in_text_patterns(query)
    pat, widen = (whole, False) if whole.search(text) else (anywhere, True)
    m: re.Match[str] | None
    if not backward:
        m = pat.search(text, start) or pat.search(text, 0)
    else:
        m = None
        for m2 in pat.finditer(text, 0, max(0, start)):
            m = m2
        if m is None:
            for m2 in pat.finditer(text):
                m = m2
    if m is None or m.end() <= m.start():
        return None
    return _word_edges(text, m.start(), m.end()) if widen else (m.start(), m.end())
