"""Suggestions: tag all occurrences, the corpus dictionary, and reviewing suggestions.

- :func:`occurrences` finds the other occurrences of a surface form (exact, case-sensitive,
  whole words: the characters around a match may not be letters, digits or marks, except next
  to CJK, which is written without spaces) in an article and, with ``corpus=True``, across the
  corpus (the full-text index picks the articles, Python checks the exact text). Spans already
  there and remembered rejections are left out. :func:`accept_occurrences` tags them as ONE
  undoable action (``origin="manual"``, ``how="occurrence"``); :func:`reject_occurrence`
  remembers a refusal so it is not offered again.
- :class:`Dictionary` is the corpus's accepted spans (surface form → label, with counts) plus the
  user's list (``newsmark suggest --dictionary FILE``), less the forms rejected more often than
  accepted. :meth:`Dictionary.matches` finds them in a text with one compiled regular
  expression (a trie of the forms, longest first): about 60 ms for 1 MB and 1,000 forms.
  A match that is only part of a longer capitalised name (``Microsoft`` in ``Microsoft Research
  Asia``) or of a hyphenated word is not offered.
- :func:`article_suggestions` merges dictionary matches and stored model suggestions
  (:mod:`tui.core.assist.model`) for an article, minus spans and rejections; :func:`accept_suggestion`,
  :func:`reject_suggestion` and :func:`accept_all` act on them. A suggestion is never a span
  until accepted, so it never reaches an export.

Every acting function takes the ``keys`` and ``seconds`` the user spent since their previous
action, recorded on the action for ``newsmark stats``. No Textual here.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..store import Span, Store, StoreError
from .candidates import HONORIFICS, STOPWORDS, is_cjk, is_hangul, sentence_start, whole_word

CONTEXT_CHARS = 40


class Occurrence(NamedTuple):
    """One place a surface form occurs, with its context on the same line."""

    article_id: int
    start: int
    end: int
    context_left: str
    context_right: str
    text: str = ""


class Suggestion(NamedTuple):
    """A proposed span, drawn distinctly by the reader; a span only once accepted.

    ``origin`` is ``dictionary`` or ``model`` (then ``model`` names the pipeline and ``id`` is
    the stored row). A named tuple: cheap to make by the ten thousand."""

    start: int
    end: int
    label: str
    origin: str = "dictionary"
    text: str = ""
    model: str | None = None
    id: int | None = None


# --- matching whole words -----------------------------------------------------------------

_CJK_RE = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]"
)


def _word_edge(ch: str) -> bool:
    """A form's last character that needs a word boundary after it (a letter/digit, not CJK;
    not Hangul either, which particles follow: ``whole_word``)."""
    return (ch.isalnum() or ch == "_") and not is_cjk(ch) and not is_hangul(ch)


class FormMatcher:
    """Finds many exact forms in a text, whole words only, longest first.

    One regular expression built as a trie of the forms (``Micro(?:soft(?: Research)?)``) so
    the engine follows one branch per position; the right edge is checked inside the pattern
    (so a shorter form is tried when a longer one runs into a letter), the left edge and
    combining marks in Python on the few hits.
    """

    def __init__(self, forms: Iterable[str]) -> None:
        self.forms = sorted({f for f in forms if f})
        self._re: dict[bool, re.Pattern[str]] = {}

    def pattern(self, cjk: bool = False) -> re.Pattern[str] | None:
        """The compiled trie; with ``cjk`` the right edge is left to Python (a Latin form may
        touch CJK text, and a CJK class in every leaf makes the pattern slow to compile)."""
        if cjk not in self._re and self.forms:
            trie: dict[str, Any] = {}
            for f in self.forms:
                node = trie
                for ch in f:
                    node = node.setdefault(ch, {})
                node[""] = f
            firsts = "".join(sorted(re.escape(ch) for ch in trie))
            self._re[cjk] = re.compile(f"(?=[{firsts}])" + _trie_regex(trie, "", cjk))
        return self._re.get(cjk)

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[tuple[int, int]]:
        pat = self.pattern(_CJK_RE.search(text) is not None)
        if pat is None:
            return
        endpos = len(text) if endpos is None else endpos
        search = pat.search
        while True:
            m = search(text, pos, endpos)
            if m is None:
                return
            s, e = m.span()
            if e > s and _edges_ok(text, s, e):
                yield s, e
                pos = e
            else:
                pos = s + 1


def _edges_ok(text: str, s: int, e: int) -> bool:
    """:func:`whole_word` with a fast path for the usual neighbours (space, punctuation)."""
    if s > 0 and text[s - 1].isalnum() or e < len(text) and ord(text[e]) >= 0x300:
        return whole_word(text, s, e)
    return s == 0 or ord(text[s - 1]) < 0x300 or whole_word(text, s, e)


def _trie_regex(node: dict[str, Any], last: str, cjk: bool) -> str:
    alts = [re.escape(ch) + _trie_regex(child, ch, cjk) for ch, child in sorted(node.items()) if ch]
    if "" in node:  # a form ends here: shorter than the branches above, so tried last
        alts.append(r"(?![^\W_])" if _word_edge(last) and not cjk else "")
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


def _context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    lo = max(0, start - width)
    left = text[lo:start]
    nl = max(left.rfind("\n"), -1)
    left = left[nl + 1 :]
    right = text[end : end + width]
    cut = right.find("\n")
    if cut >= 0:
        right = right[:cut]
    return left, right


class _Ranges:
    """Sorted, non-overlapping ``[start, end)`` ranges (spans) with an O(log n) overlap test."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        rs = sorted(ranges)
        self.starts = [s for s, _ in rs]
        self.max_end: list[int] = []
        m = -1
        for _, e in rs:
            m = max(m, e)
            self.max_end.append(m)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e) - 1  # last range starting before e
        return i >= 0 and self.max_end[i] > s


