"""The long multi-process soak (issue #12): rounds of tests/helpers/soak.py until the time is up.

    python bench/soak.py --minutes 10        # prints one line per round and a summary

Each round is a fresh database with two headless apps pressing ``--steps`` random annotation
keys each, a ``newsmark import``, and a loop of ``stats``/``export``/open-close churn; every
promise checked by the short CI test (tests/system/test_soak.py) is checked after every round. Exits
non-zero on the first broken promise.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "helpers"))

from soak import run_soak  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=10.0)
    p.add_argument("--steps", type=int, default=300, help="keys per app per round")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    end = time.monotonic() + args.minutes * 60
    totals = {
        "rounds": 0,
        "keys": 0,
        "actions": 0,
        "exports": 0,
        "stats": 0,
        "churn": 0,
        "shown": 0,
    }
    seed = args.seed
    while time.monotonic() < end:
        t0 = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="newsmark-soak-") as tmp:
            res = run_soak(Path(tmp), steps=args.steps, seed=seed, timeout=1800)
        totals["rounds"] += 1
        for k, v in (
            ("keys", res.keys),
            ("actions", res.actions),
            ("exports", res.exports),
            ("stats", res.stats),
            ("churn", res.churn),
            ("shown", res.shown_checked),
        ):
            totals[k] += v
        print(
            f"round {totals['rounds']} seed {seed}: {res.keys} keys, {res.actions} actions, "
            f"{res.exports} exports, {res.stats} stats, {res.churn} churn, "
            f"{res.shown_checked} screens checked, {time.monotonic() - t0:.0f} s, "
            f"{'OK' if not res.problems else 'FAILED'}",
            flush=True,
        )
        if res.problems:
            print("\n".join(res.problems[:20]))
            return 1
        seed += 1
    print("all rounds held: " + ", ".join(f"{v} {k}" for k, v in totals.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
