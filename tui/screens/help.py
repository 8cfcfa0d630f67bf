"""The help screen: generated from the active bindings (keymap applied), plus how to annotate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..widgets.safe import safe_line

if TYPE_CHECKING:
    from textual import getters

    from ..app import NewsmarkApp

HOW_TO = """\
  1. In the list: ↑/↓ or j/k move, / searches, f filters, enter opens.
  2. The fast path in the reader: ] jumps to the next likely entity (a
     name, an amount), [ goes back; press its label's key (1-9, then
     letters, shown in the label bar) and it is tagged and saved at once.
     Not an entity? ] again; i ignores that form for the session.
  3. o after a tag offers its other occurrences (this article or, with o
     again, every article): y/n each, A accepts all.
  4. Suggestions (dictionary, spaCy with M) show underlined: . and , step
     through them, = accepts one, - rejects it, + accepts them all.
  5. By hand: arrows move, shift+arrows move the right edge, < and > the
     left edge, / finds a word; then a label's key.
  6. u undoes, ctrl+r redoes (across articles and restarts); a marks the
     article done and opens the next; escape goes back to the list.
  7. x in the list exports the done articles (spaCy, Prodigy, HF, ...).
  ctrl+p: the command palette (every action, go to article, themes)."""

SECTION_NAMES = {
    "NewsmarkApp": "Everywhere",
    "LibraryScreen": "Library",
    "ArticleList": "Article list",
    "ReaderScreen": "Reader",
    "LabelsScreen": "Labels",
    "StatsScreen": "Statistics",
    "LintScreen": "Lint",
    "FindingList": "Lint findings",
    "OccurrencesScreen": "Occurrences",
    "SpanPanel": "Span panel",
    "TextView": "Reader text",
    "ConfirmDialog": "Confirm dialog",
    "Dialog": "Dialogs",
    "ExportDialog": "Export dialog",
    "FilterDialog": "Filter dialog",
    "HelpScreen": "Help",
}


def _section(node_or_cls: object) -> str:
    name = node_or_cls.__name__ if isinstance(node_or_cls, type) else type(node_or_cls).__name__
    return SECTION_NAMES.get(name, name)


def _fold_digits(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Rows "1 Tag with label 1" … "9 Tag with label 9" become one row "1-9 Tag with label 1-9"."""
    out: list[tuple[str, str, str]] = []
    run: list[tuple[str, str, str]] = []

    def flush() -> None:
        if len(run) >= 3:
            first, last = run[0], run[-1]
            stem = first[1][:-1]
            bid = first[2][:-1] + "N" if first[2] else ""
            out.append((f"{first[0]}-{last[0]}", f"{stem}{first[0]}-{last[0]}", bid))
        else:
            out.extend(run)
        run.clear()

    for row in rows:
        keys, desc, _ = row
        if (
            len(keys) == 1
            and keys.isdigit()
            and desc.endswith(keys)
            and (not run or (int(keys) == int(run[-1][0]) + 1 and desc[:-1] == run[-1][1][:-1]))
        ):
            run.append(row)
            continue
        flush()
        if len(keys) == 1 and keys.isdigit() and desc.endswith(keys):
            run.append(row)
        else:
            out.append(row)
    flush()
    return out