def _span_ranges(spans: Iterable[Any]) -> _Ranges:
    return _Ranges(
        (sp.start, sp.end) if not isinstance(sp, tuple) else (sp[0], sp[1]) for sp in spans
    )


# --- tag all occurrences ------------------------------------------------------------------


def occurrences(
    store: Store,
    form: str,
    label: str,
    article_id: int | None = None,
    corpus: bool = False,
    *,
    limit: int | None = None,
    context: int = CONTEXT_CHARS,
) -> list[Occurrence]:
    """Other occurrences of ``form`` not yet tagged and not rejected for ``label``.

    Only ``article_id`` unless ``corpus``; with ``corpus`` that article's come first, then the
    others' by article id. ``limit`` stops early (a huge corpus and a common word).
    """
    if not form or form != form.strip():
        return []
    if article_id is None and not corpus:
        raise ValueError("occurrences: give an article_id, or corpus=True")
    ids: list[int] = []
    if article_id is not None:
        ids.append(article_id)
    if corpus:
        ids.extend(i for i in _articles_containing(store, form) if i != article_id)
    matcher = FormMatcher([form])
    out: list[Occurrence] = []
    for art in store.iter_articles(ids):
        text = art.text
        if form not in text:
            continue
        taken = _span_ranges(store.spans(art.id, own=True))  # blind on a team database
        rejected = {(s, e) for _, s, e, lb in store.rejections(art.id) if lb == label}
        for s, e in matcher.finditer(text):
            if taken.overlaps(s, e) or (s, e) in rejected or _hyphenated(text, s, e):
                continue
            left, right = _context(text, s, e, context)
            out.append(Occurrence(art.id, s, e, left, right, text[s:e]))
            if limit is not None and len(out) >= limit:
                return out
    return out


def _articles_containing(store: Store, form: str) -> list[int]:
    """Articles that may contain ``form``: the FTS index when the form has words it indexes,
    else (CJK, punctuation only, or a query it refuses) an exact scan in SQLite."""
    if any(ch.isalnum() for ch in form) and not any(is_cjk(ch) for ch in form):
        phrase = '"' + form.replace('"', '""') + '"'
        try:
            return [
                r[0]
                for r in store.conn.execute(
                    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid",
                    (phrase,),
                )
            ]
        except Exception:  # an FTS syntax the index refuses: fall back to the scan
            pass
    return [
        r[0]
        for r in store.execute(
            "SELECT id FROM articles WHERE instr(text, ?) > 0 ORDER BY id", (form,)
        )
    ]


def accept_occurrences(
    store: Store,
    occs: Sequence[Occurrence],
    label: str,
    *,
    keys: int | None = None,
    seconds: float | None = None,
) -> list[Span]:
    """Tag every occurrence as ONE undoable action (``origin="manual"``, ``how="occurrence"``).
    Occurrences that overlap a span by now are skipped."""
    if not occs:
        return []
    aids = {o.article_id for o in occs}
    return store.tag_many(
        aids.pop() if len(aids) == 1 else None,
        [(o.article_id, o.start, o.end, label) for o in occs],
        origin="manual",
        how="occurrence",
        keys=keys,
        seconds=seconds,
    )


