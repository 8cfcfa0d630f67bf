"""The reader's copy keys: the selection, span or token (``y``), and the open article's export
record (``Y``).

A record too big for the terminal's clipboard (OSC 52) goes to the system clipboard when there is
one, else the user is offered a file (written atomically) rather than a clipboard that would cut
it. :class:`ReaderCopy` is mixed into the reader.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import clipboard
from ..core.store import StoreError
from .reader_host import ReaderHost


class ReaderCopy(ReaderHost):
    """Copy what is under the cursor, or the open article as one export record."""

    def _copy(self, text: str, what: str) -> None:
        ok, msg = clipboard.copy(self.app, text, what=what)
        self._say(msg, severity="information" if ok else "error", timeout=3)

    def action_copy(self) -> None:
        v = self.view
        sel = v.selection
        if sel is not None:
            self._copy(v.text[sel[0] : sel[1]], "the selection")
            return
        sp = v.span_at_cursor()
        if sp is not None:
            self._copy(sp.text, f"the {sp.label} span")
            return
        cs, ce = v.cursor
        if ce > cs:
            self._copy(v.text[cs:ce], "the token")

    def action_copy_record(self) -> None:
        if self.article is None:
            return
        from ..core.export import build_record

        try:
            art = self.store.article(self.article.id)
            rec = build_record(
                art,
                self.store.spans(art.id, own=True),
                self.store.tags(art.id, own=True),
                self.store.note(art.id, own=True),
            )
        except StoreError as exc:
            self._say(str(exc), severity="error")
            return
        text = json.dumps(rec, ensure_ascii=False)
        if clipboard.too_big_for_terminal(text):
            if clipboard.copy_local(self.app, text):
                self._say(
                    f"Copied the export record ({len(text):,} characters) to the system clipboard",
                    timeout=3,
                )
            else:
                self._offer_record_file(text, art.id)
            return
        self._copy(text, "the export record")

    def _offer_record_file(self, text: str, article_id: int) -> None:
        """A record too big for the terminal's clipboard (OSC 52): write it to a file instead
        (atomically); escape copies it anyway."""
        from .dialogs import PathSuggester, TextPrompt

        kb = len(text.encode("utf-8")) // 1024

        def done(path: str | None) -> None:
            if path is None:
                self._copy(text, "the export record")  # the user's choice: it may be cut
                return
            from ..core.formats.base import atomic_writer

            target = Path(path.strip()).expanduser()
            try:
                with atomic_writer(target) as fh:
                    fh.write(text + "\n")
            except OSError as exc:
                self._say(f"Could not write {target}: {exc.strerror or exc}", severity="error")
                return
            self._say(f"Wrote the export record ({kb:,} KB) to {target}", timeout=5)

        self.app.push_screen(
            TextPrompt(
                f"The record is {kb:,} KB, more than a terminal's clipboard takes: write it to a file?",
                value=f"newsmark-record-{article_id}.json",
                suggester=PathSuggester(),
                help="Enter writes the file; escape copies it to the clipboard anyway (it may be cut).",
            ),
            done,
        )
