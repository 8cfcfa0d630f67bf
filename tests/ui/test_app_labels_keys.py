"""More than nine labels get letter keys in the reader; a keymap entry that takes another
binding's key is warned about."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import settle

from tui.app import NewsmarkApp
from tui.core.store import LABEL_KEYS, NewArticle, Store
from tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.anyio
TEXT = "Boris Nadeschdin traf Maxim Katz in Moskau."


def app_for(path: Path) -> NewsmarkApp:
    return NewsmarkApp(path, config_dir=path.parent / "config")


async def test_labels_past_nine_get_letter_keys(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    with Store(db) as s:
        s.insert_articles([NewArticle(text=TEXT, raw=TEXT, title="t", lang="de")])
        for i in range(8):  # PER ORG LOC MISC + 8 = 12 labels
            s.add_label(f"EXTRA{i}")
        keys = {lb.name: lb.hotkey for lb in s.labels()}
    assert keys["EXTRA4"] == "9" and keys["EXTRA5"] == LABEL_KEYS[9] == "e"
    assert keys["EXTRA7"] == "h"
    app = app_for(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(ReaderScreen(app.store.article_ids(), 0))
        await settle(app, pilot)
        scr = app.screen
        scr.view.select_range(TEXT.index("Maxim"), TEXT.index("Maxim") + len("Maxim Katz"))  # type: ignore[attr-defined]
        await pilot.press("h")
        await settle(app, pilot)
    with Store(db) as s:
        assert [(sp.text, sp.label) for sp in s.spans(1)] == [("Maxim Katz", "EXTRA7")]
        s.update_label("EXTRA7", hotkey="Z")
        assert {lb.name: lb.hotkey for lb in s.labels()}["EXTRA7"] == "Z"
        from tui.core.store import StoreError

        with pytest.raises(StoreError, match="letters"):
            s.update_label("EXTRA7", hotkey="n")  # the reader's next-article key


async def test_a_keymap_binding_that_takes_another_key_is_warned_about(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    Store(db).close()
    conf = tmp_path / "config"
    conf.mkdir()
    (conf / "keymap.toml").write_text(
        '[keymap]\n"reader.search" = "n"\n"library.search" = "ctrl+f"\n', encoding="utf-8"
    )
    app = app_for(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.pause(0.2)
        msgs = [n.message for n in app._notifications]
    warned = [m for m in msgs if "takes the key" in m]
    assert len(warned) == 1, msgs
    assert "reader.search" in warned[0] and "reader.next_article" in warned[0]