def reject_occurrence(
    store: Store,
    occ: Occurrence,
    label: str,
    *,
    keys: int | None = None,
    seconds: float | None = None,
) -> None:
    """Remember that this occurrence is not ``label``: it is not offered again."""
    store.reject(
        occ.article_id, occ.start, occ.end, label, kind="occurrence", keys=keys, seconds=seconds
    )


# --- the dictionary -----------------------------------------------------------------------


@dataclass
class Dictionary:
    """Surface form → label, from the corpus's spans and the user's list.

    ``counts[(form, label)]`` is how often the form was tagged with the label (a user-list
    entry counts one), ``rejected[(form, label)]`` how often it was turned down. A form is
    suggested with its most frequent label, unless it was rejected more often than accepted.
    """

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    rejected: dict[tuple[str, str], int] = field(default_factory=dict)
    user: set[tuple[str, str]] = field(default_factory=set)
    _labels: dict[str, str] | None = field(default=None, repr=False)
    _matcher: FormMatcher | None = field(default=None, repr=False)

    MIN_LENGTH = 2

    @classmethod
    def load(cls, store: Store) -> Dictionary:
        d = cls()
        for form, label, n in store.span_forms():
            d.counts[(form, label)] = d.counts.get((form, label), 0) + n
        for form, label, _ in store.dictionary_entries():
            d.user.add((form, label))
            d.counts[(form, label)] = d.counts.get((form, label), 0) + 1
        d.rejected = store.rejected_forms()
        return d

    def add(self, form: str, label: str, n: int = 1) -> None:
        """Count a new span (the reader calls this after a tag instead of reloading)."""
        self.counts[(form, label)] = self.counts.get((form, label), 0) + n
        self._labels = None
        self._matcher = None

    def reject(self, form: str, label: str) -> None:
        self.rejected[(form, label)] = self.rejected.get((form, label), 0) + 1
        self._labels = None
        self._matcher = None

    @property
    def labels(self) -> dict[str, str]:
        """form → the label it is suggested with."""
        if self._labels is None:
            best: dict[str, tuple[int, str]] = {}
            for (form, label), n in self.counts.items():
                if not _usable(form) or self.rejected.get((form, label), 0) > n:
                    continue
                cur = best.get(form)
                if cur is None or (-n, label) < (-cur[0], cur[1]):
                    best[form] = (n, label)
            self._labels = {f: lb for f, (_, lb) in best.items()}
        return self._labels

    def label_for(self, form: str) -> str | None:
        return self.labels.get(form)

    def __len__(self) -> int:
        return len(self.labels)

    def __contains__(self, form: object) -> bool:
        return form in self.labels

    @property
    def matcher(self) -> FormMatcher:
        if self._matcher is None:
            self._matcher = FormMatcher(self.labels)
        return self._matcher

    def matches(
        self, text: str, spans: Iterable[Any] = (), rejected: Iterable[tuple[int, int, str]] = ()
    ) -> list[Suggestion]:
        """Dictionary matches in ``text`` as suggestions, sorted, not overlapping each other,
        ``spans`` (objects with start/end, or tuples) nor the ``rejected`` (start, end, label)."""
        labels = self.labels
        if not labels:
            return []
        taken = _span_ranges(spans)
        overlaps = taken.overlaps if taken.starts else None
        rej = set(rejected)
        out: list[Suggestion] = []
        append = out.append
        for s, e in self.matcher.finditer(text):
            form = text[s:e]
            label = labels[form]
            if (
                rej
                and (s, e, label) in rej
                or overlaps is not None
                and overlaps(s, e)
                or _inside_longer_name(text, s, e)
            ):
                continue
            append(Suggestion(s, e, label, "dictionary", form))
        return out


def _usable(form: str) -> bool:
    return (
        len(form) >= Dictionary.MIN_LENGTH
        and form == form.strip()
        and "\n" not in form
        and any(ch.isalnum() for ch in form)
    )


def _hyphenated(text: str, s: int, e: int) -> bool:
    """Is ``text[s:e]`` part of a hyphenated word (``Paris`` in ``Paris-Match``)? Such a match
    would cut a token in two (the tokenizer keeps ``États-Unis`` whole)."""
    return (
        e + 1 < len(text)
        and text[e] in "-‐"
        and text[e + 1].isalpha()
        or s >= 2
        and text[s - 1] in "-‐"
        and text[s - 2].isalpha()
    )


