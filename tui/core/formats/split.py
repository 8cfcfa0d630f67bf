"""Train/dev/test splits that do not move: each article goes to a part by the hash of its
content and a seed, so the same data and seed always give the same files, an article is never
in two parts, and adding articles later does not move the ones already assigned (no test
article leaks into a later training set). Proportions are met on average, not exactly: with
few articles a part can come out small or empty (the export says how many each got).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

NAMES = {1: ("train",), 2: ("train", "test"), 3: ("train", "dev", "test")}


def parse_split(spec: str) -> list[tuple[str, float]]:
    """``"80/10/10"`` (or ``80/20``, ``0.8/0.1/0.1``) -> ``[("train", .8), ("dev", .1), ("test", .1)]``."""
    from .base import ExportError

    try:
        nums = [float(x) for x in spec.replace(",", "/").replace(":", "/").split("/")]
    except ValueError:
        nums = []
    if not 2 <= len(nums) <= 3 or any(n < 0 for n in nums) or sum(nums) <= 0:
        raise ExportError(
            f"--split {spec!r}: give two or three proportions, e.g. 80/10/10 (train/dev/test) or 80/20"
        )
    total = sum(nums)
    return list(zip(NAMES[len(nums)], (n / total for n in nums), strict=True))


def fraction(content_hash: str, seed: int) -> float:
    """A number in [0, 1) fixed by the article's content hash and the seed."""
    h = hashlib.sha256(f"{seed}\x1f{content_hash}".encode()).digest()
    return int.from_bytes(h[:8], "big") / 2**64


def assign(content_hash: str, seed: int, parts: list[tuple[str, float]]) -> str:
    x = fraction(content_hash, seed)
    acc = 0.0
    for name, share in parts:
        acc += share
        if x < acc:
            return name
    return parts[-1][0]


def split_targets(out: str | Path, names: list[str], ext: str) -> dict[str, Path]:
    """Where each part goes.

    ``OUT`` without an extension (or an existing folder) is a folder: ``OUT/train.jsonl``,
    ``OUT/dev.jsonl``, ``OUT/test.jsonl`` (brat: ``OUT/train/``...). ``OUT`` with one
    (``corpus.spacy``) gives ``corpus.train.spacy``, ``corpus.dev.spacy``, ``corpus.test.spacy``.
    """
    from .base import ExportError

    out = Path(out)
    if out.is_dir() or not out.suffix or not ext:
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out}: is a file; --split writes a folder of parts")
        if not out.parent.is_dir():
            raise ExportError(f"{out}: folder {out.parent} does not exist")
        out.mkdir(exist_ok=True)
        return {n: out / f"{n}{ext}" for n in names}
    return {n: p for n, p in set_members(out).items() if n in names}


def set_members(out: Path) -> dict[str, Path]:
    """Every name a ``--split`` to the file name ``out`` may write (``corpus.jsonl`` ->
    ``corpus.train.jsonl``, ``corpus.dev.jsonl``, ``corpus.test.jsonl``): an export removes the
    ones it does not write, so a previous three-part set never lingers beside a new two-part one."""
    return {n: out.with_name(f"{out.stem}.{n}{out.suffix}") for n in NAMES[3]}
