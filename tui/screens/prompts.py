"""The reader's prompts: the ``/`` search box, the one-line prompt (tags, note, language) and
the label picker.

Each is a small widget or modal screen with its own bindings; none knows the reader's class (the
search box talks to any screen that is a :class:`SearchHost`), so this module never imports
``reader`` and the reader imports it.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol, runtime_checkable

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ..core.safe_text import terminal_line
from ..widgets.safe import safe_line


@runtime_checkable
class SearchHost(Protocol):
    """A screen holding a :class:`SearchInput`: it moves between matches and closes the search."""

    def search_step(self, delta: int) -> None: ...

    def close_search(self, keep: bool) -> None: ...


class SearchInput(Input):
    """The ``/`` search box: typing selects the next match, up/down step, enter keeps, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,ctrl+n", "step(1)", "Next match", id="reader.search_next"),
        Binding("up,ctrl+p", "step(-1)", "Previous match", id="reader.search_prev"),
        Binding("escape", "cancel", "Cancel search", id="reader.search_cancel"),
    ]

    def action_step(self, delta: int) -> None:
        if isinstance(self.screen, SearchHost):
            self.screen.search_step(delta)

    def action_cancel(self) -> None:
        if isinstance(self.screen, SearchHost):
            self.screen.close_search(keep=False)


class PromptScreen(ModalScreen[str | None]):
    """One line of input (tags, note, language); enter accepts, escape cancels."""

    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical { width: 70; height: auto; border: thick $primary; background: $surface; padding: 1 2; }
    PromptScreen Label { width: 1fr; margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel")
    ]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, markup=False)
            # the stored value (an imported tag, a note) may carry ESC sequences: the field shows
            # them as visible escapes, and an unedited value gives back the stored one
            yield Input(
                value=terminal_line(self.value), placeholder=self.placeholder, id="prompt-input"
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        # unedited: nothing to save (and the stored value, not its escaped form, stays)
        self.dismiss(None if event.value == terminal_line(self.value) else event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class LabelPicker(ModalScreen[str | None]):
    """Every label in a list filtered by typing; enter tags with the highlighted one."""

    DEFAULT_CSS = """
    LabelPicker { align: center middle; }
    LabelPicker > Vertical { width: 50; height: auto; max-height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    LabelPicker OptionList { height: auto; max-height: 16; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Up", show=False, id="picker.up"),
    ]

    def __init__(self, labels: list[Any]) -> None:
        super().__init__()
        self.labels = labels

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Label: type to filter, enter to tag", markup=False)
            yield Input(placeholder="filter", id="picker-filter")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, q: str) -> None:
        ol = self.query_one(OptionList)
        ol.clear_options()
        ql = q.strip().lower()
        for lb in self.labels:
            if ql and ql not in lb.name.lower() and ql not in (lb.description or "").lower():
                continue
            t = Text()
            t.append(f" {lb.hotkey or ' '} ", Style(bold=True))
            try:
                t.append(f" {safe_line(lb.name)} ", Style(bgcolor=lb.colour, color="#000000"))
            except Exception:
                t.append(f" {safe_line(lb.name)} ")
            if lb.description:
                t.append(f"  {safe_line(lb.description)}", Style(dim=True))
            ol.add_option(Option(t, id=lb.name))
        if ol.option_count:
            ol.highlighted = 0

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-filter")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        ol = self.query_one(OptionList)
        if ol.highlighted is not None and ol.option_count:
            self.dismiss(ol.get_option_at_index(ol.highlighted).id)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, delta: int) -> None:
        ol = self.query_one(OptionList)
        if not ol.option_count:
            return
        cur = ol.highlighted or 0
        ol.highlighted = max(0, min(ol.option_count - 1, cur + delta))

    def action_cancel(self) -> None:
        self.dismiss(None)
