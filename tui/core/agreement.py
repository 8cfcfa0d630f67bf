"""Inter-annotator agreement on spans: exact-span F1, overlap F1, token Cohen's κ, token α.

Every figure is defined in docs/team.md; in short, for a pair of annotators (A, B), over the
articles both marked *done*:

- ``exact_f1`` = 2·|A ∩ B| / (|A| + |B|), spans compared as (article, start, end, label).
- ``overlap_f1`` = (m_A + m_B) / (|A| + |B|), m_A = A's spans that overlap a span of B with the
  same label (and the other way round for m_B).
- ``token_kappa``: Cohen's κ = (p_o − p_e) / (1 − p_e) over every token of those articles, each
  token coded with the label of the span that covers it or ``O``.
- ``token_alpha``: Krippendorff's α, nominal, over the same token codes (the ``krippendorff``
  package).

Per label, spans are restricted to that label and tokens are coded label / not-label. Overall
(all annotators): F1 and κ are the mean over pairs; α is computed once over every annotator
on the articles at least two of them finished (those who did not finish an article are missing
values, which α allows). A figure that is undefined (no spans at all; only one code) is
``None`` (``null`` in JSON). Figures are rounded to 6 decimals so ``--json`` is byte-identical
for the same database.

UI-free, and the numeric library (NumPy through ``krippendorff``) loads only when α is computed.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from . import team

KEYS = ("exact_f1", "overlap_f1", "token_kappa", "token_alpha")
OUTSIDE = "O"

SpanT = tuple[int, int, int, str]  # article id, start, end, label


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's κ (1960) of two codings of the same items: (p_o − p_e) / (1 − p_e), p_e from
    each coder's own marginals. None when p_e = 1 (both used one and the same code throughout)."""
    n = len(a)
    if n == 0 or n != len(b):
        return None
    p_o = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    p_e = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    if p_e >= 1.0:
        return None
    return (p_o - p_e) / (1.0 - p_e)


def krippendorff_alpha(codes: Sequence[Sequence[str | None]]) -> float | None:
    """Krippendorff's α, nominal, of a coders × units table (None: missing), via the
    ``krippendorff`` package. None when undefined (fewer than two values per unit anywhere, or
    a single code used throughout)."""
    values = sorted({c for row in codes for c in row if c is not None})
    if len(values) < 2:
        return None
    index = {v: float(i) for i, v in enumerate(values)}
    import krippendorff
    import numpy as np

    data = np.array(
        [[index[c] if c is not None else np.nan for c in row] for row in codes], dtype=float
    )
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if pairable.sum() == 0:
        return None
    try:
        value = float(
            krippendorff.alpha(
                reliability_data=data[:, pairable],
                level_of_measurement="nominal",
                value_domain=list(index.values()),
            )
        )
    except (ValueError, ZeroDivisionError):
        return None
    return None if math.isnan(value) else value


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


@dataclass
class Article:
    id: int
    tokens: list[tuple[int, int]]
    spans: dict[str, list[tuple[int, int, str]]]  # by annotator
    codes: dict[str, list[str]] | None = None  # token codes by annotator, made once

    def codes_of(self, who: str) -> list[str]:
        if self.codes is None:
            self.codes = {}
        got = self.codes.get(who)
        if got is None:
            got = self.codes[who] = token_codes(self.tokens, self.spans.get(who, []))
        return got


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def _figures(names: Sequence[str], arts: list[Article], label: str | None) -> dict[str, Any]:
    """The four figures for ``names`` (two: a pair; more: overall) over ``arts``."""

    def span_set(who: str, pool: list[Article]) -> set[SpanT]:
        return {
            (a.id, s, e, lb)
            for a in pool
            for s, e, lb in a.spans.get(who, ())
            if label is None or lb == label
        }

    def codes(who: str, a: Article) -> list[str]:
        cs = a.codes_of(who)
        return cs if label is None else [label if c == label else OUTSIDE for c in cs]

    pairs = list(combinations(names, 2))
    ex, ov, ka = [], [], []
    for x, y in pairs:
        both = [a for a in arts if x in a.spans and y in a.spans]
        if not both:
            continue
        sx, sy = span_set(x, both), span_set(y, both)
        ex.append(exact_f1(sx, sy))
        ov.append(overlap_f1(sx, sy))
        cx = [c for a in both for c in codes(x, a)]
        cy = [c for a in both for c in codes(y, a)]
        ka.append(cohen_kappa(cx, cy))
    rows: list[list[str | None]] = [[] for _ in names]
    for a in arts:
        finished = [n for n in names if n in a.spans]
        if len(finished) < 2:
            continue
        for i, n in enumerate(names):
            rows[i].extend(codes(n, a) if n in a.spans else [None] * len(a.tokens))

    def mean(xs: list[float | None]) -> float | None:
        vals = [x for x in xs if x is not None]
        return sum(vals) / len(vals) if vals else None

    return {
        "exact_f1": _round(mean(ex)),
        "overlap_f1": _round(mean(ov)),
        "token_kappa": _round(mean(ka)),
        "token_alpha": _round(krippendorff_alpha(rows) if rows and rows[0] else None),
    }


def load_articles(conn: sqlite3.Connection, names: Sequence[str]) -> list[Article]:
    """Articles done by at least two of ``names``, with each finisher's spans and the tokens."""
    from .tokens import token_spans

    done: dict[int, list[str]] = {}
    for aid, who in conn.execute(
        "SELECT article_id, annotator FROM annotator_status WHERE status = 'done'"
        " ORDER BY article_id, annotator"
    ):
        if who in names:
            done.setdefault(aid, []).append(who)
    out = []
    for aid in sorted(done):
        who_done = done[aid]
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
        out.append(Article(aid, token_spans(text, lang), spans))
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
    arts = load_articles(conn, names)
    if labels is None:
        used = {lb for a in arts for sp in a.spans.values() for _, _, lb in sp}
        order = [r[0] for r in conn.execute("SELECT name FROM labels ORDER BY ord, name")]
        labels = [lb for lb in order if lb in used] + sorted(used - set(order))
    report: dict[str, Any] = {
        "annotators": list(names),
        "articles": len(arts),
        "labels": list(labels),
    }
    report.update(_figures(names, arts, None))
    report["by_label"] = {lb: _figures(names, arts, lb) for lb in labels}
    pairs = []
    for x, y in combinations(names, 2):
        both = [a for a in arts if x in a.spans and y in a.spans]
        pairs.append(
            {
                "a": x,
                "b": y,
                "articles": len(both),
                **_figures([x, y], both, None),
                "by_label": {lb: _figures([x, y], both, lb) for lb in labels},
            }
        )
    report["pairs"] = pairs
    return report


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
