"""Inter-annotator agreement on spans: exact-span F1, overlap F1, token Cohen's κ, token α.

Every figure is defined in docs/team.md; in short, for a pair of annotators (A, B), over the
articles both marked *done*:

- ``exact_f1`` = 2·|A ∩ B| / (|A| + |B|), spans compared as (article, start, end, label).
- ``overlap_f1`` = (m_A + m_B) / (|A| + |B|), m_A = A's spans that overlap a span of B with the
  same label (and the other way round for m_B).
- ``token_kappa``: Cohen's κ = (p_o − p_e) / (1 − p_e) over every token of those articles, each
  token coded with the label of the span that covers it or ``O``.
- ``token_alpha``: Krippendorff's α, nominal, over the same token codes.

Per label, spans are restricted to that label and tokens are coded label / not-label. Overall
(all annotators): F1 and κ are the mean over pairs; α is computed once over every annotator
on the articles at least two of them finished (those who did not finish an article are missing
values, which α allows). A figure that is undefined (no spans at all; only one code) is
``None`` (``null`` in JSON). Figures are rounded to 6 decimals so ``--json`` is byte-identical
for the same database.

Memory does not grow with the corpus: articles are read one at a time and :class:`Tally` keeps
only counts: per pair and label the span counts the F1s need, and how many tokens got each
combination of codes from each set of finishers. κ comes from a pair's confusion counts; α
from the coincidence matrix those combinations make, with the ``krippendorff`` package's own
formula (its coincidences are exact for two or three finishers per article, so α is the
package's to the last bit; tests/core/test_agreement.py checks both against the package and
against the token lists).

UI-free; NumPy loads only when α is computed.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import combinations, groupby
from typing import Any

from . import team

KEYS = ("exact_f1", "overlap_f1", "token_kappa", "token_alpha")
OUTSIDE = "O"

SpanT = tuple[int, int, int, str]  # article id, start, end, label
#: One article as :class:`Tally` takes it: id, token offsets, each finisher's (start, end, label)
ArticleWork = tuple[int, list[tuple[int, int]], dict[str, list[tuple[int, int, str]]]]


def kappa_of_confusion(confusion: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's κ (1960) from a confusion table ((code of A, code of B) -> items):
    (p_o − p_e) / (1 − p_e), p_e from each coder's own marginals. None when there is no item or
    p_e = 1 (both used one and the same code throughout)."""
    n = sum(confusion.values())
    if n == 0:
        return None
    ca: Counter[str] = Counter()
    cb: Counter[str] = Counter()
    agree = 0
    for (x, y), c in confusion.items():
        ca[x] += c
        cb[y] += c
        if x == y:
            agree += c
    p_o = agree / n
    p_e = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    if p_e >= 1.0:
        return None
    return (p_o - p_e) / (1.0 - p_e)


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's κ of two codings of the same items (:func:`kappa_of_confusion` of their table)."""
    if len(a) == 0 or len(a) != len(b):
        return None
    return kappa_of_confusion(Counter(zip(a, b, strict=True)))


def alpha_of_units(units: Mapping[tuple[str, ...], int]) -> float | None:
    """Krippendorff's α, nominal, from how many units got each combination of values (a tuple
    of the values the coders gave it, missing ones left out; order does not matter).

    The coincidence matrix is summed exactly in integers per number of coders m (a unit adds
    (n_c·n_k − [c = k]·n_c) / (m − 1) to o[c][k]), then α follows the ``krippendorff``
    package's own steps (``alpha`` with ``level_of_measurement="nominal"``), values in sorted
    order. None when undefined (no unit with two values; a single value used throughout).
    """
    values = sorted({c for u in units for c in u})
    if len(values) < 2:
        return None
    index = {v: i for i, v in enumerate(values)}
    size = len(values)
    by_m: dict[int, list[list[int]]] = {}
    for unit, n in units.items():
        m = len(unit)
        if m < 2 or n == 0:
            continue
        o = by_m.setdefault(m, [[0] * size for _ in range(size)])
        counts = Counter(unit)
        for c, nc in counts.items():
            row = o[index[c]]
            for k, nk in counts.items():
                row[index[k]] += n * (nc * nk - (nc if c == k else 0))
    if not by_m:
        return None
    import numpy as np

    o_sum = np.zeros((size, size), dtype=float)
    for m in sorted(by_m):
        o_sum += np.divide(np.array(by_m[m], dtype=float), m - 1)
    n_v = o_sum.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        e = np.divide(np.outer(n_v, n_v) - np.diagflat(n_v), n_v.sum() - 1, dtype=float)
        domain = np.arange(size, dtype=float)
        d = (domain[:, np.newaxis] != domain[np.newaxis, :]).astype(float)
        value = float(1 - (o_sum * d).sum() / (e * d).sum())
    return None if math.isnan(value) else value


