"""The newsmark app: the library, the reader and the screens around them.

``run_app(path)`` is what ``newsmark`` with no command calls. The App owns one ``Store`` for the
main thread (``app.store``); thread workers open their own with ``Store(app.db_path)``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from . import keymap as keymap_mod
from .core.store import Store
from .widgets.safe import safe_text


def _article_commands() -> type:
    """The "go to article" palette provider, imported when the palette first opens."""
    from .commands import ArticleCommands

    return ArticleCommands


class NewsmarkApp(App[None]):
    """Read news articles and tag their entities, from the keyboard."""

    TITLE = "newsmark"
    #: The library's and the reader's styles are loaded with the app's: a screen's own CSS_PATH
    #: is read on its first push, and then the whole stylesheet is re-parsed and re-applied to
    #: every widget of the app (~40 % of the reader's first frame, a part of the cold start).
    CSS_PATH = ["app.tcss", "screens/library.tcss", "screens/reader.tcss"]
    COMMANDS = App.COMMANDS | {_article_commands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False, id="app.quit"),
        Binding("f1,question_mark", "help", "Help", id="app.help", key_display="?"),
        Binding("ctrl+l", "labels", "Labels", show=False, id="app.labels"),
        Binding("ctrl+t", "stats", "Stats", show=False, id="app.stats"),
        Binding("ctrl+g", "adjudicate", "Adjudicate", show=False, id="app.adjudicate"),
    ]

    def __init__(
        self,
        db_path: str | Path,
        *,
        config_dir: str | Path | None = None,
        store: Store | None = None,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.config_dir = Path(config_dir) if config_dir is not None else None
        self.store = store or Store(self.db_path)
        self.keymap_info: keymap_mod.LoadedKeymap | None = None

    # --- start-up -------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The library is the app's first screen, rather than being pushed over an empty default
        screen from ``on_mount``: one screen less to compose, style and lay out before the first
        frame (~15 % of the time from ``run()`` to that frame). The keymap is applied
        first, so the library's footer is composed with the user's keys."""
        self._load_keymap()
        from .screens.library import LibraryScreen

        return LibraryScreen()

    def on_mount(self) -> None:
        self._report_keymap()

    def _load_keymap(self) -> None:
        """Apply the user's keymap by binding id (no screen module is imported for that). Called
        before the app is mounted: its problems are shown by ``_report_keymap`` from ``on_mount``."""
        loaded = keymap_mod.load_keymap(self.config_dir)
        self.keymap_info = loaded
        if loaded.keymap:
            self.set_keymap(loaded.keymap)

    def _report_keymap(self) -> None:
        """Warn about the keymap's problems; its ids are checked against every screen's bindings
        after the first frame."""
        loaded = self.keymap_info
        if loaded is None:
            return
        if loaded.keymap:
            self.call_after_refresh(self._check_keymap_ids)
        for err in loaded.errors:
            self.say(err, severity="warning", timeout=10)

    def _check_keymap_ids(self) -> None:
        """Warn about keymap ids no binding has (imports every screen module: after the first frame)."""
        loaded = self.keymap_info
        if loaded is None or not loaded.keymap:
            return
        from .bindings import all_bindings

        scopes: dict[str, list[tuple[str, str, str]]] = {}
        for cls, b in all_bindings(type(self)):
            scopes.setdefault(cls.__qualname__, []).append((b.id or "", b.key, b.description))
        known = {bid for rows in scopes.values() for bid, _, _ in rows if bid}
        for err in (
            *keymap_mod.unknown_ids(loaded, known),
            *keymap_mod.conflicts(loaded, scopes.items()),
        ):
            loaded.errors.append(err)
            self.say(err, severity="warning", timeout=10)

    def on_unmount(self) -> None:
        with contextlib.suppress(Exception):
            self.store.close()

    # --- messages -------------------------------------------------------------------------

    def say(
        self,
        message: str,
        *,
        severity: str = "information",
        timeout: float | None = None,
        title: str = "",
    ) -> None:
        """A notification with data in it: never parsed as markup, control characters removed."""
        self.notify(
            safe_text(message),
            title=title,
            severity=severity,  # type: ignore[arg-type]
            timeout=timeout,
            markup=False,
        )

    # --- screens --------------------------------------------------------------------------

    def _show(self, screen_type: type[Screen], factory: object | None = None) -> None:
        if isinstance(self.screen, screen_type):
            return
        self.push_screen(factory() if callable(factory) else screen_type())

    def action_command_palette(self) -> None:
        """The palette, with ``enter`` that waits for the results of what was typed."""
        from textual.command import CommandPalette

        from .commands import NewsmarkPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]  # App[None], not App[object]
            self.push_screen(NewsmarkPalette(id="--command-palette"))

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen))

    def action_labels(self) -> None:
        from .screens.labels import LabelsScreen

        self._show(LabelsScreen)

    def action_stats(self) -> None:
        from .screens.stats import StatsScreen

        self._show(StatsScreen)

    def open_reader(
        self,
        ids: list[int],
        index: int = 0,
        select: tuple[int, int] | None = None,
        search: str | None = None,
    ) -> Screen:
        """Push the reader on ``ids[index]`` (with the range ``select`` of its text selected, and
        each later article opened at the first match of ``search``): every screen that opens an
        article does it here, so none imports another's module."""
        from .screens.reader import ReaderScreen

        reader = ReaderScreen(ids, index, select=select, search=search)
        self.push_screen(reader)
        return reader

    def action_adjudicate(self) -> None:
        from .screens.adjudicate import AdjudicationScreen

        self._show(AdjudicationScreen)

    @property
    def library(self):  # -> LibraryScreen | None
        from .screens.library import LibraryScreen

        for s in self.screen_stack:
            if isinstance(s, LibraryScreen):
                return s
        return None

    def back_to_library(self) -> None:
        """Pop every screen above the library."""
        lib = self.library
        while lib is not None and self.screen is not lib and len(self.screen_stack) > 1:
            self.pop_screen()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from .commands import app_commands

        yield from super().get_system_commands(screen)
        yield from app_commands(self, screen)


def run_app(path: str | Path, *, store: Store | None = None) -> None:
    """Run the app on ``path``; ``store``, when given, is that database already open (the app
    closes it when it exits)."""
    app = NewsmarkApp(path, store=store)
    app.run()
    if app.return_code:  # a crash (Textual printed what happened): not a success to the shell
        import sys

        sys.exit(app.return_code)
