"""The reader's model suggestions (``M`` and the command palette): run the spaCy pipeline over
the open article, or the reader's whole list, in a thread worker with a progress bar; its entities
are stored as suggestions, reviewed with the suggestion keys.

spaCy is an optional extra: it is imported only when the job runs. :class:`ReaderModel` is mixed
into the reader.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import ProgressBar

from .reader_host import ReaderHost


class ReaderModel(ReaderHost):
    """Suggestions from a spaCy pipeline, for this article or the whole list."""

    def action_model_suggest(self, scope: str = "article") -> None:
        """Run the spaCy pipeline over this article (or the whole list) in a thread worker."""
        from ..core.assist.model import ModelError, spacy_available, suggest_articles

        if self.article is None:
            return
        if not spacy_available():
            self._say(
                "Model suggestions need spaCy: pip install 'newsmark[spacy]'", severity="error"
            )
            return
        ids = [self.article.id] if scope == "article" else list(self.ids)
        bars = self.query("#reader-progress").results(ProgressBar)
        bar = next(bars, None)
        if bar is None:  # mounted by the first run: fewer widgets to style when the reader opens
            bar = ProgressBar(id="reader-progress", show_eta=False)
            self.mount(bar, before=self._search)
        bar.update(total=len(ids), progress=0)
        bar.display = True
        db_path = self.app.db_path
        self._say(f"Suggesting entities with spaCy in {len(ids)} article(s)…", timeout=3)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        def work() -> None:
            try:
                report = suggest_articles(db_path, ids, progress=progress)
            except ModelError as exc:
                self.app.call_from_thread(self._model_done, None, str(exc))
                return
            except Exception as exc:
                self.app.call_from_thread(
                    self._model_done, None, f"Model suggestions failed: {exc}"
                )
                return
            self.app.call_from_thread(self._model_done, report, None)

        self.run_worker(
            work,
            thread=True,
            group="reader-model",
            name="spaCy suggestions",
            exclusive=True,
            exit_on_error=False,
        )

    def _model_done(self, report: Any, error: str | None) -> None:
        for bar in self.query("#reader-progress"):
            bar.display = False
        if error:
            self._say(error, severity="error")
            return
        self._say(report.summary() + "; press . to review them", timeout=5)
        self._start_assist()
