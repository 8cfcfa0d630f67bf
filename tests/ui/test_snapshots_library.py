"""Snapshots of the library, the help screen and the labels screen on a small fixed database.

Regenerate deliberately with ``pytest tests/ui/test_snapshots_library.py --snapshot-update`` and look
at the report before accepting.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import make_library, settle

from tui.app import NewsmarkApp


@pytest.fixture
def lib_app(tmp_path: Path) -> NewsmarkApp:
    db = make_library(tmp_path / "lib.db")
    return NewsmarkApp(db, config_dir=tmp_path / "config")


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot.app, pilot)


def _then(*keys: str):  # type: ignore[no-untyped-def]
    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot.app, pilot)
        for k in keys:
            await pilot.press(k)
            await settle(pilot.app, pilot)

    return run


def test_library_80x24(snap_compare, lib_app: NewsmarkApp) -> None:
    assert snap_compare(lib_app, terminal_size=(80, 24), run_before=_then("down", "down"))


def test_library_200x50(snap_compare, lib_app: NewsmarkApp) -> None:
    assert snap_compare(lib_app, terminal_size=(200, 50), run_before=_loaded)


def test_library_filtered_empty(snap_compare, lib_app: NewsmarkApp) -> None:
    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot.app, pilot)
        pilot.app.screen.filter_by(status="rejected")
        await settle(pilot.app, pilot)

    assert snap_compare(lib_app, terminal_size=(80, 24), run_before=run)


def test_help_80x24(snap_compare, lib_app: NewsmarkApp) -> None:
    assert snap_compare(lib_app, terminal_size=(80, 24), run_before=_then("question_mark"))


def test_labels_80x24(snap_compare, lib_app: NewsmarkApp) -> None:
    assert snap_compare(lib_app, terminal_size=(80, 24), run_before=_then("L", "down"))
