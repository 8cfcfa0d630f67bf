"""What the reader's parts may use of the screen they are mixed into (for the type checker).

The reader's actions are split by job into mixins (``reader_search``, ``reader_copy``,
``reader_meta``, ``reader_suggestions``, ``reader_occurrences``, ``reader_model``) that
:class:`~tui.screens.reader.ReaderScreen` inherits. While type checking, each mixin's base is
:class:`ReaderHost`, which declares the screen's state and the methods the mixins call; at run time
it is ``object`` (as ``TextNavigation`` does for ``TextView``). So a mixin reads the screen's state,
typed, without importing the screen's module (no import cycle), and costs nothing at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual import getters
    from textual.screen import Screen

    from ..app import NewsmarkApp
    from ..core.store import Article, Span
    from ..widgets.reader_header import StatusLine
    from ..widgets.text_view import TextView
    from .prompts import SearchInput
    from .reader_assist import ReaderAssist

    class ReaderHost(Screen[None]):
        """The state and methods of :class:`~tui.screens.reader.ReaderScreen` its mixins use."""

        app = getters.app(NewsmarkApp)
        ids: list[int]
        index: int
        article: Article | None
        raw: bool
        _how: str | None  # "candidate" while the selection comes from a jump
        _keys: int  # keys pressed since the previous action
        _meta_for: int | None  # the article whose tags and note the header holds
        _assist: ReaderAssist
        _search: SearchInput
        _status: StatusLine

        @property
        def store(self) -> Any: ...

        @property
        def view(self) -> TextView: ...

        @property
        def article_id(self) -> int | None: ...

        def _say(
            self, message: str, *, severity: str = "information", timeout: float | None = None
        ) -> None: ...

        def update_header(self) -> None: ...

        def update_status(self) -> None: ...

        def _writable(self) -> bool: ...

        def _cost(self, extra_keys: int = 0) -> tuple[int, float]: ...

        def _resync(self, start: int, end: int) -> None: ...

        def reload_spans(self) -> None: ...

        def _start_assist(self) -> None: ...

        def _after_tag(self, spans: list[Span]) -> None: ...

else:
    ReaderHost = object