def _inside_longer_name(text: str, s: int, e: int) -> bool:
    """Is ``text[s:e]`` only part of a hyphenated word or, for a capitalised form, of a longer
    capitalised name (``Microsoft`` in ``Microsoft Research Asia``, ``Biden`` in ``Joe Biden``)?"""
    n = len(text)
    after = text[e] if e < n else " "
    before = text[s - 1] if s else " "
    if after in "-‐" and e + 1 < n and text[e + 1].isalpha():
        return True
    if before in "-‐" and s >= 2 and text[s - 2].isalpha():
        return True
    c = text[s]
    if not (c.isupper() or c.istitle()):
        return False  # a lowercase form before a name ("une pomme Apple") is not part of it
    if after == " " and e + 1 < n and (text[e + 1].isupper() or text[e + 1].istitle()):
        return True
    if before == " " and s >= 2 and text[s - 2].isalnum():
        lo = max(0, s - 40)
        j = max(text.rfind(" ", lo, s - 1), text.rfind("\n", lo, s - 1), lo - 1) + 1
        if not (text[j].isupper() or text[j].istitle()):
            return False
        prev = text[j : s - 1]
        if (
            prev not in HONORIFICS
            and prev.lower() not in STOPWORDS
            and prev[-1] not in "'’"
            and not sentence_start(text, j)
        ):
            return True
    return False


# --- suggestions of an article: review ----------------------------------------------------


def article_suggestions(
    store: Store,
    article_id: int,
    dictionary: Dictionary | None = None,
    *,
    text: str | None = None,
    spans: Sequence[Any] | None = None,
    model: bool = True,
) -> list[Suggestion]:
    """Dictionary matches and stored model suggestions of an article, sorted by start, minus
    spans and remembered rejections. On overlap a dictionary match (made of the user's own
    decisions) wins over a model suggestion."""
    if text is None:
        text = store.require_article(article_id).text
    if spans is None:
        spans = store.spans(article_id, own=True)
    rejected = {(s, e, lb) for _, s, e, lb in store.rejections(article_id)}
    out = dictionary.matches(text, spans, rejected) if dictionary is not None else []
    if model:
        taken = _span_ranges(list(spans) + [(sg.start, sg.end) for sg in out])
        for row in store.stored_suggestions(article_id):
            s, e = row["start"], row["end"]
            if (s, e, row["label"]) in rejected or taken.overlaps(s, e):
                continue
            out.append(
                Suggestion(s, e, row["label"], row["origin"], row["text"], row["model"], row["id"])
            )
        out.sort(key=lambda sg: (sg.start, sg.end))
        # model suggestions may overlap each other (two models): keep the first of each clash
        kept: list[Suggestion] = []
        for sg in out:
            if kept and sg.start < kept[-1].end:
                continue
            kept.append(sg)
        out = kept
    return out


def next_suggestion(sugs: Sequence[Suggestion], offset: int, direction: int = 1) -> int | None:
    """Index of the suggestion after (``1``) or before (``-1``) character ``offset``."""
    if direction >= 0:
        i = bisect.bisect_right(sugs, offset, key=lambda sg: sg.start)
        return i if i < len(sugs) else None
    i = bisect.bisect_left(sugs, offset, key=lambda sg: sg.start) - 1
    return i if i >= 0 else None


def _origin_how(sug: Suggestion) -> tuple[str, str]:
    if sug.origin == "model":
        return "model", "model"
    return "suggested", sug.origin or "dictionary"


def accept_suggestion(
    store: Store,
    article_id: int,
    sug: Suggestion,
    *,
    label: str | None = None,
    keys: int | None = None,
    seconds: float | None = None,
) -> Span:
    """Make the suggestion a span (``origin="suggested"``/``how="dictionary"``, or
    ``origin="model"``/``how="model"``), optionally with another ``label``. Refuses to touch an
    existing span: a suggestion never overwrites the user's work."""
    own, who = store._own_spans()  # a team database: only the annotator's own spans count
    clash = store.execute(
        f'SELECT id FROM spans WHERE article_id = ? AND start < ? AND "end" > ?{own}',
        (article_id, sug.end, sug.start, *who),
    ).fetchone()
    if clash:
        raise StoreError(
            f"article {article_id}: the suggestion [{sug.start}, {sug.end}) overlaps span {clash[0]}"
        )
    origin, how = _origin_how(sug)
    return store.tag(
        article_id,
        sug.start,
        sug.end,
        label or sug.label,
        text=sug.text or None,
        origin=origin,
        how=how,
        keys=keys,
        seconds=seconds,
    )


