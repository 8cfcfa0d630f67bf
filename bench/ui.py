"""Benchmarks of the app (Textual): cold start, the library, the reader.

CPU per key is ``time.process_time()`` (all threads of this process) around ``Pilot.press``,
which waits until the key has been handled and the screen refreshed; Pilot's own wall-clock
delay is not CPU, and the harness's CPU cost of a key is measured with an unbound key and shown
beside the figures. Cold start runs in subprocesses (``_child.py coldstart``).
"""

from __future__ import annotations

import asyncio
import compileall
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import generate as gen
from common import BENCH, PY, ROOT, Ctx, Row, copy_db, kn, median, ms, ratio

SIZE = (120, 40)


def _missing(*modules: str) -> str | None:
    import importlib

    for m in modules:
        try:
            importlib.import_module(m)
        except Exception as exc:  # ImportError, or an app module that does not import yet
            return f"{m} does not import ({type(exc).__name__}: {exc})"[:160]
    return None


# --- cold start ---------------------------------------------------------------------------------


def _coldstart_once(mode: str, db: Path | None) -> dict[str, float]:
    env = dict(os.environ)
    env.setdefault("NEWSMARK_ANNOTATOR", "bench")
    args = [PY, str(BENCH / "_child.py"), "coldstart", mode] + ([str(db)] if db else [])
    env["BENCH_T0"] = repr(time.time())
    out = subprocess.run(
        args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False
    )
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise RuntimeError(f"cold start ({mode}) failed: {out.stderr[-1500:]}") from None


def bench_cold_start(ctx: Ctx) -> list[Row]:
    why = _missing("tui.app", "tui.screens.library")
    what = f"cold start to first frame, {kn(ctx.big_n)}-article database"
    if why:
        return [Row(what, f"not measured: {why}", "≤ 1.15×", None)]
    db = gen.corpus_db(ctx.big_n)
    reps = 3 if ctx.quick else 7
    # An installed package has its bytecode compiled (Textual's is); an environment with
    # PYTHONDONTWRITEBYTECODE would otherwise recompile newsmark's modules on every start.
    compileall.compile_dir(str(ROOT / "tui"), quiet=1)
    _coldstart_once("bare", None)  # warm the OS file cache for both
    _coldstart_once("newsmark", db)
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(reps):
        r = _coldstart_once("newsmark", db)
        ours.append(r["first_frame"])
        bare.append(_coldstart_once("bare", None)["first_frame"])
    mo, mb = median(ours), median(bare)
    ctx.say(
        "cold_start",
        f"median of {reps} alternating runs, headless {SIZE[0]}x{SIZE[1]}, from just "
        f"before the process is spawned to the first frame of the library screen: newsmark "
        f"{ms(mo)} (runs: {', '.join(ms(x) for x in ours)}); bare Textual app with one Label "
        f"{ms(mb)} (runs: {', '.join(ms(x) for x in bare)}).",
    )
    ctx.say(
        "cold_start",
        "newsmark's bytecode is compiled first (`compileall`), as an installed package's is.",
    )
    return [
        Row(
            what,
            ms(mo),
            "≤ 1.15×",
            mo / mb <= 1.15,
            f"bare Textual app, one Label: {ms(mb)}",
            ratio(mo / mb),
        )
    ]


# --- shared Pilot helpers -----------------------------------------------------------------------


async def _until(cond, timeout: float = 60.0, step: float = 0.002) -> tuple[float, float]:
    """Wait for ``cond()``; returns (seconds waited, longest gap between two checks): the gap is
    how long the event loop was blocked, since the app runs in the same loop."""
    t0 = last = time.perf_counter()
    gap = 0.0
    while not cond():
        await asyncio.sleep(step)
        now = time.perf_counter()
        gap = max(gap, now - last)
        last = now
        if now - t0 > timeout:
            raise TimeoutError("condition not reached")
    return time.perf_counter() - t0, gap


async def _cpu_per_press(
    pilot: Any, key: str, n: int, between: list[str] | None = None, prepare: Any = None
) -> float:
    """Median CPU seconds of ``pilot.press(key)``, with ``prepare()`` and ``between`` keys (not
    counted) before each."""
    per: list[float] = []
    for _ in range(n):
        if prepare is not None:
            prepare()
        if between:
            await pilot.press(*between)
        c0 = time.process_time()
        await pilot.press(key)
        per.append(time.process_time() - c0)
    return median(per)


