"""Run some of tests/system/test_random_keys.py's sequences in a separate process (a second core).

    python tests/helpers/random_keys_child.py DB CONFIG_DIR SEED...

Exit code 0 when every sequence passed its checks; otherwise the assertion is printed.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(TESTS / "system"), str(TESTS)]  # the test module, and app_support it imports

from test_random_keys import run_sequences  # noqa: E402


def main() -> int:
    db, config, *seeds = sys.argv[1:]
    asyncio.run(run_sequences(Path(db), [int(s) for s in seeds], Path(config)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