def reject_suggestion(
    store: Store,
    article_id: int,
    sug: Suggestion,
    *,
    keys: int | None = None,
    seconds: float | None = None,
) -> None:
    """Remember the refusal: this (article, start, end, label) is not suggested again, and the
    form counts one rejection in the dictionary."""
    store.reject(
        article_id,
        sug.start,
        sug.end,
        sug.label,
        kind=sug.origin or "dictionary",
        keys=keys,
        seconds=seconds,
    )


def accept_all(
    store: Store,
    article_id: int,
    sugs: Sequence[Suggestion],
    *,
    keys: int | None = None,
    seconds: float | None = None,
) -> list[Span]:
    """Accept every suggestion as ONE undoable action; any overlapping a span is skipped."""
    items = [(article_id, sg.start, sg.end, sg.label, *_origin_how(sg)) for sg in sugs]
    return store.tag_many(article_id, items, keys=keys, seconds=seconds) if items else []


# --- the user's list ----------------------------------------------------------------------


class ListError(StoreError):
    """A dictionary file that cannot be read; the message names the file and line."""


def read_user_list(
    path: str | Path, text: str | None = None
) -> tuple[list[tuple[str, str]], list[str]]:
    """Read ``form<TAB>label`` lines, or Prodigy patterns (JSONL, or a JSON list):
    ``{"label": "ORG", "pattern": "Microsoft"}``; token patterns of ``orth``/``text`` (exact)
    or ``lower`` attributes (matched as written in lower case, Capitalised and UPPER case).
    Returns (entries, problems as ``path:line: reason``)."""
    p = Path(path)
    if text is None:
        try:
            text = p.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ListError(f"{path}: cannot read ({exc})") from None
    entries: list[tuple[str, str]] = []
    problems: list[str] = []
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ListError(f"{path}: not valid JSON ({exc})") from None
        lines: Iterable[tuple[int, Any]] = enumerate(records, 1)
    else:
        lines = enumerate(text.splitlines(), 1)
    for n, raw in lines:
        where = f"{path}:{n}"
        if isinstance(raw, str):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("{"):
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    problems.append(f"{where}: not valid JSON ({exc.msg})")
                    continue
            else:
                if "\t" not in raw:
                    problems.append(f"{where}: expected form<TAB>label")
                    continue
                form, _, label = raw.rstrip("\r\n").rpartition("\t")
                form, label = form.strip(), label.strip()
                if not form or not label:
                    problems.append(f"{where}: expected form<TAB>label")
                    continue
                entries.append((form, label))
                continue
        else:
            rec = raw
        forms, why = _pattern_forms(rec)
        if why:
            problems.append(f"{where}: {why}")
            continue
        entries.extend((f, rec["label"]) for f in forms)
    return entries, problems


def _pattern_forms(rec: Any) -> tuple[list[str], str | None]:
    if not isinstance(rec, dict) or not isinstance(rec.get("label"), str) or "pattern" not in rec:
        return [], 'expected {"label": ..., "pattern": ...}'
    pat = rec["pattern"]
    if isinstance(pat, str):
        return ([pat.strip()], None) if pat.strip() else ([], "empty pattern")
    if not isinstance(pat, list) or not pat:
        return [], "pattern must be a string or a list of token patterns"
    words: list[str] = []
    lower = False
    for tok in pat:
        if not isinstance(tok, dict) or len(tok) != 1:
            return (
                [],
                "only token patterns of one exact attribute (orth, text or lower) are supported",
            )
        ((attr, val),) = tok.items()
        if attr.lower() in ("orth", "text") and isinstance(val, str):
            words.append(val)
        elif attr.lower() == "lower" and isinstance(val, str):
            words.append(val)
            lower = True
        else:
            return [], f"token attribute {attr!r} is not supported (use orth, text or lower)"
    form = _join_tokens(words)
    if not lower:
        return [form], None
    variants = {
        form,
        form.lower(),
        " ".join(w[:1].upper() + w[1:] for w in form.split(" ")),
        form.upper(),
    }
    return sorted(variants), None


def _join_tokens(words: list[str]) -> str:
    out = ""
    for w in words:
        if out and not (w in ",.;:!?)»" or out.endswith(("'", "’", "(", "«", "-")) or w == "-"):
            out += " "
        out += w
    return out
