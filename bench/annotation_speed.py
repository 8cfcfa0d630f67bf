"""Keys per entity on real news: the scripted user of tests/helpers/scripted_user.py annotates a
German, a Korean and a Japanese page of the dev set against hand-made gold
(bench/data/speed/<lang>_gold.jsonl, notes in bench/data/speed/SOURCES.md), and the seeds.

Run from the repository root:  python bench/annotation_speed.py [--devset ../shared/devset]

Each page is read from the dev set at run time (its text is never copied into the repository):
the input is the page's title (``html/ground-truth.json``, stripped), a blank line and its
``gold_text`` (``plaintext/<id>.json``), imported with ``newsmark import``'s code into a
temporary database, where the gold's offsets apply to the cleaned text. Prints the table of
docs/annotation-speed.md; exits 1 if the stored spans differ from the gold or a page is
missing, so a figure is never printed for a run that did not reproduce the gold.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "helpers"))

from scripted_user import Run, read_gold, run_user  # noqa: E402

from tui.core.ingest import import_paths  # noqa: E402
from tui.core.store import Store  # noqa: E402

GOLD = ROOT / "bench" / "data" / "speed"
DEFAULT_DEVSET = ROOT.parent / "shared" / "devset"

#: (row name, dev-set page id, input file name as imported, gold file)
PAGES = [
    (
        "de: Mitteldeutsche Zeitung, trains Rostock–Berlin",
        "fundus-de-MitteldeutscheZeitung_2024_04_28",
        "de_mz.txt",
        "de_gold.jsonl",
    ),
    (
        "ko: Maeil Business, Chinese AI chips",
        "fundus-kr-MBN_2025_05_30",
        "ko_mk.txt",
        "ko_gold.jsonl",
    ),
    (
        "ja: Yomiuri, Hanshin's new manager",
        "fundus-jp-YomiuriShimbun_2024_10_13",
        "ja_yomiuri.txt",
        "ja_gold.jsonl",
    ),
]


def page_input(devset: Path, page_id: str) -> str:
    """The page as the measurement imports it: title line, blank line, body, final newline."""
    truth = json.loads((devset / "html" / "ground-truth.json").read_text(encoding="utf-8"))
    rec = json.loads((devset / "plaintext" / f"{page_id}.json").read_text(encoding="utf-8"))
    return truth[page_id]["title"].strip() + "\n\n" + rec["gold_text"] + "\n"


def measure(inputs: list[Path], gold_files: list[Path], tmp: Path) -> Run:
    """Import ``inputs`` into a fresh database under ``tmp`` and run the scripted user."""
    tmp.mkdir(parents=True, exist_ok=True)
    with Store(tmp / "speed.db") as store:
        import_paths(store, [str(p) for p in inputs], jobs=1)
        return run_user(store, read_gold(*gold_files))


def by_how(run: Run, how: str) -> str:
    b = run.by_how.get(how)
    return f"{b['entities']} in {b['keys']}" if b and b["entities"] else ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--devset", default=str(DEFAULT_DEVSET))
    args = ap.parse_args()
    devset = Path(args.devset)
    runs: list[tuple[str, Run]] = []
    with tempfile.TemporaryDirectory(prefix="newsmark-speed-") as td:
        tmp = Path(td)
        runs.append(
            (
                "seeds (fr, 2 articles)",
                measure(
                    [ROOT / "seeds"], [ROOT / "tests" / "data" / "seeds_gold.jsonl"], tmp / "seeds"
                ),
            )
        )
        for name, page_id, file_name, gold_name in PAGES:
            if not (devset / "plaintext" / f"{page_id}.json").is_file():
                print(f"{page_id}: not in the dev set at {devset}", file=sys.stderr)
                return 1
            folder = tmp / page_id
            folder.mkdir()
            path = folder / file_name
            path.write_text(page_input(devset, page_id), encoding="utf-8")
            runs.append((name, measure([path], [GOLD / gold_name], folder)))
    print("| page | entities | keys | keys/entity |")
    print("| --- | ---: | ---: | ---: |")
    for name, run in runs:
        print(f"| {name} | {run.entities} | {run.keys} | **{run.keys_per_entity:.2f}** |")
    print()
    print("| page | candidate | occurrence | dictionary | typed | rejected keys | wasted |")
    print("| --- | --- | --- | --- | --- | ---: | ---: |")
    for name, run in runs:
        rejected = run.by_how.get("rejected", {}).get("keys", 0)
        cells = [by_how(run, h) for h in ("candidate", "occurrence", "dictionary", "typed")]
        print(f"| {name.split(':')[0]} | {' | '.join(cells)} | {rejected or ''} | {run.wasted} |")
    bad = [name for name, run in runs if not run.exact]
    for name in bad:
        print(f"{name}: the stored spans differ from the gold", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
