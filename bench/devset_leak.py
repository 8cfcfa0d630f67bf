"""Is any dev-set text in the repository? (The dev set's pages belong to their publishers: they
may be read by benchmarks, never copied into the app, its tests, seeds or docs.)

Run from the repository root:  python bench/devset_leak.py [--devset ../shared/devset]

Every dev-set ``gold_text`` and ``raw_text`` (``plaintext/``, ``plaintext_noisy/``) and every
ground-truth ``articleBody`` (``html/ground-truth.json``) is cut into windows of ``--width``
characters every ``--step`` characters, after keeping only letters and digits in lower case (so a
sentence quoted across two Python string literals, re-wrapped or re-punctuated, is still found).
Each tracked file of the repository is normalised the same way and searched for every window.
Prints each hit (file, dev-set page, the text around it) and exits 1 if there is one, 0 if none.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEVSET = ROOT.parent / "shared" / "devset"
SCANNED = ("tests", "seeds", "docs", "bench", "tui", "README.md", "pyproject.toml")


def normalise(text: str) -> str:
    """Letters and digits only, lower case: what survives quoting, wrapping and escaping."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def devset_texts(devset: Path) -> list[tuple[str, str]]:
    """(page id and field, text) for every text of the dev set."""
    out: list[tuple[str, str]] = []
    for folder in ("plaintext", "plaintext_noisy"):
        for f in sorted((devset / folder).glob("*.json")):
            rec = json.loads(f.read_text(encoding="utf-8"))
            for key in ("gold_text", "raw_text"):
                if rec.get(key):
                    out.append((f"{folder}/{f.stem}:{key}", rec[key]))
    truth = json.loads((devset / "html" / "ground-truth.json").read_text(encoding="utf-8"))
    for pid, rec in truth.items():
        if rec.get("articleBody"):
            out.append((f"html/{pid}:articleBody", rec["articleBody"]))
    return out


def windows(devset: Path, width: int, step: int) -> dict[str, str]:
    """Normalised window -> the dev-set text it comes from."""
    found: dict[str, str] = {}
    for where, text in devset_texts(devset):
        norm = normalise(text)
        for i in range(0, max(len(norm) - width, 0) + 1, step):
            w = norm[i : i + width]
            if len(w) == width:
                found.setdefault(w, where)
    return found


def repo_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", *SCANNED],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    return [ROOT / p for p in out if p and (ROOT / p).is_file()]


def scan(devset: Path, width: int, step: int) -> list[tuple[str, str, str]]:
    """(repo file, dev-set text, the matching normalised window) for each file with a hit."""
    wins = windows(devset, width, step)
    hits: list[tuple[str, str, str]] = []
    for path in repo_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        norm = normalise(text)
        seen: set[str] = set()
        for i in range(0, len(norm) - width + 1):
            w = norm[i : i + width]
            where = wins.get(w)
            if where is not None and where not in seen:
                seen.add(where)
                hits.append((str(path.relative_to(ROOT)), where, w))
    return hits


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--devset", default=str(DEFAULT_DEVSET))
    ap.add_argument("--width", type=int, default=40, help="window, in letters and digits")
    ap.add_argument("--step", type=int, default=10, help="a window every STEP letters")
    args = ap.parse_args()
    devset = Path(args.devset)
    if not (devset / "html" / "ground-truth.json").is_file():
        print(f"no dev set at {devset}", file=sys.stderr)
        return 2
    hits = scan(devset, args.width, args.step)
    for file, where, w in hits:
        print(f"{file}\t{where}\t{w}")
    n_files = len({h[0] for h in hits})
    print(
        f"{len(hits)} dev-set text(s) found in {n_files} file(s) "
        f"(windows of {args.width} letters/digits every {args.step})",
        file=sys.stderr,
    )
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
