"""Drive the real newsmark app (headless ``run_test``) in a child process and journal what it SHOWS.

Used by tests/system/test_crash.py (the parent SIGKILLs this process at a random moment) and by
tests/system/test_concurrency.py (two app instances and the CLI on one database).

    python tests/helpers/app_child.py --db X --journal J [--seed N] [--steps N]
           [--keys 1,w,2,...] [--index I] [--linger]
    python tests/helpers/app_child.py --zygote   # then one JSON argument list per stdin line

The app starts on the library like ``newsmark`` does; ``enter`` opens the reader on the list's
article ``--index``. Then either ``--keys`` (a fixed key sequence; ``until:PATH`` waits for the file PATH to exist; ``raw:KEY`` presses KEY on whatever screen shows, without reopening the reader) or ``--steps`` random
annotation keys from ``--seed`` are pressed with ``Pilot.press``, the reader's real bindings.
After each key has settled, one JSON line is appended to the journal and fsynced:

    {"step": i, "key": k, "aid": <article shown>, "spans": [[start, end, label, text], ...],
     "status": <status the header shows>, "prev": {"aid": a, "status": s} | null,
     "max_action": <max(actions.id) seen by the app's connection>, "errors": [...]}

``spans`` are read from the text view's state (what is on screen), not from the database.
``prev`` is the article the key moved away from (done/skip/next) and the status the reader
assigned it. ``errors`` are the error notifications the key produced. With ``--linger`` the
child sleeps after its last key (until killed); otherwise it quits with ``ctrl+q`` and
writes a final ``{"done": true}`` line. The second line, ``{"listed": n}``, is how many articles the
library listed when the app started.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
from pathlib import Path

# Move / extend / tag / delete / undo / redo / done / skip, with weights: mostly annotation.
MOVES = ["right", "left", "w", "b", "j", "k", "right_curly_bracket", "g"]
EXTENDS = ["shift+right", "shift+right", "shift+left", "ctrl+shift+right"]


def random_keys(rng: random.Random, steps: int) -> list[str]:
    keys: list[str] = []
    while len(keys) < steps:
        r = rng.random()
        if r < 0.25:
            keys += [rng.choice(MOVES) for _ in range(rng.randint(1, 2))]
        elif r < 0.35:
            keys += [rng.choice(EXTENDS) for _ in range(rng.randint(1, 2))]
        elif r < 0.62:
            keys.append(rng.choice("1234"))  # tag (or relabel when the cursor is on a span)
        elif r < 0.70:
            keys.append(rng.choice("1234"))  # right after a tag: relabels the span under the cursor
            keys.append(rng.choice("1234"))
        elif r < 0.78:
            keys.append("d")
        elif r < 0.87:
            keys.append("u")
        elif r < 0.93:
            keys.append("ctrl+r")
        else:
            keys.append(rng.choice(["a", "K"]))
    return keys[:steps]


class Journal:
    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def write(self, rec: dict) -> None:
        os.write(self.fd, (json.dumps(rec, ensure_ascii=False) + "\n").encode())
        os.fsync(self.fd)


async def run(args: argparse.Namespace) -> int:
    from tui.app import NewsmarkApp
    from tui.screens.library import LibraryScreen
    from tui.screens.reader import ReaderScreen
    from tui.widgets.article_list import ArticleList
    from tui.widgets.text_view import TextView

    journal = Journal(Path(args.journal))
    app = NewsmarkApp(Path(args.db), config_dir=Path(args.journal).parent / "child-config")
    keys = args.keys.split(",") if args.keys else random_keys(random.Random(args.seed), args.steps)
    seen_notes = 0

    def new_errors() -> list[str]:
        nonlocal seen_notes
        notes = list(app._notifications)
        fresh = notes[seen_notes:]
        seen_notes = len(notes)
        return [str(n.message) for n in fresh if n.severity == "error"]

    async with app.run_test(headless=True, size=(80, 24)) as pilot:

        async def settle() -> None:
            await pilot._wait_for_screen()
            await app.workers.wait_for_complete()
            await pilot._wait_for_screen()

        listed: list[int] = []

        async def open_reader() -> ReaderScreen:
            for _ in range(400):
                await settle()
                if (
                    isinstance(app.screen, LibraryScreen)
                    and app.screen.query_one(ArticleList).loaded
                ):
                    break
                await asyncio.sleep(0.01)
            lst = app.screen.query_one(ArticleList)
            listed.append(len(lst.ids))
            lst.move_to(args.index)
            await pilot.press("enter")
            await settle()
            assert isinstance(app.screen, ReaderScreen), app.screen
            return app.screen

        def record(step: int, key: str | None, prev: dict | None) -> None:
            scr = app.screen
            rec: dict = {
                "step": step,
                "key": key,
                "prev": prev,
                "errors": new_errors(),
                "max_action": app.store.execute(
                    "SELECT coalesce(max(id), 0) FROM actions"
                ).fetchone()[0],
            }
            if isinstance(scr, ReaderScreen) and scr.article is not None and not scr.raw:
                view = scr.query_one(TextView)
                rec["aid"] = scr.article.id
                rec["status"] = scr.article.status
                rec["spans"] = sorted([s.start, s.end, s.label, s.text] for s in view.spans)
            journal.write(rec)

        scr = await open_reader()
        record(0, None, None)
        journal.write({"listed": listed[0]})
        for i, key in enumerate(keys, 1):
            if key.startswith(("raw:", "until:")) and not isinstance(app.screen, ReaderScreen):
                # off the reader: press the key on whatever screen shows (library, dialogs)
                if key.startswith("raw:"):
                    await pilot.press(key[4:])
                else:
                    for _ in range(6000):
                        if os.path.exists(key[6:]):
                            break
                        await asyncio.sleep(0.01)
                await settle()
                if isinstance(app.screen, ReaderScreen):
                    scr = app.screen
                record(i, key, None)
                continue
            if key.startswith("raw:"):
                key = key[4:]
            if not isinstance(app.screen, ReaderScreen):  # the last article was done: reopen
                scr = await open_reader()
            before = scr.article
            if key.startswith("until:"):  # a sync point: wait for the parent to create a file
                for _ in range(6000):
                    if os.path.exists(key[6:]):
                        break
                    await asyncio.sleep(0.01)
            else:
                await pilot.press(key)
            await settle()
            prev = None
            if before is not None and (
                scr.article is None or scr.article.id != before.id or app.screen is not scr
            ):
                prev = {"aid": before.id, "status": before.status}
            record(i, key, prev)
        if args.linger:
            await asyncio.sleep(120)
            return 3
        await pilot.press("ctrl+q")
    journal.write({"done": True, "errors": new_errors()})
    return 0


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True)
    p.add_argument("--journal", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--steps", type=int, default=12)
    p.add_argument("--keys", default="")
    p.add_argument("--index", type=int, default=0)
    p.add_argument("--linger", action="store_true")
    p.add_argument("--output", default=None, help="with --zygote: where the child's output goes")
    return p.parse_args(argv)


def zygote() -> int:
    """Import the app once, then fork one child per line of JSON arguments read from stdin.

    Each child's pid is written to stdout. Children are reaped automatically (SIGCHLD ignored),
    so ``os.kill(pid, 0)`` failing tells the caller a child is gone. This saves the ~1.5 s of
    imports per round (the main cost of a round on a loaded machine)."""
    import signal
    import threading

    import tui.app  # noqa: F401
    import tui.screens.library  # noqa: F401
    import tui.screens.reader  # noqa: F401

    assert threading.active_count() == 1, "fork only from a single-threaded process"
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    for line in sys.stdin:
        argv = json.loads(line)
        args = parse(argv)
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            code = 1
            try:
                if args.output:
                    fd = os.open(args.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                    os.dup2(fd, 1)
                    os.dup2(fd, 2)
                random.seed(args.seed)
                code = asyncio.run(run(args))
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        sys.stdout.write(f"{pid}\n")
        sys.stdout.flush()
    return 0


def main() -> int:
    if sys.argv[1:] == ["--zygote"]:
        return zygote()
    return asyncio.run(run(parse(sys.argv[1:])))


if __name__ == "__main__":
    sys.exit(main())