def krippendorff_alpha(codes: Sequence[Sequence[str | None]]) -> float | None:
    """Krippendorff's α, nominal, of a coders × units table (None: missing):
    :func:`alpha_of_units` of its columns. None when undefined (fewer than two values per unit
    anywhere, or a single code used throughout)."""
    units: Counter[tuple[str, ...]] = Counter()
    for column in zip(*codes, strict=True):
        units[tuple(sorted(c for c in column if c is not None))] += 1
    return alpha_of_units(units)


def exact_f1(a: set[SpanT], b: set[SpanT]) -> float | None:
    if not a and not b:
        return None
    return 2 * len(a & b) / (len(a) + len(b))


def overlap_f1(a: set[SpanT], b: set[SpanT]) -> float | None:
    if not a and not b:
        return None

    def matched(xs: set[SpanT], ys: set[SpanT]) -> int:
        by_key: dict[tuple[int, str], list[tuple[int, int]]] = {}
        for aid, s, e, lb in ys:
            by_key.setdefault((aid, lb), []).append((s, e))
        return sum(
            any(s < ye and ys_ < e for ys_, ye in by_key.get((aid, lb), ())) for aid, s, e, lb in xs
        )

    return (matched(a, b) + matched(b, a)) / (len(a) + len(b))


def token_codes(tokens: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[str]:
    """Each token's code: the label of the span covering it (overlapping spans: the one that
    starts first, then the longest), else ``O``. A token is covered when it overlaps the span."""
    import bisect

    codes = [OUTSIDE] * len(tokens)
    starts = [ts for ts, _ in tokens]
    ends = [te for _, te in tokens]
    for s, e, lb in sorted(
        spans, key=lambda x: (-x[0], x[1] - x[0])
    ):  # first-starting written last
        # tokens overlapping [s, e): those ending after s and starting before e
        for i in range(bisect.bisect_right(ends, s), bisect.bisect_left(starts, e)):
            codes[i] = lb
    return codes


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def _mean(xs: list[float | None]) -> float | None:
    vals = [x for x in xs if x is not None]
    return sum(vals) / len(vals) if vals else None


#: Span counts of a pair (A, B) for one label: |A|, |B|, |A ∩ B|, m_A, m_B.
NA, NB, BOTH, MA, MB = range(5)


class Tally:
    """The counts every figure of :func:`agreement` needs, added one article at a time
    (:meth:`add`), so memory stays flat however many tokens the team finished: per pair, its
    articles and per label its span counts; per set of finishers, how many tokens got each
    tuple of codes (one code per finisher, in name order)."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = sorted(names)
        self.articles = 0
        self.used: set[str] = set()  # labels of the finishers' spans
        self.pair_articles: Counter[tuple[str, str]] = Counter()
        self.pair_spans: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(dict)
        self.units: dict[tuple[str, ...], Counter[tuple[str, ...]]] = defaultdict(Counter)

    def add(
        self,
        article_id: int,
        tokens: list[tuple[int, int]],
        spans: dict[str, list[tuple[int, int, str]]],
    ) -> None:
        """One article: its tokens and the spans of each of ``names`` who finished it (an
        article fewer than two of them finished does not count)."""
        finishers = tuple(n for n in self.names if n in spans)
        if len(finishers) < 2:
            return
        self.articles += 1
        for who in finishers:
            self.used.update(lb for _, _, lb in spans[who])
        codes = [token_codes(tokens, spans[who]) for who in finishers]
        self.units[finishers].update(zip(*codes, strict=True))
        keys = {who: set(spans[who]) for who in finishers}
        placed: dict[str, dict[str, list[tuple[int, int]]]] = {}  # who -> label -> (start, end)
        for who, ks in keys.items():
            placed[who] = defaultdict(list)
            for s, e, lb in ks:
                placed[who][lb].append((s, e))
        for x, y in combinations(finishers, 2):
            self.pair_articles[(x, y)] += 1
            by_label = self.pair_spans[(x, y)]
            for mine, theirs, n, m in ((x, y, NA, MA), (y, x, NB, MB)):
                other = keys[theirs]
                for s, e, lb in keys[mine]:
                    c = by_label.get(lb)
                    if c is None:
                        c = by_label[lb] = [0, 0, 0, 0, 0]
                    c[n] += 1
                    if n == NA and (s, e, lb) in other:
                        c[BOTH] += 1
                    if any(ts < e and s < te for ts, te in placed[theirs].get(lb, ())):
                        c[m] += 1

    # --- the figures --------------------------------------------------------------------

    def _span_counts(self, pair: tuple[str, str], label: str | None) -> list[int]:
        by_label = self.pair_spans.get(pair, {})
        if label is not None:
            return by_label.get(label, [0, 0, 0, 0, 0])
        return [sum(c[i] for c in by_label.values()) for i in range(5)]

    def _coded(self, label: str | None) -> Callable[[str], str]:
        if label is None:
            return lambda c: c
        return lambda c: label if c == label else OUTSIDE

    def _pair_tokens(self, x: str, y: str, label: str | None) -> Iterator[tuple[str, str, int]]:
        """(code of x, code of y, tokens) over the articles both finished."""
        code = self._coded(label)
        for finishers, combos in self.units.items():
            if x in finishers and y in finishers:
                i, j = finishers.index(x), finishers.index(y)
                for combo, n in combos.items():
                    yield code(combo[i]), code(combo[j]), n

    def figures(self, names: Sequence[str], label: str | None) -> dict[str, Any]:
        """The four figures for ``names`` (two: a pair; more: overall), for ``label`` (None: all
        labels)."""
        ex, ov, ka = [], [], []
        for x, y in combinations(names, 2):
            if not self.pair_articles[(x, y)]:
                continue
            c = self._span_counts((x, y), label)
            total = c[NA] + c[NB]
            ex.append(2 * c[BOTH] / total if total else None)
            ov.append((c[MA] + c[MB]) / total if total else None)
            confusion: Counter[tuple[str, str]] = Counter()
            for cx, cy, n in self._pair_tokens(x, y, label):
                confusion[(cx, cy)] += n
            ka.append(kappa_of_confusion(confusion))
        return {
            "exact_f1": _round(_mean(ex)),
            "overlap_f1": _round(_mean(ov)),
            "token_kappa": _round(_mean(ka)),
            "token_alpha": _round(alpha_of_units(self._alpha_units(names, label))),
        }

    def _alpha_units(self, names: Sequence[str], label: str | None) -> Counter[tuple[str, ...]]:
        """The values of each token of the articles at least two of ``names`` finished."""
        code = self._coded(label)
        wanted = set(names)
        units: Counter[tuple[str, ...]] = Counter()
        for finishers, combos in self.units.items():
            keep = [i for i, who in enumerate(finishers) if who in wanted]
            if len(keep) < 2:
                continue
            for combo, n in combos.items():
                units[tuple(sorted(code(combo[i]) for i in keep))] += n
        return units


def iter_finished(conn: sqlite3.Connection, names: Sequence[str]) -> Iterator[ArticleWork]:
    """Articles done by at least two of ``names``, one at a time in id order, with each
    finisher's spans and the article's tokens."""
    from .tokens import token_spans

    wanted = set(names)
    rows = conn.execute(
        "SELECT article_id, annotator FROM annotator_status WHERE status = 'done'"
        " ORDER BY article_id, annotator"
    )
    for aid, group in groupby(rows, key=lambda r: r[0]):
        who_done = [w for _, w in group if w in wanted]
        if len(who_done) < 2:
            continue
        text, lang = conn.execute("SELECT text, lang FROM articles WHERE id = ?", (aid,)).fetchone()
        spans: dict[str, list[tuple[int, int, str]]] = {w: [] for w in who_done}
        for s, e, lb, w in conn.execute(
            'SELECT start, "end", label, annotator FROM spans WHERE article_id = ?'
            ' ORDER BY start, "end", label',
            (aid,),
        ):
            if w in spans:
                spans[w].append((s, e, lb))
        yield aid, token_spans(text, lang), spans


def tally(names: Sequence[str], articles: Iterable[ArticleWork]) -> Tally:
    """A :class:`Tally` of ``articles`` (read one at a time)."""
    t = Tally(names)
    for aid, tokens, spans in articles:
        t.add(aid, tokens, spans)
    return t


def report(
    t: Tally, labels: Sequence[str] | None, label_order: Sequence[str] = ()
) -> dict[str, Any]:
    """The whole report of a :class:`Tally`: overall and per pair, for all labels and per
    label (``labels`` None: those the finishers used, in ``label_order`` first)."""
    names = t.names
    if labels is None:
        used = t.used
        labels = [lb for lb in label_order if lb in used] + sorted(used - set(label_order))
    out: dict[str, Any] = {
        "annotators": list(names),
        "articles": t.articles,
        "labels": list(labels),
    }
    out.update(t.figures(names, None))
    out["by_label"] = {lb: t.figures(names, lb) for lb in labels}
    pairs = []
    for x, y in combinations(names, 2):
        pairs.append(
            {
                "a": x,
                "b": y,
                "articles": t.pair_articles[(x, y)],
                **t.figures([x, y], None),
                "by_label": {lb: t.figures([x, y], lb) for lb in labels},
            }
        )
    out["pairs"] = pairs
    return out


def agreement(
    conn: sqlite3.Connection,
    names: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The whole report: overall and per pair, for all labels and per label."""
    if names is None:
        names = [n for n in team.annotators(conn) if "~" not in n]
    names = sorted(names)
    t = tally(names, iter_finished(conn, names))
    order = [r[0] for r in conn.execute("SELECT name FROM labels ORDER BY ord, name")]
    return report(t, labels, order)


def article_agreement(
    conn: sqlite3.Connection, article_id: int, names: Sequence[str]
) -> float | None:
    """Mean pairwise exact-span F1 on one article (the adjudication queue's order)."""
    spans = {
        n: {
            (article_id, s, e, lb)
            for s, e, lb in conn.execute(
                'SELECT start, "end", label FROM spans WHERE article_id = ? AND annotator = ?',
                (article_id, n),
            )
        }
        for n in names
    }
    vals = [exact_f1(spans[x], spans[y]) for x, y in combinations(names, 2)]
    got = [v for v in vals if v is not None]
    return sum(got) / len(got) if got else (1.0 if vals else None)


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, sort_keys=True, indent=2)