def _hook_frames(app: Any) -> list[tuple[float, Any]]:
    """Record (time, screen) of every frame the compositor produces."""
    frames: list[tuple[float, Any]] = []
    display = app._display

    def hooked(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append((time.perf_counter(), screen))

    app._display = hooked
    return frames


# --- library ------------------------------------------------------------------------------------


def bench_library(ctx: Ctx) -> list[Row]:
    why = _missing("tui.app", "tui.screens.library", "tui.widgets.article_list")
    if why:
        return [Row(f"library, {kn(ctx.big_n)} articles", f"not measured: {why}", "—", None)]
    return asyncio.run(_library(ctx))


async def _library(ctx: Ctx) -> list[Row]:
    from tui.app import NewsmarkApp
    from tui.screens.library import LibraryScreen
    from tui.widgets.article_list import ArticleList

    db = gen.corpus_db(ctx.big_n)
    app = NewsmarkApp(db_path=db, config_dir=ctx.tmp / "config")
    n_keys = 60 if ctx.quick else 200
    async with app.run_test(size=SIZE) as pilot:
        frames = _hook_frames(app)
        await _until(
            lambda: isinstance(app.screen, LibraryScreen) and app.screen.article_list.loaded
        )
        await pilot.pause()
        opens: list[float] = []
        gaps: list[float] = []
        for _ in range(3 if ctx.quick else 5):
            if (
                len(app.screen_stack) > 1
            ):  # the library opened last round (the first is the app's own)
                app.pop_screen()
                await pilot.pause()
            frames.clear()
            t0 = time.perf_counter()
            screen = LibraryScreen()
            app.push_screen(screen)

            def shown(screen: LibraryScreen = screen) -> bool:
                if not screen.is_mounted:
                    return False
                lst = screen.query_one(ArticleList)
                # Rows are fetched by render_line, so cached rows mean a frame with rows was made.
                return bool(lst.loaded and lst._rows and any(s is screen for _, s in frames))

            _, gap = await _until(shown)
            t_rows = next(t for t, s in reversed(frames) if s is screen)
            opens.append(t_rows - t0)
            gaps.append(gap)
            await pilot.pause()
        lib = app.screen
        lst = lib.query_one(ArticleList)
        lst.focus()
        await pilot.pause()
        harness = await _cpu_per_press(pilot, "f19", 20)
        down = await _cpu_per_press(pilot, "down", n_keys)
        pgdn = await _cpu_per_press(pilot, "pagedown", max(10, n_keys // 10))
        up = await _cpu_per_press(pilot, "up", n_keys // 2)
        total = len(lst.ids)
    mo = median(opens)
    ctx.say(
        "library",
        f"{total:,} articles listed. Open (push the library screen until a frame shows "
        f"its rows; the id array loads in a thread worker): median {ms(mo)} of "
        f"{', '.join(ms(x) for x in opens)}; longest event-loop stall meanwhile {ms(max(gaps))}.",
    )
    ctx.say(
        "library",
        f"CPU per key (median, {n_keys} presses): down {ms(down)}, up {ms(up)}, "
        f"page down {ms(pgdn)}; an unbound key costs {ms(harness)} in the harness alone.",
    )
    return [
        Row(f"library: open, {kn(ctx.big_n)} articles", ms(mo), "≤ 150 ms", mo <= 0.150),
        Row(
            f"library: CPU per cursor key, {kn(ctx.big_n)} articles",
            f"{ms(max(down, up))} (page down {ms(pgdn)})",
            "≤ 8 ms",
            max(down, up) <= 0.008,
            note=f"harness alone {ms(harness)}",
        ),
    ]


# --- reader -------------------------------------------------------------------------------------


def bench_reader(ctx: Ctx) -> list[Row]:
    why = _missing("tui.app", "tui.screens.reader", "tui.widgets.text_view")
    if why:
        return [Row("reader, 1 MB / 5,000 spans", f"not measured: {why}", "—", None)]
    rows = asyncio.run(_reader(ctx))
    return rows


async def _textarea(text: str, n: int) -> dict[str, float]:
    """The baseline: Textual's TextArea, read-only, soft wrap, the same text and size."""
    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    class Plain(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea(text, read_only=True, soft_wrap=True, id="ta")

    app = Plain()
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        ta = app.query_one(TextArea)
        ta.focus()
        await pilot.pause()
        out["open"] = time.perf_counter() - t0
        out["harness"] = await _cpu_per_press(pilot, "f19", 10)
        out["move"] = await _cpu_per_press(pilot, "ctrl+right", n)
        out["extend"] = await _cpu_per_press(pilot, "ctrl+shift+right", n, between=["ctrl+right"])
        per: list[float] = []
        for _ in range(max(5, n // 2)):
            await pilot.press("ctrl+shift+right")
            c0 = time.process_time()
            # What a TextArea-based annotator has to do to show a new span: add a highlight on
            # the selection's line and repaint.
            sel = ta.selection
            row = sel.end[0]
            ta._highlights[row].append(
                (min(sel.start[1], sel.end[1]), max(sel.start[1], sel.end[1]), "bold")
            )
            ta._line_cache.clear()
            ta.refresh()
            await pilot.pause()
            per.append(time.process_time() - c0)
        out["tag"] = median(per)
        out["page"] = await _cpu_per_press(pilot, "pagedown", max(5, n // 4))
    return out


async def _reader(ctx: Ctx) -> list[Row]:
    from tui.app import NewsmarkApp
    from tui.screens.reader import ReaderScreen
    from tui.widgets.text_view import TextView

    src = gen.big_db()
    db = copy_db(src, ctx.tmp, "reader.db")
    n = 10 if ctx.quick else 40
    app = NewsmarkApp(db_path=db, config_dir=ctx.tmp / "config")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _until(
            lambda: (
                app.screen.__class__.__name__ == "LibraryScreen" and app.screen.article_list.loaded
            )
        )
        frames = _hook_frames(app)
        first: list[float] = []
        ready: list[float] = []
        stalls: list[float] = []
        for _ in range(1 if ctx.quick else 3):
            frames.clear()
            t0 = time.perf_counter()
            screen = ReaderScreen([1], 0)
            await app.push_screen(screen)
            view = screen.query_one(TextView)
            waited, gap = await _until(
                lambda screen=screen, view=view: view.ready and any(s is screen for _, s in frames)
            )
            first.append(next(t for t, s in frames if s is screen) - t0)
            ready.append(time.perf_counter() - t0)
            stalls.append(gap)
            await pilot.pause()
            if len(first) < (1 if ctx.quick else 3):
                app.pop_screen()
                await pilot.pause()
        view.focus()
        await pilot.pause()
        harness = await _cpu_per_press(pilot, "f19", 10)
        move = await _cpu_per_press(pilot, "right", n)
        # (Not `escape` to clear the selection: with none, escape leaves the reader.)
        extend = await _cpu_per_press(
            pilot, "shift+right", n, between=["right"], prepare=view.clear_selection
        )
        view.clear_selection()
        per: list[float] = []
        walls: list[float] = []
        n_before = app.store.execute("SELECT count(*) FROM spans WHERE article_id = 1").fetchone()[
            0
        ]
        for _ in range(max(5, n // 2)):
            # Move to a token with no span, so that "1" makes a new span (not a relabel or no-op).
            await pilot.press("right", "right")
            for _ in range(50):
                if view.span_at_cursor() is None:
                    break
                await pilot.press("right")
            c0, w0 = time.process_time(), time.perf_counter()
            await pilot.press("1")
            per.append(time.process_time() - c0)
            walls.append(time.perf_counter() - w0)
        tag = median(per)
        made = (
            app.store.execute("SELECT count(*) FROM spans WHERE article_id = 1").fetchone()[0]
            - n_before
        )
        page = await _cpu_per_press(pilot, "pagedown", max(5, n // 4))
        if app.screen is not screen:
            raise RuntimeError("the reader was left during the measurement")
        n_spans = len(view.spans)
        text = view.text
    base = await _textarea(text, n)
    ctx.say(
        "reader",
        f"article of {len(text):,} characters, {n_spans:,} spans after the tags; "
        f"view {SIZE[0]}x{SIZE[1]}. First frame of the reader after `push_screen`: "
        f"{', '.join(ms(x) for x in first)}; whole article tokenised and wrapped: "
        f"{', '.join(ms(x) for x in ready)}; longest event-loop stall while loading: "
        f"{', '.join(ms(x) for x in stalls)}.",
    )
    ctx.say(
        "reader",
        f"CPU per key, median: token move (`right`) {ms(move)}, extend (`shift+right`) "
        f"{ms(extend)}, tag (`1`, a committed store action; {made} new spans from {len(per)} "
        f"presses, wall time per press incl. Pilot's delay: median {ms(median(walls))}, max "
        f"{ms(max(walls))}) {ms(tag)}, page down {ms(page)}; "
        f"unbound key {ms(harness)} in the harness alone.",
    )
    ctx.say(
        "reader",
        f"TextArea(read_only=True, soft_wrap=True) on the same text: open {ms(base['open'])}; "
        f"CPU per key: word right {ms(base['move'])}, select word right {ms(base['extend'])}, "
        f"highlight + repaint {ms(base['tag'])}, page down {ms(base['page'])}; unbound key "
        f"{ms(base['harness'])}.",
    )
    mf, mr, ms_ = median(first), median(ready), max(stalls)
    rows = [
        Row("reader, 1 MB / 5,000 spans: first screen shown", ms(mf), "≤ 150 ms", mf <= 0.150),
        Row(
            "reader, 1 MB / 5,000 spans: whole article ready",
            f"{ms(mr)}, longest stall {ms(ms_)}",
            "≤ 1.2 s, UI never blocked (no stall > 100 ms)",
            mr <= 1.2 and ms_ <= 0.1,
        ),
    ]
    for what, ours, theirs in (
        ("token move", move, base["move"]),
        ("extend", extend, base["extend"]),
        ("tag", tag, base["tag"]),
        ("page down", page, base["page"]),
    ):
        rows.append(
            Row(
                f"reader, 1 MB: CPU per {what}",
                ms(ours),
                "≤ 5 ms and ≥ 10× faster",
                ours <= 0.005 and theirs / ours >= 10,
                f"TextArea read-only: {ms(theirs)}",
                f"{theirs / ours:.1f}× faster",
            )
        )
    return rows
