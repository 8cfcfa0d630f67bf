"""The text view's vertical scroll bar: Textual's, repainting only the rows a scroll changes."""

from __future__ import annotations

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar, ScrollBarRender


class RowScrollBar(ScrollBar):
    """A scroll bar that repaints only the rows a new position changes.

    Textual repaints the whole bar when its position changes: every row goes through the
    widget's line styling again, which costs more than a page of text (a page down in a long
    article moves the thumb by a row, if at all). The bar is drawn at the old and the new
    position, and only the rows that differ (thumb ends, and the rows whose click action flips
    between "scroll up" and "scroll down") are repainted; the others are the same strips."""

    position: Reactive[float] = Reactive(0, repaint=False)
    _style_seen: Style | None = None

    def watch_position(self, old: float, new: float) -> None:
        rows = self._changed_rows(old, new)
        if rows is None:
            self.refresh()
        elif rows:
            width = self.size.width
            self.refresh(*(Region(0, y, width, 1) for y in rows))

    def _changed_rows(self, old: float, new: float) -> list[int] | None:
        """The rows that differ between the bar at ``old`` and at ``new``; None: repaint all."""
        if not self.vertical or not self.is_mounted or self.parent is None:
            return None
        width, height = self.size
        if width <= 0 or height <= 0:
            return None
        bar = self.render()  # the bar at the new position, as Textual draws it
        if not isinstance(bar, ScrollBarRender) or not isinstance(bar.style, Style):
            return None
        if bar.style != self._style_seen:  # other colours (a theme, hover): every row changes
            self._style_seen = bar.style
            return None
        back = bar.style.bgcolor or Color.parse("#555555")
        fore = bar.style.color or Color.parse("bright_magenta")

        def segments(position: float) -> list[Segment]:
            # As ScrollBarRender.__rich_console__ does, the bar being ``height`` rows long.
            return list(
                bar.render_bar(
                    size=height,
                    virtual_size=bar.virtual_size,
                    window_size=bar.window_size,
                    position=position,
                    thickness=width,
                    vertical=True,
                    back_color=back,
                    bar_color=fore,
                ).segments
            )

        before, after = segments(old), segments(new)
        if len(before) != height or len(after) != height:
            return None
        return [y for y, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
