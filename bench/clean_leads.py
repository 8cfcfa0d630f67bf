"""Which dev-set HTML pages lose their lead, and where in the page the lead sits.

Run from the repository root:  python bench/clean_leads.py [--devset ../shared/devset]

For every HTML page of the dev set whose gold body starts with a paragraph our cleaner's text
lacks (fundus' gold starts with the summary / lead), prints the page id, its language, the
missing paragraph's start, and the DOM block it sits in (tag.class path, link share), so a
dropped lead can be told from a caption, a kicker or a byline that a parser's gold includes.
The dev set's pages and text stay outside the repository: this only prints to the terminal.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--devset", default=str(ROOT.parent / "shared" / "devset"))
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from tui.core.clean import clean_html_document
    from tui.core.clean.html import _block_norm
    from tui.core.clean_html import parse_html, render_page

    html_dir = Path(args.devset, "html")
    gold = json.loads((html_dir / "ground-truth.json").read_text(encoding="utf8"))
    missing = 0
    for key in sorted(gold):
        html = gzip.decompress((html_dir / f"{key}.html.gz").read_bytes()).decode("utf8", "replace")
        ours = _norm(clean_html_document(html).text)
        paras = [p for p in (_norm(x) for x in gold[key]["articleBody"].split("\n")) if p]
        if not paras or paras[0][:40] in ours:
            continue
        missing += 1
        root = parse_html(html)
        blocks = render_page(root, _block_norm)[1] if root is not None else []
        where = next((b for b in blocks if paras[0][:25] in b.text), None)
        print(f"{key} [{gold[key]['lang']}] {paras[0][:90]!r}")
        if where is None:
            print("    not one block of the page (joined or split differently)")
        else:
            path = " > ".join(f"{t}.{h.strip()[:30]}" for t, h in where.ctx[-5:])
            print(f"    links {where.link_density:.1f} | {path}")
    print(f"{missing} of {len(gold)} pages lack the gold's first paragraph")


if __name__ == "__main__":
    main()
