"""Leave-one-language-out check of the plain-text cleaner on the development set.

Run from the repository root:  python bench/clean_lolo.py [--devset ../shared/devset]

For each language of the dev set that has a stoplist, its pages are cleaned once as usual and
once with that language's stoplist hidden (``tui.core.clean.HIDDEN_STOPLISTS``), as if the page were
in a language the cleaner has never seen; "no stoplist at all" hides every list, so only the
language-independent path (the page's own frequent words) is left. Prints a Markdown table of
token F1 (bags of ``\\w+`` tokens, as ``eval_clean.py``) per language and set.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_TOKEN_RE = re.compile(r"\w+")


def token_prf(gold: str, pred: str) -> tuple[float, float]:
    """(precision, recall) of the bag of tokens of *pred* against *gold*."""
    g, p = Counter(_TOKEN_RE.findall(gold)), Counter(_TOKEN_RE.findall(pred))
    tp = sum((g & p).values())
    return (tp / sum(p.values()) if p else 0.0), (tp / sum(g.values()) if g else 0.0)


def score(items: list[dict], clean) -> tuple[float, int]:
    """Token F1 of the averaged P and R (as eval_clean.py), and the number of empty outputs."""
    ps, rs, empty = [], [], 0
    for it in items:
        out = clean(it["raw_text"])
        p, r = token_prf(it["gold_text"], out)
        if out.strip():
            ps.append(p)
        else:
            empty += 1
        rs.append(r)
    P = sum(ps) / len(ps) if ps else 0.0
    R = sum(rs) / len(rs)
    return (2 * P * R / (P + R) if P + R else 0.0), empty


def table(devset: Path) -> list[str]:
    """The Markdown table (one row per language and set)."""
    sys.path.insert(0, str(ROOT))
    import tui.core.clean as C

    def clean(raw: str) -> str:
        return C.clean_text(raw).text

    rows = [
        "| lang | pages | set | own stoplist | own list hidden | no stoplist at all |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name in ("plaintext", "plaintext_noisy"):
        items = [json.loads(f.read_text()) for f in sorted(Path(devset, name).glob("*.json"))]
        by_lang: dict[str, list[dict]] = {}
        for it in items:
            by_lang.setdefault(it["lang"], []).append(it)
        for lang in sorted(by_lang):
            if lang not in C._stopwords():
                continue
            cells = []
            for hidden in (set(), {lang}, set(C._stopwords())):
                C.HIDDEN_STOPLISTS.clear()
                C.HIDDEN_STOPLISTS.update(hidden)
                C.reset_stoplists()
                f1, empty = score(by_lang[lang], clean)
                cells.append(f"{f1:.3f}" + (f" ({empty} empty)" if empty else ""))
            C.HIDDEN_STOPLISTS.clear()
            C.reset_stoplists()
            rows.append(f"| {lang} | {len(by_lang[lang])} | `{name}` | " + " | ".join(cells) + " |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--devset", default=str(ROOT.parent / "shared" / "devset"))
    args = ap.parse_args()
    print("\n".join(table(Path(args.devset))))


if __name__ == "__main__":
    main()
