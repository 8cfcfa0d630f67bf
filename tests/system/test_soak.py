"""The multi-process soak, sized for CI (tests/helpers/soak.py says what it checks); a longer run
is ``python bench/soak.py --minutes 10``."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))

from soak import run_soak  # noqa: E402


def test_two_apps_an_import_and_churn_lose_nothing(tmp_path: Path) -> None:
    res = run_soak(tmp_path, steps=80, seed=12, import_files=30, timeout=240)
    assert res.problems == [], "\n".join(res.problems[:20])
    assert res.exports >= 2 and res.churn >= 2 and res.stats >= 2
    assert res.shown_checked >= 80 and res.actions >= 20