def to_text(report: dict[str, Any]) -> str:
    """The report as a table: overall, then each pair; all labels, then each label."""

    def fmt(x: float | None) -> str:
        return "   -  " if x is None else f"{x:6.3f}"

    head = f"{'':28} {'exactF1':>7} {'overlF1':>7} {'tok κ':>7} {'tok α':>7}"
    lines = [
        f"annotators: {', '.join(report['annotators']) or '(none)'}; "
        f"articles done by at least two: {report['articles']}",
        head,
    ]

    def block(title: str, figs: dict[str, Any], by_label: dict[str, Any]) -> None:
        lines.append(f"{title[:28]:28} " + " ".join(f"{fmt(figs[k]):>7}" for k in KEYS))
        for lb, f in by_label.items():
            lines.append(f"{'  ' + lb[:26]:28} " + " ".join(f"{fmt(f[k]):>7}" for k in KEYS))

    block("overall", report, report["by_label"])
    for p in report["pairs"]:
        block(f"{p['a']} / {p['b']} ({p['articles']})", p, p["by_label"])
    return "\n".join(lines)


def labels_above(
    conn: sqlite3.Connection,
    floor: float,
    labels: Sequence[str] | None,
    warn: Callable[[str], None],
) -> list[str]:
    """The labels (of ``labels``, or all) whose overall token α is at least ``floor``; each one
    left out is named through ``warn``. Refuses (StoreError) when none is left."""
    from .store import StoreError

    report = agreement(conn)
    names = list(labels) if labels else list(report["labels"])
    keep = []
    for lb in names:
        alpha = report["by_label"].get(lb, {}).get("token_alpha")
        if alpha is not None and alpha >= floor:
            keep.append(lb)
        else:
            shown = (
                "undefined (no articles done by two annotators)"
                if alpha is None
                else f"{alpha:.3f}"
            )
            warn(
                f"warning: label {lb}: token alpha {shown} is below --min-agreement {floor}; not exported"
            )
    if not keep:
        raise StoreError(f"no label reaches --min-agreement {floor}; nothing exported")
    return keep


def agreement_in(
    store: Any, names: Sequence[str] | None = None, labels: Sequence[str] | None = None
) -> dict[str, Any]:
    """:func:`agreement` of a Store's database (what the screens and the CLI ask)."""
    return agreement(store.conn, names, labels)


def labels_above_in(
    store: Any, floor: float, labels: Sequence[str] | None, warn: Callable[[str], None]
) -> list[str]:
    """:func:`labels_above` of a Store's database."""
    return labels_above(store.conn, floor, labels, warn)
