"""Lint: what would make an export wrong or a model learn the wrong thing, before it is written.

``lint(store, filters, fmt)`` returns :class:`Finding` objects with article and position, for
the CLI (``newsmark lint``, and ``newsmark export`` unless ``--no-lint``) and the app.

Errors (an export refuses them unless forced):

- ``mismatch``: a span's stored text is no longer what its offsets cover (damage from outside).
- ``misaligned``: a span boundary inside a token -- of newsmark's tokenizer (what ``jsonl``,
  ``conll`` and ``hf`` use), and of spaCy's for the language when ``fmt`` is ``spacy`` or
  ``None`` and spaCy is installed (its strict ``Doc.char_span`` would return None).
- ``whitespace``: leading or trailing whitespace in a span.
- ``overlap``: overlapping spans, for a format that cannot hold them (``conll``, ``hf``); a
  warning for ``spacy`` (all spans go to ``doc.spans["sc"]``, the longest to ``doc.ents``) and
  for a lint without a format.

Warnings:

- ``punctuation``: a span that starts or ends with punctuation (``"Paris,"``, ``(AFP``); a final
  ``.`` that belongs to an abbreviation token (``Inc.``, ``U.S.``) is fine.
- ``inconsistent``: the same text tagged with different labels across the corpus (reported on
  the spans of the less frequent labels).
- ``missed``: an untagged occurrence, on token boundaries, of a text tagged elsewhere (texts
  with an upper-case letter or a digit only, to keep common words out).
- ``empty``: a done article without spans. ``unused-label``: a label no exported span uses.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .formats import edge_punct
from .tokens import token_spans

if TYPE_CHECKING:
    from .export import Filters
    from .store import Store

NO_OVERLAP = ("conll", "hf")
MAX_MISSED_PER_FORM = 50


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" or "warning"
    code: str
    article_id: int | None
    start: int | None
    end: int | None
    message: str

    def where(self) -> str:
        if self.article_id is None:
            return "corpus"
        if self.start is None:
            return f"article {self.article_id}"
        return f"article {self.article_id} [{self.start}, {self.end})"

    def __str__(self) -> str:
        return f"{self.where()}: {self.code}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _spacy_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("spacy") is not None


def lint(store: Store, filters: Filters | None = None, fmt: str | None = None) -> list[Finding]:
    """Findings for the articles ``filters`` selects (spans restricted to ``filters.label``)."""
    from .export import Filters

    filters = filters or Filters()
    keep = set(filters.label) if filters.label else None
    use_spacy = fmt == "spacy" or (fmt is None and _spacy_available())
    out: list[Finding] = []
    docs: list[tuple[Any, list[Any], list[tuple[int, int]]]] = []
    used: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for art in store.iter_articles(filters.article_ids(store)):
        spans = [s for s in store.spans(art.id) if keep is None or s.label in keep]
        text = art.text
        toks = token_spans(text, art.lang)
        docs.append((art, spans, toks))
        starts = {s for s, _ in toks}
        ends = {e for _, e in toks}
        tok_at = {e: (s, e) for s, e in toks}
        if art.status == "done" and not spans:
            out.append(Finding("warning", "empty", art.id, None, None,
                               "done but has no spans (nothing to learn but 'O'); tag it or mark it skipped"))
        bad_spacy: set[int] = set()
        if use_spacy and spans:
            from .formats.spacy_docbin import misaligned

            ok = [(s.start, s.end) for s in spans if text[s.start:s.end] == s.text]
            bad_spacy = {ok[i][0] * (len(text) + 1) + ok[i][1] for i in misaligned(text, art.lang, ok)}
        for sp in spans:
            s, e = sp.start, sp.end
            shown = f"{sp.label} {sp.text!r}"
            if text[s:e] != sp.text:
                out.append(Finding("error", "mismatch", art.id, s, e,
                                   f"{shown} no longer matches its text ({text[s:e]!r}); delete and re-tag it"))
                continue
            used[sp.label] += 1
            forms[sp.text][sp.label] += 1
            if sp.text != sp.text.strip():
                out.append(Finding("error", "whitespace", art.id, s, e,
                                   f"{shown} starts or ends with whitespace; trim it to the words"))
                continue
            if s not in starts or e not in ends:
                out.append(Finding("error", "misaligned", art.id, s, e,
                                   f"{shown} cuts a token ({_context(text, s, e)}); snap it to whole words"))
            elif s * (len(text) + 1) + e in bad_spacy:
                out.append(Finding("error", "misaligned", art.id, s, e,
                                   f"{shown} cuts one of spaCy's tokens ({_context(text, s, e)}); "
                                   "spaCy's char_span refuses it"))
            first, last = sp.text[0], sp.text[-1]
            if edge_punct(first) or (edge_punct(last) and not _abbreviation_end(text, tok_at, e)
                                     and not _balanced(sp.text)):
                out.append(Finding("warning", "punctuation", art.id, s, e,
                                   f"{shown} starts or ends with punctuation; usually it is not part of the name"))
        out.extend(_overlaps(art.id, spans, fmt))
    out.extend(_consistency(docs, forms))
    for name in [lb.name for lb in store.labels() if keep is None or lb.name in keep]:
        if not used[name]:
            out.append(Finding("warning", "unused-label", None, None, None,
                               f"label {name} is used by no exported span"))
    order = {"error": 0, "warning": 1}
    return sorted(out, key=lambda f: (f.article_id is None, f.article_id or 0, f.start or 0,
                                      order.get(f.severity, 2), f.code))


def _context(text: str, s: int, e: int) -> str:
    a, b = max(0, s - 12), min(len(text), e + 12)
    return "…" + text[a:s] + "[" + text[s:e] + "]" + text[e:b] + "…"


def _abbreviation_end(text: str, tok_at: dict[int, tuple[int, int]], e: int) -> bool:
    """The span ends with a token like ``Inc.`` or ``U.S.`` whose final dot is part of it."""
    tok = tok_at.get(e)
    return tok is not None and text[e - 1] == "." and tok[1] - tok[0] > 1 and text[tok[0]:tok[1]].strip(".") != ""


def _balanced(t: str) -> bool:
    pairs = {")": "(", "]": "[", "»": "«", "”": "“"}
    return t[-1] in pairs and pairs[t[-1]] in t


def _overlaps(aid: int, spans: list[Any], fmt: str | None) -> list[Finding]:
    if fmt not in (None, "spacy", *NO_OVERLAP):
        return []
    out = []
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.start >= a.end:
                break
            what = f"{a.label} {a.text!r} and {b.label} {b.text!r} overlap"
            if fmt in NO_OVERLAP:
                out.append(Finding("error", "overlap", aid, b.start, b.end,
                                   f"{what}; --format {fmt} has one tag per token: keep one of them"))
            elif fmt == "spacy":
                out.append(Finding("warning", "overlap", aid, b.start, b.end,
                                   f"{what}; both go to doc.spans['sc'], only the longer to doc.ents"))
            else:
                out.append(Finding("warning", "overlap", aid, b.start, b.end,
                                   f"{what}; conll and hf cannot hold both (spaCy keeps the longer in doc.ents)"))
    return out


def _consistency(docs: list[tuple[Any, list[Any], list[tuple[int, int]]]],
                 forms: dict[str, Counter[str]]) -> list[Finding]:
    out: list[Finding] = []
    # The same text with different labels: flag the spans of the less frequent labels.
    for art, spans, _ in docs:
        for sp in spans:
            labels = forms.get(sp.text)
            if labels and len(labels) > 1:
                top, n = labels.most_common(1)[0]
                if sp.label != top and labels[sp.label] <= n:
                    others = ", ".join(f"{lb} {c}x" for lb, c in labels.most_common())
                    out.append(Finding("warning", "inconsistent", art.id, sp.start, sp.end,
                                       f"{sp.text!r} is tagged {sp.label} here but with other labels elsewhere ({others})"))
    # Untagged occurrences of a tagged text.
    wanted = {f: c.most_common(1)[0][0] for f, c in forms.items()
              if f.strip() == f and f and any(ch.isupper() or ch.isdigit() for ch in f)}
    if not wanted:
        return out
    by_head: dict[str, list[str]] = defaultdict(list)
    for f in wanted:
        by_head[f[:2]].append(f)
    found: Counter[str] = Counter()
    for art, spans, toks in docs:
        text = art.text
        ends = {e for _, e in toks}
        covered = sorted((s.start, s.end) for s in spans)
        cstarts = [c[0] for c in covered]
        for s, _ in toks:
            for f in by_head.get(text[s:s + 2], ()):
                e = s + len(f)
                if e not in ends or not text.startswith(f, s) or found[f] >= MAX_MISSED_PER_FORM:
                    continue
                k = bisect.bisect_left(cstarts, e)
                if any(cs < e and ce > s for cs, ce in covered[:k]):
                    continue
                found[f] += 1
                out.append(Finding("warning", "missed", art.id, s, e,
                                   f"{f!r} is tagged {wanted[f]} elsewhere but not here"))
    return out
