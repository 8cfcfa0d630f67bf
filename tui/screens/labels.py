"""The labels screen: add, rename, recolour, re-key, reorder and remove labels."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ..core.store import Label, StoreError
from ..widgets.safe import safe_line
from .dialogs import ConfirmDialog, TextPrompt

if TYPE_CHECKING:
    from textual import getters

    from ..app import NewsmarkApp


class LabelsScreen(Screen):
    """Every label with its hotkey, colour and number of spans."""

    if TYPE_CHECKING:  # typed access to the app's own attributes; at run time, Textual's property
        app = getters.app(NewsmarkApp)

    AUTO_FOCUS = "#labels-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="labels.back"),
        Binding("a", "add", "Add", id="labels.add"),
        Binding("r", "rename", "Rename", id="labels.rename"),
        Binding("c", "colour", "Colour", id="labels.colour"),
        Binding("k", "key", "Key", id="labels.key"),
        Binding("e", "describe", "Describe", show=False, id="labels.describe"),
        Binding(
            "shift+up,left_square_bracket", "move(-1)", "Up", key_display="[", id="labels.move_up"
        ),
        Binding(
            "shift+down,right_square_bracket",
            "move(1)",
            "Down",
            key_display="]",
            id="labels.move_down",
        ),
        Binding("delete,x", "remove", "Remove", key_display="x", id="labels.remove"),
        Binding("o", "overlap", "Overlaps on/off", show=False, id="labels.overlap"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.labels: list[Label] = []

    def compose(self) -> ComposeResult:
        yield Static(Text(" Labels", style="bold"), id="labels-title", classes="screen-title")
        table: DataTable = DataTable(id="labels-table", cursor_type="row", zebra_stripes=False)
        yield table
        yield Static(
            Text(
                "Keys 1-9 tag in the reader. a adds, r renames (spans follow), c recolours, "
                "k sets the key, [ ] reorder (the label bar follows), x removes. Escape goes back."
            ),
            id="labels-help",
            classes="screen-help",
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Key", key="key", width=3)
        table.add_column("Label", key="name")
        table.add_column("Colour", key="colour", width=10)
        table.add_column("Spans", key="spans")
        table.add_column("Description", key="desc")
        self.refresh_labels()

    def on_screen_resume(self) -> None:
        self.refresh_labels()

    @property
    def current(self) -> Label | None:
        table = self.query_one(DataTable)
        if not self.labels or table.cursor_row < 0 or table.cursor_row >= len(self.labels):
            return None
        return self.labels[table.cursor_row]

    def refresh_labels(self, select: str | None = None) -> None:
        table = self.query_one(DataTable)
        keep = select or (self.current.name if self.current else None)
        try:
            self.labels = self.app.store.labels()
            usage = {name: n for name, n in self.app.store.stats()["by_label"].items()}
        except StoreError as exc:
            self.app.say(str(exc), severity="error")
            return
        table.clear()
        for lb in self.labels:
            swatch = Text("██ ", style=Style(color=lb.colour))
            swatch.append(lb.colour)
            table.add_row(
                Text(lb.hotkey or "-", style="bold"),
                Text(safe_line(lb.name), style=Style(color=lb.colour, bold=True)),
                swatch,
                Text(f"{usage.get(lb.name, 0):,}", justify="right"),
                Text(safe_line(lb.description)),
                key=lb.name,
            )
        if keep is not None:
            for i, lb in enumerate(self.labels):
                if lb.name == keep:
                    table.move_cursor(row=i, animate=False)
                    break

    def _do(self, fn, *args, select: str | None = None, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        try:
            fn(*args, **kwargs)
        except StoreError as exc:
            self.app.say(str(exc), severity="error")
            return False
        self.refresh_labels(select)
        return True

    # --- actions --------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_overlap(self) -> None:
        """Let spans overlap and nest (spancat, nested NER), or not (plain NER): the database's setting."""
        store = self.app.store
        allow = not store.allow_overlap
        try:
            store.set_setting("allow_overlap", "1" if allow else "0")
        except StoreError as exc:
            self.app.say(str(exc), severity="error")
            return
        self.app.say(
            "Overlapping spans allowed: tags may nest; lint flags them for CoNLL and HF"
            if allow
            else "Overlapping spans off: a new tag replaces the ones it overlaps; existing overlaps stay"
        )

    def action_add(self) -> None:
        def done(name: str | None) -> None:
            if name:
                name = name.strip()
                if self._do(self.app.store.add_label, name, select=name):
                    self.app.say(f"Added label {name}")

        self.app.push_screen(
            TextPrompt("New label name (one word, e.g. PRODUCT)", placeholder="NAME"), done
        )

    def action_rename(self) -> None:
        lb = self.current
        if lb is None:
            return

        def done(new: str | None) -> None:
            if new and new.strip() != lb.name:
                self._do(
                    self.app.store.update_label, lb.name, new_name=new.strip(), select=new.strip()
                )

        self.app.push_screen(
            TextPrompt(f"Rename {safe_line(lb.name)} (its spans follow)", value=lb.name), done
        )

    def action_colour(self) -> None:
        lb = self.current
        if lb is None:
            return

        def done(colour: str | None) -> None:
            if colour:
                self._do(self.app.store.update_label, lb.name, colour=colour.strip())

        self.app.push_screen(
            TextPrompt(
                f"Colour of {safe_line(lb.name)}",
                value=lb.colour,
                placeholder="#rrggbb",
                help="A colour as #rrggbb, e.g. #e5c07b.",
            ),
            done,
        )

    def action_key(self) -> None:
        lb = self.current
        if lb is None:
            return

        def done(key: str | None) -> None:
            if key is not None:
                self._do(self.app.store.update_label, lb.name, hotkey=key.strip())

        self.app.push_screen(
            TextPrompt(
                f"Hotkey of {safe_line(lb.name)}",
                value=lb.hotkey or "",
                placeholder="1-9, e, f, h, q, v, z, A-Z",
                help="A digit 1-9, or past nine labels one of the letters "
                "efhqvz or ABCDEFHIJNOPQRSTUVWZ (the label that had it "
                "loses it); empty for none.",
                allow_empty=True,
            ),
            done,
        )

    def action_describe(self) -> None:
        lb = self.current
        if lb is None:
            return

        def done(desc: str | None) -> None:
            if desc is not None:
                self._do(self.app.store.update_label, lb.name, description=desc.strip())

        self.app.push_screen(
            TextPrompt(
                f"Description of {safe_line(lb.name)}", value=lb.description, allow_empty=True
            ),
            done,
        )

    def action_move(self, delta: int) -> None:
        lb = self.current
        if lb is None:
            return
        self._do(self.app.store.move_label, lb.name, delta, select=lb.name)

    def action_remove(self) -> None:
        lb = self.current
        if lb is None:
            return
        try:
            n = self.app.store.label_usage(lb.name)
        except StoreError as exc:
            self.app.say(str(exc), severity="error")
            return
        name = safe_line(lb.name)
        msg = (
            f"Remove {name} and the {n:,} span(s) that use it? The spans are deleted from every article."
            if n
            else f"Remove {name}? No span uses it."
        )

        def done(ok: bool | None) -> None:
            if ok and self._do(self.app.store.remove_label, lb.name, force=True):
                self.app.say(f"Removed label {lb.name}" + (f" and {n} span(s)" if n else ""))

        self.app.push_screen(
            ConfirmDialog(f"Remove label {name}", msg, yes="Remove", danger=bool(n)), done
        )
