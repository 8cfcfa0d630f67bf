"""The side panel listing an article's spans in order; choosing one jumps to it.

A Line-API list (an article can hold thousands of spans): rows are drawn on demand from the
list the reader hands over. Labels and covered text are data: plain segments, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .safe import safe_line
from .text_view import _contrast


class SpanPanel(ScrollView, can_focus=True, inherit_bindings=False):
    """``LABEL  covered text`` per span; enter jumps, escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False, id="spans.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="spans.down"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="spans.page_up"),
        Binding("pagedown", "move(10)", "Page down", show=False, id="spans.page_down"),
        Binding("home,g", "move(-1000000000)", "First", show=False, id="spans.first"),
        Binding("end,G", "move(1000000000)", "Last", show=False, id="spans.last"),
        Binding("enter", "choose", "Jump to span", id="spans.jump"),
        Binding("escape,s", "close", "Close panel", id="spans.close"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"span-panel--cursor"}
    DEFAULT_CSS = """
    SpanPanel { width: 38; border-left: solid $primary; background: $surface; overflow-x: hidden; }
    SpanPanel > .span-panel--cursor { background: $accent; color: $text; text-style: bold; }
    SpanPanel:blur > .span-panel--cursor { background: $boost; text-style: bold; }
    """

    class Jump(Message):
        def __init__(self, span: Any) -> None:
            super().__init__()
            self.span = span

    class Closed(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.spans: list = []
        self.colours: dict[str, str] = {}
        self.index = 0

    def set_spans(self, spans: Sequence[object], colours: dict[str, str]) -> None:
        self.spans = list(spans)
        self.colours = dict(colours)
        self.index = max(0, min(self.index, len(self.spans) - 1))
        self.virtual_size = Size(self.size.width, max(1, len(self.spans)))
        self.refresh()

    def select_offset(self, offset: int) -> None:
        """Highlight the first span at or after ``offset`` (the reader's cursor)."""
        for i, sp in enumerate(self.spans):
            if sp.end > offset:
                self.index = i
                break
        self._scroll_visible()
        self.refresh()

    def _scroll_visible(self) -> None:
        h = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        if self.index < top:
            self.scroll_to(y=self.index, animate=False, immediate=True)
        elif self.index >= top + h:
            self.scroll_to(y=self.index - h + 1, animate=False, immediate=True)

    def action_move(self, delta: int) -> None:
        if not self.spans:
            return
        self.index = max(0, min(len(self.spans) - 1, self.index + delta))
        self._scroll_visible()
        self.refresh()

    def action_choose(self) -> None:
        if self.spans:
            self.post_message(self.Jump(self.spans[self.index]))

    def action_close(self) -> None:
        self.post_message(self.Closed())

    async def _on_click(self, event: events.Click) -> None:
        off = event.get_content_offset(self)
        if off is None:
            return
        i = off.y + int(self.scroll_offset.y)
        if 0 <= i < len(self.spans):
            self.index = i
            self.refresh()
            self.post_message(self.Jump(self.spans[i]))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        i = y + int(self.scroll_offset.y)
        if not self.spans:
            if y == 0:
                return Strip([Segment(" no spans yet", base + Style(dim=True))]).adjust_cell_length(
                    width, base
                )
            return Strip.blank(width, base)
        if i >= len(self.spans):
            return Strip.blank(width, base)
        sp = self.spans[i]
        colour = self.colours.get(sp.label, "#888888")
        try:
            lst = Style(bgcolor=colour, color=_contrast(colour))
        except Exception:
            lst = Style(reverse=True)
        label = safe_line(sp.label)
        row_style = (
            base + self.get_component_rich_style("span-panel--cursor") if i == self.index else base
        )
        name = f" {label[:10]} "
        rest = max(0, width - cell_len(name) - 1)
        covered = safe_line(sp.text)
        if cell_len(covered) > rest:
            covered = set_cell_size(covered, max(0, rest - 1)) + "…"
        segs = [Segment(name, base + lst), Segment(" " + covered, row_style)]
        return Strip(segs).adjust_cell_length(width, row_style)
