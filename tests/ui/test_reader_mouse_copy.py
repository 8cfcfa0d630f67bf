"""Textual's own mouse selection and copy key over the reader's text view.

``TextView`` once named a method ``_render`` and an attribute ``anchor``, shadowing Textual's
``Widget._render()`` and ``Widget.anchor()``: dragging the mouse over the text and pressing
``ctrl+c`` (Textual's copy key) crashed the app with a ``TypeError``. The test drives that as a
user would and checks the app is still up, on the same article, with nothing lost.
"""

from __future__ import annotations

import ast
import inspect
import sqlite3
import textwrap
from pathlib import Path

import pytest
from app_support import settle
from textual.widget import Widget

from tui.app import NewsmarkApp
from tui.core.store import NewArticle, Store
from tui.screens.reader import ReaderScreen
from tui.widgets.text_view import TextView

pytestmark = pytest.mark.anyio

TEXT = (
    "Emmanuel Macron a rencontré Olaf Scholz à Berlin.\n\n"
    "La réunion avec Siemens AG a duré deux heures. Les ministres ont parlé du budget."
)


#: Widget names TextView overrides on purpose: Textual's documented hooks for a Line API widget.
OVERRIDES = {
    "COMPONENT_CLASSES",
    "DEFAULT_CSS",
    "BINDINGS",
    "can_focus",
    "can_focus_children",
    "render_line",
    "render_lines",
    "notify_style_update",
    "vertical_scrollbar",
    "_on_mouse_down",
    "_on_mouse_move",
    "_on_mouse_up",
    "virtual_size",
    "ALLOW_SELECT",
}


def _assigned_attributes(cls: type) -> set[str]:
    """Names ``cls``'s methods assign on ``self`` (instance attributes)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    return {
        n.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute)
        and isinstance(n.ctx, ast.Store)
        and isinstance(n.value, ast.Name)
        and n.value.id == "self"
    }


def test_text_view_shadows_no_textual_name() -> None:
    """No method or attribute of TextView replaces one of Textual's Widget, except the hooks
    Textual means to be overridden (a private ``_render`` the compositor calls is not one)."""

    class Probe(Widget):  # what the metaclass adds to any subclass
        pass

    base = set(dir(Widget))
    generated = set(vars(Probe))
    names = (set(vars(TextView)) - generated) | _assigned_attributes(TextView)
    clash = sorted(n for n in names & base if n not in OVERRIDES and not n.startswith("__"))
    assert clash == []


async def test_drag_then_ctrl_c_keeps_the_reader_running(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    with Store(db) as s:
        s.insert_articles(
            [NewArticle(text=TEXT, raw=TEXT, title="Berlin", lang="fr", lang_prob=0.9)]
        )
    app = NewsmarkApp(db, config_dir=tmp_path / "config")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_reader(app.store.article_ids(), 0)
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        view = app.screen.query_one(TextView)
        await pilot.mouse_down(view, offset=(2, 0))
        await pilot.hover(view, offset=(30, 0))
        await pilot.mouse_up(view, offset=(30, 0))
        await pilot.pause()
        await pilot.press("ctrl+c")
        await settle(app, pilot)
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, ReaderScreen)
        assert not [n for n in app._notifications if n.severity == "error"]
        await pilot.press("1")  # the reader still works: tag what the drag selected
        await settle(app, pilot)
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute('SELECT start, "end", label, text FROM spans ORDER BY start').fetchall()
    finally:
        conn.close()
    # one span, over the dragged words, its text the text under it
    assert len(rows) == 1
    start, end, _label, text = rows[0]
    assert start == 0 and end > len("Emmanuel Macron") and TEXT[start:end] == text
