"""`]` on Korean text selects the name without the particle written onto it, and a label key tags
exactly that (issue 18, item 10): checked on the screen's selection and in SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import settle

from tui.app import NewsmarkApp
from tui.core.store import NewArticle, Store
from tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.anyio

# Written for this test: a company named three times, each time with another particle.
TEXT = (
    "미국 반도체 기업 엔비디아가 새 칩을 공개했다. 업계는 엔비디아의 발표에 주목했다. "
    "분석가들은 엔비디아도 공급 부족을 겪을 수 있다고 말했다."
)


async def test_a_candidate_jump_stops_before_the_particle_and_tags_the_name(
    tmp_path: Path,
) -> None:
    db = tmp_path / "ko.db"
    with Store(db) as s:
        s.insert_articles([NewArticle(text=TEXT, raw=TEXT, title="엔비디아", lang="ko")])
    app = NewsmarkApp(db, config_dir=tmp_path / "config")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(ReaderScreen(app.store.article_ids(), 0))
        await settle(app, pilot)
        scr = app.screen
        assert isinstance(scr, ReaderScreen)
        for _ in range(50):  # the candidates come from a worker
            if scr._assist.ready:
                break
            await pilot.pause(0.05)
        await pilot.press("right_square_bracket")
        sel = scr.view.selection
        assert sel is not None and TEXT[sel[0] : sel[1]] == "미국"  # a known country
        await pilot.press("3", "right_square_bracket")  # LOC, then the next candidate
        sel = scr.view.selection
        assert sel is not None and TEXT[sel[0] : sel[1]] == "엔비디아"  # not 엔비디아가
        await pilot.press("2")  # ORG
        await settle(app, pilot)
    with Store(db) as s:
        at = TEXT.index("엔비디아가")
        assert [(x.start, x.end, x.label, x.text) for x in s.spans(1)] == [
            (0, 2, "LOC", "미국"),
            (at, at + 4, "ORG", "엔비디아"),
        ]
