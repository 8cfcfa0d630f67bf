"""Bindings are discovered, not listed: every binding id of the app can be set from keymap.toml
(no "no binding with id" warning) and is listed, with its id, on the help screen."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from app_support import settle

from tui.app import NewsmarkApp
from tui.bindings import all_bindings, binding_classes, ui_modules
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.occurrences import OccurrencesScreen

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[2]


def _bindings() -> list[tuple[type, object]]:
    return list(all_bindings(NewsmarkApp))


def test_the_walk_finds_every_ui_module() -> None:
    files = sorted(
        p
        for base in ("screens", "widgets")
        for p in (ROOT / "tui" / base).glob("*.py")
        if p.name != "__init__.py"
    )
    assert len(ui_modules()) == len(files)
    assert OccurrencesScreen in set(binding_classes())  # the screen the old hand-kept list missed


def test_every_binding_has_an_id_and_ids_name_one_action() -> None:
    actions: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for cls, b in _bindings():
        assert b.id, f"{cls.__name__}: binding {b.key!r} -> {b.action!r} has no id"
        assert b.description, f"{b.id}: no description"
        actions[b.id].add((b.action, b.description))
    # one id may be shared (dialog.cancel in every dialog) but always for the same action
    assert {i: a for i, a in actions.items() if len(a) > 1} == {}
    assert "occurrences.accept" in actions


def _all_ids_keymap(config: Path, extra: str = "") -> None:
    """A keymap.toml that sets every binding id (to its own default keys: behaviour unchanged)."""
    keys: dict[str, str] = {}
    for _, b in _bindings():
        keys.setdefault(b.id, b.key)
    lines = ["[keymap]"] + [f'"{i}" = "{k}"' for i, k in keys.items()] + ([extra] if extra else [])
    config.mkdir()
    (config / "keymap.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


async def test_every_binding_id_is_accepted_by_the_keymap(lib_db: Path, tmp_path: Path) -> None:
    config = tmp_path / "cfg"
    _all_ids_keymap(config, '"occurrences.nope" = "x"')  # and one that is not an id
    app = NewsmarkApp(lib_db, config_dir=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for _ in range(3):
            await pilot.pause()
        assert app.keymap_info is not None
        errors = app.keymap_info.errors
        assert any("occurrences.nope" in e for e in errors), errors  # the check does run
        assert [e for e in errors if "occurrences.nope" not in e] == []
        assert app.is_running


async def test_occurrences_accept_in_keymap_is_not_reported(lib_db: Path, tmp_path: Path) -> None:
    config = tmp_path / "cfg"
    config.mkdir()
    (config / "keymap.toml").write_text(
        '[keymap]\n"occurrences.accept" = "ctrl+y"\n', encoding="utf-8"
    )
    app = NewsmarkApp(lib_db, config_dir=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for _ in range(3):
            await pilot.pause()
        assert app.keymap_info is not None and app.keymap_info.errors == []
        assert not [n for n in app._notifications if "occurrences.accept" in n.message]


async def test_help_lists_every_binding_id(lib_db: Path) -> None:
    app = NewsmarkApp(lib_db, config_dir=lib_db.parent / "cfg")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())

    def listed(bid: str) -> bool:  # "1"…"9" rows are folded into one "1-9" row, id "…_N"
        return f"[{bid}]" in text or (
            bid[-1].isdigit() and f"[{bid.rstrip('0123456789')}N]" in text
        )

    missing = sorted({b.id for _, b in _bindings() if not listed(b.id)})
    assert missing == []
