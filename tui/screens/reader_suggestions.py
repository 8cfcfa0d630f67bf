"""The reader's assistance keys: jump to the next likely entity not yet tagged (``]``/``[``;
``i`` ignores its form), step through the suggestions (``.``/``,``) and accept or reject them
(``=``/``-``; ``+`` accepts all), and the thread worker that finds both when an article opens.

The state (candidates, dictionary, the last span tagged) lives in
:class:`~tui.screens.reader_assist.ReaderAssist`; :class:`ReaderSuggestions` is mixed into the
reader and holds the keys, the worker and the writes (each one committed, undoable action).
"""

from __future__ import annotations

from ..core.assist.candidates import Cand, candidate_range
from ..core.assist.suggest import (
    Dictionary,
    Suggestion,
    accept_all,
    accept_suggestion,
    next_suggestion,
    reject_suggestion,
)
from ..core.store import Span, StoreError
from ..widgets.safe import safe_line
from .reader_host import ReaderHost


class ReaderSuggestions(ReaderHost):
    """Candidates and suggestions: finding them (a worker), moving to them, accepting them."""

    def _start_assist(self) -> None:
        """Dictionary (+ stored model) suggestions and candidate jumps for the open article,
        computed in a thread worker (``ReaderAssist.job``); the view shows the suggestions when
        they arrive."""
        art = self.article
        if art is None or self.raw or not self.is_mounted:
            return
        v = self.view
        if not v.ready:
            return  # TextView.Ready starts it
        # blind on a team database: the same person's work
        gen, job = self._assist.job(v, art.id, art.lang, self.app.db_path, self.store.annotator)

        def work() -> None:
            try:
                result = job()
            except Exception as exc:  # a locked database, a vanished article: no assistance
                self.app.call_from_thread(
                    self._say,
                    f"No suggestions for this article: {exc}",
                    severity="warning",
                    timeout=3,
                )
                return
            self.app.call_from_thread(self._apply_assist, gen, art.id, *result)

        self.run_worker(
            work, thread=True, group="reader-assist", name="reader assist", exit_on_error=False
        )

    def _apply_assist(
        self,
        gen: int,
        article_id: int,
        dictionary: Dictionary,
        sugs: list[Suggestion],
        cands: list[Cand],
    ) -> None:
        if article_id != self.article_id or self.raw:
            return
        if self._assist.apply(gen, self.view, dictionary, sugs, cands):
            self.update_status()

    def _after_tag(self, spans: list[Span]) -> None:
        """A span was made: the assistance forgets what it covered (``ReaderAssist.after_tag``)."""
        self._how = None
        if self.article is not None:
            self._assist.after_tag(self.view, self.article.id, spans)

    def action_candidate(self, direction: int) -> None:
        """Select the next/previous likely entity not yet tagged (a label key then tags it)."""
        if not self._writable():
            return
        v = self.view
        if not self._assist.ready:
            self._say("Still looking for candidates…", timeout=2)
            return
        if not self._assist.cands or not v.starts:
            self._say("No candidates in this article", timeout=2)
            return
        c = self._assist.candidate_from(v, direction)
        if c is None:
            self._say(
                "No more candidates " + ("after" if direction > 0 else "before") + " the cursor",
                timeout=2,
            )
            return
        v.select_range(*candidate_range(c, v.starts, v.ends))  # a Korean name stops at its particle
        self._how = "candidate"
        self.update_status()

    def action_ignore_form(self) -> None:
        """Skip the selected candidate's form for the rest of the session. The cursor stays on
        it (no jump): the next ``]`` goes to the very next candidate, so none is passed unseen."""
        v = self.view
        sel = v.selection
        if sel is None or self._how != "candidate":
            self._say("Jump to a candidate first (])", severity="warning", timeout=2)
            return
        form = v.text[sel[0] : sel[1]]
        self._assist.ignore(form)
        self._how = None
        v.clear_selection()
        self.update_status()
        self._say(f"Ignoring «{safe_line(form)}» for this session; ] goes on", timeout=2)

    def action_suggestion(self, direction: int) -> None:
        v = self.view
        if self.raw or self.article is None:
            return
        if not v.suggestions:
            self._say(
                "No suggestions in this article"
                if self._assist.ready
                else "Still looking for suggestions…",
                timeout=2,
            )
            return
        sel = v.selection
        pos = (sel or v.cursor)[0]
        if sel is None and direction > 0:
            pos -= 1  # a suggestion starting under the cursor is the next one
        i = next_suggestion(v.suggestions, pos, direction)
        if i is None:
            self._say(
                "No more suggestions " + ("after" if direction > 0 else "before") + " the cursor",
                timeout=2,
            )
            return
        sg = v.suggestions[i]
        v.select_range(sg.start, sg.end)
        self._how = None
        self.update_status()

    def _accept_suggestion(self, sg: Suggestion, label: str | None = None) -> None:
        assert self.article is not None
        keys, seconds = self._cost()
        try:
            new = accept_suggestion(
                self.store, self.article.id, sg, label=label, keys=keys, seconds=seconds
            )
        except StoreError as exc:
            self._say(str(exc), severity="error")
            self.reload_spans()
            return
        self.view.clear_selection()
        self._after_tag([new])
        self._resync(new.start, new.end)

    def _suggestion_to_review(self) -> Suggestion | None:
        """The suggestion under the cursor when it may be accepted or rejected (else says why)."""
        if not self._writable():
            return None
        sg = self._assist.current_suggestion(self.view)
        if sg is None:
            self._say("No suggestion here; press . to jump to the next one", timeout=2)
        return sg

    def action_accept_suggestion(self) -> None:
        sg = self._suggestion_to_review()
        if sg is not None:
            self._accept_suggestion(sg)

    def action_reject_suggestion(self) -> None:
        sg = self._suggestion_to_review()
        if sg is None:
            return
        assert self.article is not None
        keys, seconds = self._cost()
        try:
            reject_suggestion(self.store, self.article.id, sg, keys=keys, seconds=seconds)
        except StoreError as exc:
            self._say(str(exc), severity="error")
            return
        v = self.view
        self._assist.rejected(v, sg)
        v.clear_selection()
        self.update_status()

    def action_accept_all_suggestions(self) -> None:
        if not self._writable():
            return
        v = self.view
        sugs = list(v.suggestions)
        if not sugs:
            self._say("No suggestions to accept", timeout=2)
            return
        assert self.article is not None
        keys, seconds = self._cost()
        try:
            made = accept_all(self.store, self.article.id, sugs, keys=keys, seconds=seconds)
        except StoreError as exc:
            self._say(str(exc), severity="error")
            self.reload_spans()
            return
        v.clear_selection()
        self._after_tag(made)
        lo, hi = min(sg.start for sg in sugs), max(sg.end for sg in sugs)
        self._resync(lo, hi)
        self._say(f"Accepted {len(made)} suggestion(s) (u undoes them all)", timeout=3)
