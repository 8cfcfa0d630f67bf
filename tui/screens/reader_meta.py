"""The reader's keys for the open article's own metadata: its tags, its note and its language.

Each opens a one-line prompt, stores the answer at once (as the annotator's own, like every
annotation) and redraws the header. :class:`ReaderMeta` is mixed into the reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..core.store import StoreError
from .prompts import PromptScreen
from .reader_host import ReaderHost


class ReaderMeta(ReaderHost):
    """Tags, note and language of the open article."""

    def _edit_meta(
        self,
        title: str,
        current: str,
        save: Callable[[int, str], None],
        saved: Callable[[str], str],
        placeholder: str = "",
    ) -> None:
        """Prompt for a piece of the article's metadata, store it, and redraw the header."""
        if self.article is None:
            return
        aid = self.article.id

        def done(value: str | None) -> None:
            if value is None:
                return
            try:
                save(aid, value)
            except StoreError as exc:
                self._say(str(exc), severity="error")
                return
            self._meta_for = None
            self.update_header()
            self._say(saved(value), timeout=2)

        self.app.push_screen(PromptScreen(title, current, placeholder), done)

    def action_tags(self) -> None:
        if self.article is not None:
            self._edit_meta(
                "Tags for this article (comma-separated)",
                ", ".join(self.store.tags(self.article.id, own=True)),
                lambda aid, v: self.store.set_tags(aid, re.split(r"[,;]", v)),
                lambda v: "Tags saved",
                "e.g. politics, check-later",
            )

    def action_note(self) -> None:
        if self.article is not None:
            self._edit_meta(
                "Note on this article (empty removes it)",
                self.store.note(self.article.id, own=True),
                self.store.set_note,
                lambda v: "Note saved" if v.strip() else "Note removed",
            )

    def action_language(self) -> None:
        if self.article is None:
            return
        aid = self.article.id

        def done(value: str | None) -> None:
            if not value or not value.strip():
                return
            lang = value.strip().lower()
            if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})?", lang):
                self._say(f"{lang!r} is not a language code (e.g. en, fr, pt-br)", severity="error")
                return
            try:
                self.store.set_language(aid, lang)
            except StoreError as exc:
                self._say(str(exc), severity="error")
                return
            if self.article is not None and self.article.id == aid:
                self.article.lang, self.article.lang_prob = lang, 1.0
            self.update_header()
            self._say(f"Language set to {lang}", timeout=2)

        self.app.push_screen(
            PromptScreen("Language of this article (ISO code)", self.article.lang or ""), done
        )
