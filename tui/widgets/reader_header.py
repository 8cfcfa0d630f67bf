"""The reader's header (title and metadata) and its one-line status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from .fit import fit_cells
from .safe import safe_line

if TYPE_CHECKING:
    from ..core.assist.suggest import Suggestion
    from .text_view import TextView


class OneLine(Widget):
    """A widget of one line of text that changes often (the status, the header's metadata).

    Textual draws text by wrapping it (``Content.render_strips``), which costs three times the
    drawing itself; a line that fits is drawn directly, with the same segments and styles
    (tests/ui/test_render_paths.py checks them against Textual's own rendering). Anything else (too
    long, a mouse selection, non-default alignment) goes the usual way.
    """

    def render_line(self, y: int) -> Strip:
        strip = self._fitting_line() if y == 0 else None
        return strip if strip is not None else super().render_line(y)

    def _fitting_line(self) -> Strip | None:
        if self.text_selection is not None:
            return None
        visual = self._render()  # cached by Textual until the next refresh
        if not isinstance(visual, Content):
            return None
        plain = visual.plain
        if visual.cell_length > self.size.width or "\n" in plain or "\t" in plain:
            return None
        styles = self.styles
        if (
            styles.text_align not in ("left", "start")
            or styles.line_pad
            or styles.content_align != ("left", "top")
        ):
            return None
        # As Content._FormattedLine.to_strip does for a left-aligned line.
        style = self.visual_style
        segments = []
        x = 0
        for text, text_style in visual.render(style, end="", parse_style=self._get_style):
            segments.append(Segment(text, (style + text_style).rich_style_with_offset(x, 0)))
            x += len(text)
        strip = Strip(segments, visual.cell_length)
        if self.auto_links and not self.screen._selecting:  # as Visual.to_strips does
            strip = strip._apply_link_style(self.link_style)
        return strip


class HeaderLine(Static, OneLine):
    """One line of the header (a ``Static``)."""


class ReaderHeader(Widget):
    """Title on the first line; author, date, publisher, language, status and progress below."""

    DEFAULT_CSS = """
    ReaderHeader { height: 2; width: 1fr; background: $panel; color: $foreground; padding: 0 1; }
    ReaderHeader > Static { width: 1fr; height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = ""
        self.fields: list[tuple[str, str]] = []

    def set_article(
        self,
        *,
        title: str,
        author: str | None,
        date: str | None,
        publisher: str | None,
        lang: str | None,
        lang_prob: float | None,
        status: str,
        position: int,
        total: int,
        spans: int,
        tags: list[str],
        note: bool,
        raw: bool = False,
    ) -> None:
        self.title_text = safe_line(title)
        fields: list[tuple[str, str]] = [("status", status)]
        if lang:
            prob = f" {lang_prob:.2f}" if lang_prob is not None else ""
            fields.append(("lang", f"{safe_line(lang)}{prob}"))
        fields.append(("", f"{spans} span{'' if spans == 1 else 's'}"))
        if tags:
            fields.append(("tags", safe_line(", ".join(tags))))
        if note:
            fields.append(("", "✎ note"))
        if raw:
            fields.append(("", "RAW INPUT (read-only)"))
        if author:
            fields.append(("by", safe_line(author)))
        if date:
            fields.append(("", safe_line(date)[:10]))
        if publisher:
            fields.append(("", safe_line(publisher)))
        self.fields = fields
        self.position = f"{position} / {total}"
        self._update()

    def on_resize(self) -> None:
        self._update()  # the title is cut to the new width

    def compose(self) -> ComposeResult:
        yield HeaderLine(id="reader-title", markup=False)
        yield HeaderLine(id="reader-meta", markup=False)

    def _update(self) -> None:
        if not self.is_mounted:
            return
        width = self.query_one("#reader-title").size.width
        title = Text(
            fit_cells(self.title_text or "(untitled)", width), Style(bold=True), no_wrap=True
        )
        meta = Text(no_wrap=True, overflow="ellipsis")
        meta.append(getattr(self, "position", ""), Style(bold=True))
        for key, value in self.fields:
            meta.append(" · ", Style(dim=True))
            if key:
                meta.append(f"{key} ", Style(dim=True))
            st = Style(bold=True, reverse=True) if value.startswith("RAW") else Style()
            meta.append(value, st)
        if title.plain != getattr(self, "_shown_title", None):
            self._shown_title = title.plain
            self.query_one("#reader-title", Static).update(
                title, layout=False
            )  # fixed size: no layout pass
        if meta.plain != getattr(self, "_shown_meta", None):
            self._shown_meta = meta.plain
            self.query_one("#reader-meta", Static).update(meta, layout=False)

    def on_mount(self) -> None:
        self._update()


class StatusLine(OneLine):
    """Mode, the span under the cursor, the selection: one line, plain text."""

    DEFAULT_CSS = """
    StatusLine { height: 1; width: 1fr; background: $boost; color: $foreground; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts: list[tuple[str, Style]] = []

    def set_parts(self, parts: list[tuple[str, Style]]) -> None:
        if parts != self.parts:
            self.parts = parts
            self.refresh()

    @property
    def plain(self) -> str:
        return "".join(p for p, _ in self.parts)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for part, style in self.parts:
            text.append(part, style)
        return text

    # --- what the reader shows ------------------------------------------------------------

    def show_raw(self) -> None:
        """The raw input is shown: read-only."""
        self.set_parts(
            [
                (" RAW ", Style(reverse=True, bold=True)),
                ("  raw input, read-only; r returns to the cleaned text", Style(dim=True)),
            ]
        )

    def show_search(self, query: str) -> None:
        """The ``/`` search box is open and ``query`` matches nothing (or is empty)."""
        self.set_parts(
            [
                (" SEARCH ", Style(reverse=True, bold=True)),
                (
                    f"  no match for «{safe_line(query)}»" if query else "  type to search",
                    Style(dim=True),
                ),
            ]
        )

    def show_view(
        self,
        v: TextView,
        colours: dict[str, str],
        suggestion: Suggestion | None,
        candidate: bool,
        counts: tuple[int, int] | None,
    ) -> None:
        """The mode, the selection or the token under the cursor, the span and the suggestion
        there; ``candidate``: the selection comes from a candidate jump; ``counts``: the
        candidates and suggestions left (None while they are being computed)."""
        dim = Style(dim=True)
        bold = Style(bold=True)
        parts: list[tuple[str, Style]] = []
        parts.append((" CHAR " if v.char_mode else " TOKEN ", Style(reverse=True, bold=True)))
        if not v.ready:
            parts.append(("  laying out…", dim))
        sel = v.selection
        if sel is not None:
            s, e = sel
            txt = safe_line(v.text[s:e])
            if len(txt) > 40:
                txt = txt[:39] + "…"
            parts.append(("  selection ", dim))
            parts.append((f"«{txt}»", bold))
            parts.append((f" [{s}, {e})", dim))
        sp = v.span_at_cursor()
        if sp is not None:
            colour = colours.get(sp.label, "#888888")
            parts.append(("  on ", dim))
            try:
                parts.append(
                    (f" {safe_line(sp.label)} ", Style(bgcolor=colour, color="#000000", bold=True))
                )
            except Exception:
                parts.append((safe_line(sp.label), bold))
            t = safe_line(sp.text)
            parts.append((f" «{t[:40]}{'…' if len(t) > 40 else ''}»", Style()))
            parts.append(("  o: other occurrences", dim))
        elif sel is None:
            cs, ce = v.cursor
            parts.append(("  ", dim))
            parts.append((f"«{safe_line(v.text[cs:ce])[:30]}»", Style()))
            parts.append((f" @{cs}", dim))
        sg = suggestion
        if sg is not None:
            colour = colours.get(sg.label, "#888888")
            parts.append(("  suggested ", dim))
            try:
                parts.append((safe_line(sg.label), Style(color=colour, bold=True, underline=True)))
            except Exception:
                parts.append((safe_line(sg.label), bold))
            parts.append((f" ({sg.origin}): = accept, - reject", dim))
        elif candidate and sel is not None:
            parts.append(("  candidate: label key tags, i ignores this form", dim))
        if counts is not None:
            nc, ns = counts
            parts.append(
                (
                    f"   ] {nc} candidate{'s' if nc != 1 else ''} · . {ns} suggestion{'s' if ns != 1 else ''}",
                    dim,
                )
            )
        self.set_parts(parts)
