"""Modal dialogs: confirm, text prompt, import, export and filters.

Each dialog dismisses with its result (``None`` when cancelled with escape). User data shown in a
dialog (label names, paths, queries) goes through ``Text``/``safe_line``, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, Select, Static

from ..core.query import ArticleQuery
from ..core.records import STATUS_NAMES
from ..core.safe_text import terminal_line
from ..core.store import STATUSES
from ..widgets.safe import safe_line
from .filters import ORDERS


class Dialog(ModalScreen):
    """Base: escape cancels, the dialog is a bordered box in the middle of the screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]
    DEFAULT_CLASSES = "dialog"

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog):
    """Yes/no. ``y`` or enter on Yes confirms, ``n`` or escape cancels; dismisses with a bool."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "answer(False)", "Cancel", show=False, id="confirm.cancel"),
    ]

    def __init__(
        self, title: str, message: str, *, yes: str = "Yes", no: str = "No", danger: bool = False
    ) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._yes = yes
        self._no = no
        self._danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Static(Text(safe_line(self._title)), classes="dialog-title")
            yield Static(Text(self._message), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._yes, id="yes", variant="error" if self._danger else "primary")
                yield Button(self._no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no" if self._danger else "#yes", Button).focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class _NotEmpty(Validator):
    def validate(self, value: str) -> ValidationResult:
        return self.success() if value.strip() else self.failure("cannot be empty")


class TextPrompt(Dialog):
    """One line of text; enter accepts, escape cancels. Dismisses with the text or None."""

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        help: str = "",
        allow_empty: bool = False,
        suggester: Suggester | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._placeholder = placeholder
        self._help = help
        self._allow_empty = allow_empty
        self._suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Static(Text(self._title), classes="dialog-title")
            # a stored value (a label name) may carry ESC sequences: shown as visible escapes
            yield Input(
                value=terminal_line(self._value),
                placeholder=self._placeholder,
                id="prompt-input",
                suggester=self._suggester,
                select_on_focus=True,
            )
            if self._help:
                yield Static(Text(self._help), classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # unedited: the stored value itself, not its escaped form
        self.accept(self._value if event.value == terminal_line(self._value) else event.value)

    def accept(self, value: str) -> None:
        if not value.strip() and not self._allow_empty:
            self.notify(
                "Type something, or press escape to cancel.", severity="warning", markup=False
            )
            return
        self.dismiss(value)


class PathSuggester(Suggester):
    """Completes file and folder names (the rest of the word after the cursor; right arrow takes it)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value or value.endswith(" "):
            return None
        head, _, last = value.rpartition(" ")
        p = Path(last).expanduser()
        base = p if last.endswith("/") else p.parent
        stem = "" if last.endswith("/") else p.name
        try:
            names = sorted(
                c.name + ("/" if c.is_dir() else "")
                for c in base.iterdir()
                if c.name.startswith(stem)
            )
        except OSError:
            return None
        names = [n for n in names if not n.startswith(".") or stem.startswith(".")]
        if not names:
            return None
        return value + names[0][len(stem) :]


class ImportDialog(TextPrompt):
    """Paths to import (files, folders, globs), separated by spaces. Dismisses with a list."""

    def __init__(self, value: str = "") -> None:
        super().__init__(
            "Import articles",
            value=value,
            placeholder="path/to/articles/  scrape.txt  dump.jsonl.gz",
            help="Files, folders or globs, separated by spaces (→ completes a path). "
            "Text, HTML, JSON/JSONL and gzip. Enter imports, escape cancels.",
            suggester=PathSuggester(),
        )

    def accept(self, value: str) -> None:
        paths = [p for p in value.split() if p]
        if not paths:
            self.notify(
                "Give a file or folder to import, or press escape.",
                severity="warning",
                markup=False,
            )
            return
        self.dismiss(
            [str(Path(p).expanduser()) if not any(c in p for c in "*?[") else p for p in paths]
        )


@dataclass
class ExportRequest:
    """What the export dialog asks for: which articles (and which of their spans) in ``query``."""

    fmt: str
    out: str
    query: ArticleQuery
    split: str | None = None
    force: bool = False


def _split(value: str) -> tuple[str, ...] | None:
    out = tuple(x.strip() for x in value.replace(" ", ",").split(",") if x.strip())
    return out or None


