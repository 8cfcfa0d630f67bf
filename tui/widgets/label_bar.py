"""The label bar: every label with its hotkey and colour, in the labels' order."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from .safe import safe_line
from .text_view import _contrast


class LabelBar(Widget):
    """``1 PER  2 ORG  3 LOC …  l more``: names are data, drawn as plain text, never markup."""

    DEFAULT_CSS = """
    LabelBar { height: 1; width: 1fr; background: $panel; color: $foreground; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._labels: list[tuple[str, str, str | None]] = []

    def set_labels(self, labels: Sequence[object]) -> None:
        """``labels``: ``tui.core.store.Label`` rows (name, colour, hotkey)."""
        self._labels = [(lb.name, lb.colour, lb.hotkey) for lb in labels]  # type: ignore[attr-defined]
        self.refresh()

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        extra = 0
        for name, colour, key in sorted(self._labels, key=lambda t: (t[2] is None, t[2] or "")):
            if key is None:
                extra += 1
                continue
            text.append(f"{key}", Style(bold=True))
            try:
                st = Style(bgcolor=colour, color=_contrast(colour))
            except Exception:
                st = Style(reverse=True)
            text.append(f" {safe_line(name)} ", st)
            text.append("  ")
        for name, colour, key in self._labels:
            if key is None:
                try:
                    st = Style(color=colour)
                except Exception:
                    st = Style()
                text.append(safe_line(name), st)
                text.append(" ")
        text.append("  l ", Style(bold=True))
        text.append("all labels" if extra else "label picker", Style(dim=True))
        return text
