"""Lint: what would make an export wrong or a model learn the wrong thing, before it is written.

``lint(store, query, fmt)`` returns :class:`Finding` objects with article and position, for
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

Whose spans: ``query.annotator`` (an annotator, ``gold`` or ``majority``, selected as an export
selects them, :func:`tui.core.adjudicate.select_spans`), or every span when None. Every check,
the corpus-level counts included, reads only those spans, so on a team database one annotator's
lint never reports a finding made of another's work (nor shows it).
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .formats import edge_punct, name_in_word
from .imported_tokens import article_tokens, stored

if TYPE_CHECKING:
    from .query import ArticleQuery
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


def lint(store: Store, query: ArticleQuery | None = None, fmt: str | None = None) -> list[Finding]:
    """Findings for the articles ``query`` selects (default: the done ones), on the spans of
    ``query.annotator`` (every span when None) that its ``span_labels`` keeps.

    Streams: articles are read in batches and checked one by one; the corpus-level checks
    (``inconsistent``, ``missed``) work from compact aggregates (surface form → label counts,
    from SQL), so memory grows with the number of distinct tagged forms, not with the text.
    """
    from .query import DONE

    query = query or DONE
    ids = store.article_ids(query)
    linter = Linter(store, query, fmt, ids)
    for art in store.iter_articles(ids):
        linter.check(art, linter.spans_of(art.id), article_tokens(art))
    return linter.finish()


def own_annotator(store: Store) -> str | None:
    """Whose spans a lint checks unless told: in team mode the store's annotator's (blind
    annotation), else None (every span)."""
    return store.annotator if store.setting("team_mode", "0") == "1" else None


def lint_annotator(store: Store, whose: str | None) -> tuple[str | None, str | None]:
    """Whose spans ``newsmark lint`` checks (the query's ``annotator``) for its ``--annotator``
    value, and a line that says so (None when nothing needs saying).

    ``all``: every span. Not given: in team mode (each annotator works blind on their own spans)
    the store's annotator's own, as their lint must not report, or show, the others' work;
    outside team mode every span, as before.
    """
    from . import team

    if whose == "all":
        return None, "checking every annotator's spans"
    if whose is None:
        if own_annotator(store) is not None:
            return store.annotator, (
                f"team mode: checking {store.annotator}'s own spans and status; "
                "--annotator NAME|gold|majority|all chooses whose"
            )
        if team.is_team_store(store):
            return None, (
                "this database holds several annotators' work, all checked together; "
                "--annotator NAME|gold|majority chooses whose"
            )
        return None, None
    if whose == "majority":
        return whose, "checking the majority's spans (those most of an article's finishers made)"
    if whose not in team.annotators(store.conn, include_gold=True):
        return whose, f"checking {whose}'s spans and status; {whose} has no work in this database"
    return whose, f"checking {whose}'s spans and status"


class Linter:
    """Lint one article at a time (:meth:`check`), then :meth:`finish` for the sorted findings.

    :func:`tui.core.export.export` feeds it the articles (and the tokens) it is writing, so an export
    reads and tokenises every article once.
    """

    def __init__(
        self, store: Store, query: ArticleQuery, fmt: str | None, ids: Sequence[int]
    ) -> None:
        self.store = store
        self.fmt = fmt
        self.keep = set(query.span_labels) if query.span_labels else None
        #: whose spans (and, for a named annotator, whose status): None for every span
        self.whose = query.annotator
        self.use_spacy = fmt == "spacy" or (fmt is None and _spacy_available())
        # With spaCy installed, a span that cuts one of our tokens is an error only when spaCy's
        # tokenizer refuses it too (our tokenizer follows spaCy's, not always exactly).
        self.spacy_judges = self.use_spacy or _spacy_available()
        self.out: list[Finding] = []
        self.errors = 0
        self.used: Counter[str] = Counter()
        # Surface form -> label counts over the selection, from SQL (spans whose stored text no
        # longer matches the article are taken off in finish(), as lint does not count them).
        self.forms = _form_labels(store, ids, self.keep, self.whose)
        self.mismatched: Counter[tuple[str, str]] = Counter()
        # Candidates from the article pass, decided in finish() with the exact counts.
        self.mixed_spans: list[tuple[int, int, int, str, str]] = []
        self.missed: list[tuple[int, int, int, str]] = []
        self.found: Counter[str] = Counter()
        self.by_head: dict[str, list[str]] = defaultdict(list)
        for f in self.forms:
            if f.strip() == f and f and any(ch.isupper() or ch.isdigit() for ch in f):
                self.by_head[f[:2]].append(f)

    def spans_of(self, article_id: int) -> list[Any]:
        """The spans of the article this lint checks (and an export that lints writes)."""
        spans = _whose_spans(self.store, article_id, self.whose)
        return spans if self.keep is None else [s for s in spans if s.label in self.keep]

    def status_of(self, art: Any) -> str:
        """The article's status for ``whose`` (a named annotator's own; else the article's)."""
        if self.whose is None or self.whose == "majority":
            return str(art.status)
        from .team import status_of

        return status_of(self.store.conn, art.id, self.whose)

    def _add(self, f: Finding) -> None:
        self.out.append(f)
        if f.severity == "error":
            self.errors += 1

    def check(self, art: Any, spans: list[Any], toks: list[tuple[int, int]] | None = None) -> None:
        """The per-article checks; ``toks`` are the article's :func:`token_spans` when known."""
        text = art.text
        if toks is None:
            toks = article_tokens(art)
        add = self._add
        starts = {s for s, _ in toks}
        ends = {e for _, e in toks}
        if not spans and self.status_of(art) == "done":
            add(
                Finding(
                    "warning",
                    "empty",
                    art.id,
                    None,
                    None,
                    "done but has no spans (nothing to learn but 'O'); tag it or mark it skipped",
                )
            )
        bad_spacy: set[int] = set()
        if spans and (self.use_spacy or self.spacy_judges) and stored(art) is None:
            # spaCy's verdict: for its own format on every span; for the others on the spans
            # that cut one of our tokens (spaCy may well accept them: then they are fine).
            from .formats.spacy_docbin import misaligned

            ok = [
                (s.start, s.end)
                for s in spans
                if text[s.start : s.end] == s.text
                and (self.use_spacy or s.start not in starts or s.end not in ends)
            ]
            if ok:
                bad_spacy = {
                    ok[i][0] * (len(text) + 1) + ok[i][1] for i in misaligned(text, art.lang, ok)
                }
        tok_at: dict[int, tuple[int, int]] | None = None
        forms = self.forms
        for sp in spans:
            s, e = sp.start, sp.end
            shown = f"{sp.label} {sp.text!r}"
            labels = forms.get(sp.text)
            if labels is not None and len(labels) > 1:
                self.mixed_spans.append((art.id, s, e, sp.text, sp.label))
            if text[s:e] != sp.text:
                self.mismatched[(sp.text, sp.label)] += 1
                add(
                    Finding(
                        "error",
                        "mismatch",
                        art.id,
                        s,
                        e,
                        f"{shown} no longer matches its text ({text[s:e]!r}); delete and re-tag it",
                    )
                )
                continue
            self.used[sp.label] += 1
            if sp.text != sp.text.strip():
                add(
                    Finding(
                        "error",
                        "whitespace",
                        art.id,
                        s,
                        e,
                        f"{shown} starts or ends with whitespace; trim it to the words",
                    )
                )
                continue
            if name_in_word(text, s, e):
                pass  # a name inside a word of an agglutinative script: token formats split there
            elif (s not in starts or e not in ends) and (
                not self.spacy_judges or s * (len(text) + 1) + e in bad_spacy
            ):
                add(
                    Finding(
                        "error",
                        "misaligned",
                        art.id,
                        s,
                        e,
                        f"{shown} cuts a token ({_context(text, s, e)}); snap it to whole words",
                    )
                )
            elif self.use_spacy and s * (len(text) + 1) + e in bad_spacy:
                add(
                    Finding(
                        "error",
                        "misaligned",
                        art.id,
                        s,
                        e,
                        f"{shown} cuts one of spaCy's tokens ({_context(text, s, e)}); "
                        "spaCy's char_span refuses it",
                    )
                )
            first, last = sp.text[0], sp.text[-1]
            if edge_punct(first) or edge_punct(last):
                if tok_at is None:
                    tok_at = {te: (ts, te) for ts, te in toks}
                if edge_punct(first) or (
                    not _abbreviation_end(text, tok_at, e) and not _balanced(sp.text)
                ):
                    add(
                        Finding(
                            "warning",
                            "punctuation",
                            art.id,
                            s,
                            e,
                            f"{shown} starts or ends with punctuation; usually it is not part of the name",
                        )
                    )
        for f in _overlaps(art.id, spans, self.fmt):
            add(f)
        if self.by_head:
            self._scan_missed(art.id, text, spans, toks, ends)

    def _scan_missed(
        self, aid: int, text: str, spans: list[Any], toks: list[tuple[int, int]], ends: set[int]
    ) -> None:
        """Untagged occurrences, on token boundaries, of the tagged forms (first
        ``MAX_MISSED_PER_FORM`` of each, in article order)."""
        by_head = self.by_head
        found = self.found
        covered: list[tuple[int, int]] | None = None
        cstarts: list[int] = []
        for s, _ in toks:
            cands = by_head.get(text[s : s + 2])
            if not cands:
                continue
            for f in cands:
                e = s + len(f)
                if e not in ends or found[f] >= MAX_MISSED_PER_FORM or not text.startswith(f, s):
                    continue
                if covered is None:
                    covered = sorted((x.start, x.end) for x in spans)
                    cstarts = [c[0] for c in covered]
                k = bisect.bisect_left(cstarts, e)
                if any(cs < e and ce > s for cs, ce in covered[:k]):
                    continue
                found[f] += 1
                self.missed.append((aid, s, e, f))

    def finish(self) -> list[Finding]:
        """All findings, sorted: the article ones, then the corpus-level ones."""
        out = self.out
        forms = self.forms
        for (form, label), n in self.mismatched.items():
            c = forms.get(form)
            if c is not None:
                c[label] -= n
                if c[label] <= 0:
                    del c[label]
                if not c:
                    del forms[form]
        # The same text with different labels: flag the spans of the less frequent labels.
        for aid, s, e, form, label in self.mixed_spans:
            labels = forms.get(form)
            if labels and len(labels) > 1:
                top, n = labels.most_common(1)[0]
                if label != top and labels[label] <= n:
                    others = ", ".join(f"{lb} {c}x" for lb, c in labels.most_common())
                    out.append(
                        Finding(
                            "warning",
                            "inconsistent",
                            aid,
                            s,
                            e,
                            f"{form!r} is tagged {label} here but with other labels elsewhere ({others})",
                        )
                    )
        # Untagged occurrences of a tagged text.
        for aid, s, e, form in self.missed:
            labels = forms.get(form)
            if labels:
                out.append(
                    Finding(
                        "warning",
                        "missed",
                        aid,
                        s,
                        e,
                        f"{form!r} is tagged {labels.most_common(1)[0][0]} elsewhere but not here",
                    )
                )
        keep = self.keep
        for name in [lb.name for lb in self.store.labels() if keep is None or lb.name in keep]:
            if not self.used[name]:
                out.append(
                    Finding(
                        "warning",
                        "unused-label",
                        None,
                        None,
                        None,
                        f"label {name} is used by no exported span",
                    )
                )
        order = {"error": 0, "warning": 1}
        return sorted(
            out,
            key=lambda f: (
                f.article_id is None,
                f.article_id or 0,
                f.start or 0,
                order.get(f.severity, 2),
                f.code,
            ),
        )


def _whose_spans(store: Store, article_id: int, whose: str | None) -> list[Any]:
    """An article's spans of ``whose`` (None: every span), as an export selects them."""
    spans = store.spans(article_id)
    if whose is None:
        return spans
    from .adjudicate import select_spans

    return select_spans(store, article_id, spans, whose)


def _form_labels(
    store: Store,
    ids: Sequence[int],
    keep: set[str] | None,
    whose: str | None = None,
    chunk: int = 500,
) -> dict[str, Counter[str]]:
    """Surface form -> label -> number of spans, over the articles ``ids`` (and labels ``keep``),
    counting only the spans of ``whose`` (None: every span)."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    if whose == "majority":  # made per article from the finishers' spans: no single SQL count
        for aid in ids:
            for sp in _whose_spans(store, aid, whose):
                if keep is None or sp.label in keep:
                    forms[sp.text][sp.label] += 1
        return dict(forms)
    who_sql, who = ("", ()) if whose is None else (" AND annotator = ?", (whose,))
    for i in range(0, len(ids), chunk):
        part = list(ids[i : i + chunk])
        marks = ",".join("?" * len(part))
        for text, label, n in store.execute(
            f"SELECT text, label, COUNT(*) FROM spans WHERE article_id IN ({marks}){who_sql}"
            " GROUP BY text, label",
            [*part, *who],
        ):
            if keep is None or label in keep:
                forms[text][label] += n
    return dict(forms)


def _context(text: str, s: int, e: int) -> str:
    a, b = max(0, s - 12), min(len(text), e + 12)
    return "…" + text[a:s] + "[" + text[s:e] + "]" + text[e:b] + "…"


def _abbreviation_end(text: str, tok_at: dict[int, tuple[int, int]], e: int) -> bool:
    """The span ends with a token like ``Inc.`` or ``U.S.`` whose final dot is part of it."""
    tok = tok_at.get(e)
    return (
        tok is not None
        and text[e - 1] == "."
        and tok[1] - tok[0] > 1
        and text[tok[0] : tok[1]].strip(".") != ""
    )


def _balanced(t: str) -> bool:
    pairs = {")": "(", "]": "[", "»": "«", "”": "“"}
    return t[-1] in pairs and pairs[t[-1]] in t


def _overlaps(aid: int, spans: list[Any], fmt: str | None) -> list[Finding]:
    if fmt not in (None, "spacy", *NO_OVERLAP):
        return []
    out = []
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.start >= a.end:
                break
            what = f"{a.label} {a.text!r} and {b.label} {b.text!r} overlap"
            if fmt in NO_OVERLAP:
                out.append(
                    Finding(
                        "error",
                        "overlap",
                        aid,
                        b.start,
                        b.end,
                        f"{what}; --format {fmt} has one tag per token: keep one of them",
                    )
                )
            elif fmt == "spacy":
                out.append(
                    Finding(
                        "warning",
                        "overlap",
                        aid,
                        b.start,
                        b.end,
                        f"{what}; both go to doc.spans['sc'], only the longer to doc.ents",
                    )
                )
            else:
                out.append(
                    Finding(
                        "warning",
                        "overlap",
                        aid,
                        b.start,
                        b.end,
                        f"{what}; conll and hf cannot hold both (spaCy keeps the longer in doc.ents)",
                    )
                )
    return out