class ExportDialog(Dialog):
    """Format, filters and destination of an export. Dismisses with an ``ExportRequest``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "submit", "Export", id="export.submit"),
    ]

    def __init__(
        self,
        formats: list[str],
        labels: list[str],
        languages: list[str],
        *,
        default_out: str,
        listed: list[int] | None = None,
        descriptions: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        """``descriptions``: format -> (file extension, one-line description)."""
        super().__init__()
        self._formats = formats
        self._descriptions = descriptions or {}
        self._labels = labels
        self._languages = languages
        self._default_out = default_out
        self._listed = listed

    def compose(self) -> ComposeResult:
        status_opts: list[tuple[Text, str]] = [
            (Text("done"), "done"),
            (Text("all statuses"), "all"),
        ]
        status_opts += [(Text(STATUS_NAMES[s]), s) for s in STATUSES if s != "done"]
        if self._listed is not None:
            status_opts.append((Text(f"the {len(self._listed):,} listed articles"), "listed"))
        with Vertical(id="dialog-box"):
            yield Static(Text("Export annotations"), classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Format", classes="field-label")
                yield Select(
                    [(Text(self._format_label(f)), f) for f in self._formats],
                    value=self._formats[0],
                    allow_blank=False,
                    id="export-format",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Articles", classes="field-label")
                yield Select(
                    status_opts, value="done", allow_blank=False, id="export-status", compact=True
                )
            with Horizontal(classes="field"):
                yield Label("Labels", classes="field-label")
                yield Input(placeholder="all (or e.g. PER,ORG)", id="export-labels", compact=True)
            with Horizontal(classes="field"):
                yield Label("Languages", classes="field-label")
                yield Input(placeholder="all (or e.g. en,fr)", id="export-langs", compact=True)
            with Horizontal(classes="field"):
                yield Label("Split", classes="field-label")
                yield Input(
                    placeholder="none (or e.g. 80/10/10 for train/dev/test)",
                    id="export-split",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("To file", classes="field-label")
                yield Input(
                    value=self._default_out,
                    id="export-out",
                    suggester=PathSuggester(),
                    compact=True,
                )
            known = ", ".join(safe_line(x) for x in self._labels) or "none"
            yield Static(
                Text(f"Labels: {known}. Enter or ctrl+s exports; escape cancels."),
                classes="dialog-help",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export", variant="primary")
                yield Button("Cancel", id="cancel")

    def _format_label(self, fmt: str) -> str:
        desc = self._descriptions.get(fmt, ("", ""))[1]
        return f"{fmt}: {desc}" if desc else fmt

    def on_mount(self) -> None:
        self.query_one("#export-out", Input).focus()

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        """Follow the format's extension in the destination (a folder for brat)."""
        ext = self._descriptions.get(str(event.value), (None, ""))[0]
        if ext is None:
            return
        box = self.query_one("#export-out", Input)
        path = Path(box.value) if box.value.strip() else Path(self._default_out)
        stem = path.name.split(".")[0] or "newsmark-export"
        box.value = str(path.with_name(stem + ext))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#export")
    @on(Input.Submitted)
    def action_submit(self) -> None:
        fmt = self.query_one("#export-format", Select).value
        status_v = self.query_one("#export-status", Select).value
        out = self.query_one("#export-out", Input).value.strip()
        if not out:
            self.notify("Give a file to write to.", severity="warning", markup=False)
            return
        labels = _split(self.query_one("#export-labels", Input).value)
        unknown = sorted(set(labels or ()) - set(self._labels))
        if unknown:
            self.notify(f"Unknown label(s): {', '.join(unknown)}", severity="error", markup=False)
            return
        langs = _split(self.query_one("#export-langs", Input).value)
        ids = None
        if status_v == "all":
            status: tuple[str, ...] | None = None
        elif status_v == "listed":
            status, ids = None, tuple(self._listed or ())
        else:
            status = (str(status_v),)
        # The labels field keeps those spans of every exported article (``--label``).
        query = ArticleQuery(status=status, lang=langs, span_labels=labels, ids=ids)
        if out != "-":
            out = str(Path(out).expanduser())
        split = self.query_one("#export-split", Input).value.strip() or None
        self.dismiss(ExportRequest(fmt=str(fmt), out=out, query=query, split=split))


class FilterDialog(Dialog):
    """Status, language and label filters and the sort order. Dismisses with the library's
    ``ArticleQuery`` changed (its search kept)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "submit", "Apply", id="filter.submit"),
        Binding("ctrl+r", "clear", "Clear all", id="filter.clear"),
    ]

    def __init__(
        self, state: ArticleQuery, languages: list[str] | dict[str, int], labels: list[str]
    ) -> None:
        """``languages``: codes, or codes with their article counts (shown beside them)."""
        super().__init__()
        self._state = state
        self._languages = list(languages)
        self._lang_counts = dict(languages) if isinstance(languages, dict) else {}
        self._labels = labels

    def compose(self) -> ComposeResult:
        st = self._state
        with Vertical(id="dialog-box"):
            yield Static(Text("Filter and sort"), classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Status", classes="field-label")
                yield Select(
                    [(Text(STATUS_NAMES[s]), s) for s in STATUSES],
                    prompt="any status",
                    value=st.status[0] if st.status else Select.NULL,
                    id="filter-status",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Language", classes="field-label")
                yield Select(
                    [
                        (
                            Text(
                                safe_line(x)
                                + (f" ({self._lang_counts[x]:,})" if x in self._lang_counts else "")
                            ),
                            x,
                        )
                        for x in self._languages
                    ],
                    prompt="any language",
                    value=st.lang[0] if st.lang and st.lang[0] in self._languages else Select.NULL,
                    id="filter-lang",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Label", classes="field-label")
                yield Select(
                    [(Text(safe_line(x)), x) for x in self._labels],
                    prompt="any label",
                    value=(
                        st.has_label[0]
                        if st.has_label and st.has_label[0] in self._labels
                        else Select.NULL
                    ),
                    id="filter-label",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Sort by", classes="field-label")
                yield Select(
                    [(Text(v), k) for k, v in ORDERS.items()],
                    value=st.order,
                    allow_blank=False,
                    id="filter-order",
                    compact=True,
                )
            yield Static(
                Text(
                    "Tab moves, enter opens a list; ctrl+s applies, ctrl+r clears, escape cancels."
                ),
                classes="dialog-help",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply", id="apply", variant="primary")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#filter-status", Select).focus()

    def _value(self, sel_id: str) -> tuple[str, ...] | None:
        v = self.query_one(sel_id, Select).value
        return None if v is Select.NULL or v is None else (str(v),)

    @on(Button.Pressed, "#apply")
    def action_submit(self) -> None:
        self.dismiss(
            self._state.with_(
                status=self._value("#filter-status"),
                lang=self._value("#filter-lang"),
                has_label=self._value("#filter-label"),
                order=str(self.query_one("#filter-order", Select).value),
            )
        )

    @on(Button.Pressed, "#clear")
    def action_clear(self) -> None:
        self.dismiss(ArticleQuery(order=self._state.order))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
