"""How often newsmark's tokenizer agrees with spaCy's, per language, on real text.

Run from the repository root:  python bench/tokens_spacy.py [--devset ../shared/devset]

Reads the dev set's language file (``lang/lang_dev.jsonl``: real paragraphs and headlines with
their language); nothing is copied into the repository. For each text it compares the tokens of
:func:`tui.core.tokens.token_spans` with ``spacy.blank(lang)`` (whitespace tokens left out) and
prints, per language: the share of texts whose tokens are identical, the share of our tokens
that are exactly one of spaCy's, and the share of our tokens spaCy's strict ``char_span``
accepts (a span on them exports to a DocBin unchanged). Lint judges spans by spaCy's tokens, so
these numbers say how often the reader's token steps differ from spaCy's, not what lint refuses.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--devset", default=str(ROOT.parent.parent / "shared" / "devset"))
    args = ap.parse_args()
    from tui.core.formats.spacy_docbin import blank
    from tui.core.tokens import token_spans

    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for line in (
        (Path(args.devset) / "lang" / "lang_dev.jsonl").read_text(encoding="utf-8").splitlines()
    ):
        rec = json.loads(line)
        text, lang = rec["text"], rec["lang"]
        ours = token_spans(text, lang)
        doc = blank(lang).make_doc(text)
        theirs = [(t.idx, t.idx + len(t)) for t in doc if not t.is_space]
        st = stats[lang]
        st[0] += 1
        st[1] += ours == theirs
        st[2] += len(ours)
        st[3] += len(set(ours) & set(theirs))
        st[4] += sum(doc.char_span(s, e, alignment_mode="strict") is not None for s, e in ours)
    print(
        "| language | texts | identical tokens | our tokens that are spaCy's | our tokens spaCy accepts as a span |"
    )
    print("|---|---|---|---|---|")
    total = [0, 0, 0, 0, 0]
    for lang in sorted(stats, key=lambda k: -stats[k][0]):
        n, same, toks, exact, ok = stats[lang]
        total = [a + b for a, b in zip(total, stats[lang], strict=True)]
        print(f"| {lang} | {n} | {same / n:.0%} | {exact / toks:.1%} | {ok / toks:.1%} |")
    n, same, toks, exact, ok = total
    print(f"| all | {n} | {same / n:.0%} | {exact / toks:.1%} | {ok / toks:.1%} |")


if __name__ == "__main__":
    main()
