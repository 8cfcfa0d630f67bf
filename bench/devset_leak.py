"""Is any dev-set text in the repository? (The dev set's pages belong to their publishers: they
may be read by benchmarks, never copied into the app, its tests, seeds or docs.)

Run from the repository root:  python bench/devset_leak.py [--devset ../shared/devset]

Every dev-set ``gold_text`` and ``raw_text`` (``plaintext/``, ``plaintext_noisy/``) and every
ground-truth ``articleBody`` (``html/ground-truth.json``) is cut into windows of ``--width``
(40) characters every ``--step`` (4), and of ``--wide-width`` (16) where all are CJK, kana or
Hangul (a clause there), after keeping only letters and digits in lower case (so a sentence
quoted across two Python string literals, re-wrapped or re-punctuated, is still found).
Each tracked file of the repository is normalised the same way and searched for every window.
Prints each hit (file, dev-set text, the matching window) and exits 1 if there is one, 0 if
none. A few known matches that are not copied pages are listed, with the reason, in ``ALLOWED``.
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

#: Known matches that are not a copied page, by file: (file, phrase, why). The phrase is removed
#: from that file's text before the search, so anything else in the file is still found.
ALLOWED = (
    (
        "seeds/003_ce85fb04032088a1.txt",
        "Cliquez ici pour lire l'article depuis sa source",
        "an aggregator's widget line in the project's own seed (there since the first commit); the "
        "dev set's noise injector adds the same line to its noisy pages",
    ),
    (
        "tests/core/test_clean.py",
        "Cliquez ici pour lire l'article depuis sa source",
        "the same widget line, as the cleaner test's boilerplate",
    ),
    (
        "bench/data/speed/SOURCES.md",
        "`四国アイランドリーグｐｌｕｓ`, `高知ファイティングドッグス`",
        "two names of the hand-made gold, quoted one after the other as examples of whole names",
    ),
    (
        "tui/core/assist/cjk.py",
        "北海道 青森 岩手 宮城 秋田 山形 福島 茨城 栃木 群馬 埼玉 千葉 東京 神奈川 新潟 富山 石川 "
        "福井 山梨 長野 岐阜 静岡 愛知 三重 滋賀 京都 大阪 兵庫 奈良 和歌山 鳥取 島根 岡山 広島 "
        "山口 徳島 香川 愛媛 高知 福岡 佐賀 長崎 熊本 大分 宮崎 鹿児島 沖縄",
        "the closed list of prefectures, in their usual order (a page's prefecture menu has it too)",
    ),
)


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


def wide(s: str) -> bool:
    """All CJK, kana, Hangul or full-width: a script where a few characters make a clause."""
    return all(ord(ch) >= 0x2E80 for ch in s)


def windows(devset: Path, widths: tuple[int, int], step: int) -> dict[str, str]:
    """Normalised window -> the dev-set text it comes from: windows of ``widths[0]`` characters,
    and of ``widths[1]`` where all of them are wide (Japanese, Chinese, Korean)."""
    found: dict[str, str] = {}
    for where, text in devset_texts(devset):
        norm = normalise(text)
        for width in widths:
            for i in range(0, max(len(norm) - width, 0) + 1, step):
                w = norm[i : i + width]
                if len(w) == width and (width == widths[0] or wide(w)):
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
    me = Path(__file__).resolve()  # its ALLOWED list quotes what it allows
    return [ROOT / p for p in out if p and (ROOT / p).is_file() and (ROOT / p).resolve() != me]


def scan(devset: Path, widths: tuple[int, int], step: int) -> list[tuple[str, str, str]]:
    """(repo file, dev-set text, the matching normalised window) for each file with a hit."""
    wins = windows(devset, widths, step)
    hits: list[tuple[str, str, str]] = []
    for path in repo_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        norm = normalise(text)
        rel = path.relative_to(ROOT).as_posix()
        for file, phrase, _why in ALLOWED:
            if file == rel:
                norm = norm.replace(normalise(phrase), "|")
        seen: set[str] = set()
        for width in widths:
            for i in range(0, len(norm) - width + 1):
                w = norm[i : i + width]
                where = wins.get(w)
                if where is not None and where not in seen:
                    seen.add(where)
                    hits.append((rel, where, w))
    return hits


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--devset", default=str(DEFAULT_DEVSET))
    ap.add_argument("--width", type=int, default=40, help="window, in letters and digits")
    ap.add_argument("--wide-width", type=int, default=16, help="window in CJK / Hangul characters")
    ap.add_argument("--step", type=int, default=4, help="a window every STEP characters")
    args = ap.parse_args()
    devset = Path(args.devset)
    if not (devset / "html" / "ground-truth.json").is_file():
        print(f"no dev set at {devset}", file=sys.stderr)
        return 2
    hits = scan(devset, (args.width, args.wide_width), args.step)
    for file, where, w in hits:
        print(f"{file}\t{where}\t{w}")
    n_files = len({h[0] for h in hits})
    print(
        f"{len(hits)} dev-set text(s) found in {n_files} file(s) "
        f"(windows of {args.width} letters/digits, {args.wide_width} CJK/Hangul, every {args.step})",
        file=sys.stderr,
    )
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