class HelpScreen(Screen):
    """Keys of the screen the help was opened from, the reader's keys, and a short guide."""

    if TYPE_CHECKING:  # typed access to the app's own attributes; at run time, Textual's property
        app = getters.app(NewsmarkApp)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="help.back"),
    ]

    def __init__(self, under: Screen | None = None) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        yield Static(Text(" Help", style="bold"), classes="screen-title")
        with VerticalScroll(id="help-body"):
            yield Static(self.build(), id="help-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    # --- content --------------------------------------------------------------------------

    def _rows_from_screen(self, screen: Screen) -> dict[str, list[tuple[str, str, str]]]:
        """Section -> [(keys, description, id)] from a live screen's active bindings."""
        sections: dict[str, list[tuple[str, str, str]]] = {}
        seen: dict[tuple[str, str], int] = {}
        for _key, active in screen.active_bindings.items():
            b = active.binding
            if b.system or not b.description or not b.id:
                continue
            sec = _section(active.node)
            rows = sections.setdefault(sec, [])
            disp = self.app.get_key_display(b)
            k = (sec, b.action)
            if k in seen:
                keys, desc, bid = rows[seen[k]]
                if disp not in keys.split(" / "):
                    rows[seen[k]] = (f"{keys} / {disp}", desc, bid)
                continue
            seen[k] = len(rows)
            rows.append((disp, b.description, b.id or ""))
        return sections

    def _rows_from_classes(self, classes: Iterable[type]) -> dict[str, list[tuple[str, str, str]]]:
        """The same from classes' BINDINGS (for screens that are not open), with the keymap applied."""
        keymap: dict[str, str] = getattr(self.app, "_keymap", {}) or {}
        sections: dict[str, list[tuple[str, str, str]]] = {}
        for cls in classes:
            for b in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
                if b.system or not b.description or b.show is False and not b.id:
                    continue
                rows = sections.setdefault(_section(cls), [])
                keys = keymap.get(b.id, b.key) if b.id else b.key
                disp = " / ".join(
                    self.app.get_key_display(b.with_key(k.strip())) for k in keys.split(",")
                )
                if b.key_display and not (b.id and b.id in keymap):
                    disp = b.key_display
                merged = False
                for i, (k, d, bid) in enumerate(rows):
                    if d == b.description and bid == (b.id or ""):
                        rows[i] = (f"{k} / {disp}", d, bid)
                        merged = True
                        break
                if not merged:
                    rows.append((disp, b.description, b.id or ""))
        return sections

    @staticmethod
    def _append_sections(t: Text, sections: dict[str, list[tuple[str, str, str]]]) -> None:
        order = sorted(sections, key=lambda s: (s == "Everywhere", s))
        for sec in order:
            rows = _fold_digits(sections[sec])
            if not rows:
                continue
            t.append(f"{sec}\n", style="bold underline")
            key_w = min(22, max(len(k) for k, _, _ in rows))
            for keys, desc, bid in rows:
                t.append("  " + keys.ljust(key_w), style="bold")
                t.append("  " + safe_line(desc))
                if bid:
                    t.append(f"  [{bid}]", style="dim")
                t.append("\n")
            t.append("\n")

    def build(self) -> Text:
        sections: dict[str, list[tuple[str, str, str]]] = {}
        under = self.under
        if under is not None:
            sections.update(self._rows_from_screen(under))
        from .library import LibraryScreen

        if isinstance(under, LibraryScreen):
            from ..widgets import text_view
            from .reader import ReaderScreen

            extra: list[type] = [ReaderScreen]
            extra += [
                c
                for c in vars(text_view).values()
                if isinstance(c, type)
                and c.__module__ == text_view.__name__
                and "BINDINGS" in c.__dict__
            ]
            for sec, rows in self._rows_from_classes(extra).items():
                sections.setdefault(sec, []).extend(rows)
        # then every other screen's, dialog's and widget's keys (found by walking the UI
        # packages), so each binding id a keymap can name is listed here
        from ..bindings import binding_classes

        others: dict[str, list[tuple[str, str, str]]] = {}
        for sec, rows in self._rows_from_classes(binding_classes(type(self.app))).items():
            if sec not in sections:
                others.setdefault(sec, []).extend(rows)
        t = Text()
        t.append("How to annotate\n", style="bold underline")
        t.append(HOW_TO + "\n\n")
        self._append_sections(t, sections)
        if others:
            t.append("Other screens and dialogs\n\n", style="bold")
            self._append_sections(t, others)
        info = getattr(self.app, "keymap_info", None)
        if info is not None:
            t.append("Keys can be changed in ", style="dim")
            t.append(safe_line(str(info.path)), style="dim italic")
            t.append(
                ' with lines such as  "library.search" = "ctrl+f"  under [keymap] (ids in brackets above).',
                style="dim",
            )
        return t
