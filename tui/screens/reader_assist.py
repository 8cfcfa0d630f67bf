"""The reader's assistance: where the next entity probably is, for the open article.

:class:`ReaderAssist` holds the candidate jumps (``]``), the forms ignored for the session, the
dictionary behind the suggestions (``.``) and the last span tagged (``o``), and keeps them true
as spans are made or refused. It is a plain class the screen delegates to: the screen owns the
keys, the messages and the worker; this owns the state, so the screen's actions stay thin. The
suggestions themselves live in the text view (it draws them).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.assist.candidates import (
    Cand,
    candidate_range,
    candidates,
    next_candidate,
    remove_overlapping,
)
from ..core.assist.suggest import Dictionary, Suggestion, article_suggestions
from ..core.store import Span, Store

if TYPE_CHECKING:
    from ..widgets.text_view import TextView

#: What the assist job computes: the dictionary it used, the suggestions and the candidates.
AssistResult = tuple[Dictionary, list[Suggestion], list[Cand]]


class ReaderAssist:
    """Candidates and suggestions of one reader, across the articles it opens."""

    def __init__(self) -> None:
        self.cands: list[Cand] = []
        self.ignored: set[str] = set()  # forms the user skips for this session
        # read in the worker, updated on the UI thread: the lock keeps the two apart
        self.dictionary: Dictionary | None = None
        self.lock = threading.Lock()
        self.gen = 0  # bumped by each job and each article: a late job's result is dropped
        self.ready = False
        self.last_tag: Span | None = None

    def reset(self) -> None:
        """An article opens: nothing is known about it yet."""
        self.cands = []
        self.ready = False
        self.gen += 1
        self.last_tag = None

    def forget_dictionary(self) -> None:
        """Spans came or went: the next job re-reads the dictionary from the store."""
        self.dictionary = None

    def open_candidates(self) -> int:
        return len(self.cands)

    # --- the job ------------------------------------------------------------------------------

    def job(
        self,
        view: TextView,
        article_id: int,
        lang: str | None,
        db_path: Path,
        annotator: str | None,
    ) -> tuple[int, Callable[[], AssistResult]]:
        """A new generation, and the work to run in a thread: everything it reads from the view
        is copied here, on the UI thread; it opens its own store (as the same annotator: blind
        on a team database)."""
        self.gen += 1
        text = view.text
        starts, ends = list(view.starts), list(view.ends)
        spans = list(view.spans)
        known = self.dictionary
        lock = self.lock

        def work() -> AssistResult:
            with Store(db_path, annotator=annotator) as st, lock:
                dictionary = known if known is not None else Dictionary.load(st)
                sugs = article_suggestions(st, article_id, dictionary, text=text, spans=spans)
            dict_matches = [sg for sg in sugs if sg.origin == "dictionary"]
            cands = candidates(text, starts, ends, spans, dict_matches, lang, char_ranges=True)
            return dictionary, sugs, cands

        return self.gen, work

    def apply(
        self,
        gen: int,
        view: TextView,
        dictionary: Dictionary,
        sugs: list[Suggestion],
        cands: list[Cand],
    ) -> bool:
        """Take a job's result unless a newer job or article made it stale; True when taken."""
        if gen != self.gen:
            return False
        if self.dictionary is None:
            self.dictionary = dictionary
        v = view
        # Spans made while the worker ran: their ground is taken.
        sugs = [sg for sg in sugs if not v.spans_in(sg.start, sg.end)]
        n = len(v.starts)
        cands = [
            c for c in cands if c[1] < n and not v.spans_in(*candidate_range(c, v.starts, v.ends))
        ]
        self.cands = cands
        v.set_suggestions(sugs)
        self.ready = True
        return True

    # --- keeping the state true -----------------------------------------------------------------

    def after_tag(self, view: TextView, article_id: int, spans: Sequence[Span]) -> None:
        """Spans were made: their forms join the dictionary, and candidates and suggestions over
        them go (bisection, no recomputation)."""
        v = view
        for sp in spans:
            if sp.article_id != article_id:
                continue
            self._dict_add(sp.text, sp.label)
            v.remove_suggestions_in(sp.start, sp.end)
            if self.cands and v.starts:
                t0 = v._tok_containing_or_after(sp.start)
                t1 = v._tok_before_or_at(max(sp.start, sp.end - 1))
                remove_overlapping(self.cands, t0, max(t0, t1))
            self.last_tag = sp

    def _dict_add(self, form: str, label: str) -> None:
        if self.dictionary is not None and form:
            with self.lock:
                self.dictionary.add(form, label)

    def rejected(self, view: TextView, sg: Suggestion) -> None:
        """A suggestion was refused (and stored as such): it goes, and so does the same range
        offered as a candidate."""
        if self.dictionary is not None and sg.origin == "dictionary":
            with self.lock:
                self.dictionary.reject(sg.text, sg.label)
        v = view
        v.remove_suggestions_in(sg.start, sg.end)
        if self.cands and v.starts:
            t0, t1 = v._tok_containing_or_after(sg.start), v._tok_before_or_at(sg.end - 1)
            if any(c == (t0, t1) for c in self.cands):
                remove_overlapping(self.cands, t0, t1)

    def ignore(self, form: str) -> None:
        """Skip ``form`` as a candidate for the rest of the session."""
        self.ignored.add(form)

    # --- finding ----------------------------------------------------------------------------------

    def candidate_from(self, view: TextView, direction: int) -> Cand | None:
        """The next/previous candidate from the selection (or cursor), skipping ignored forms and
        ranges tagged since the job ran."""
        v = view
        sel = v.selection
        pos = (sel or v.cursor)[0]
        tok = v._tok_containing_or_after(pos)
        if direction > 0 and (sel is None or v.starts[tok] > pos):
            tok -= 1  # no selection (or in a gap): a candidate starting here is the next one
        text, starts, ends, ignored = v.text, v.starts, v.ends, self.ignored

        def skip(c: Cand) -> bool:
            s, e = candidate_range(c, starts, ends)
            return (bool(ignored) and text[s:e] in ignored) or bool(v.spans_in(s, e))

        return next_candidate(self.cands, tok, direction, skip)

    @staticmethod
    def current_suggestion(view: TextView) -> Suggestion | None:
        """The suggestion selected exactly, or (no selection) the one under the cursor."""
        v = view
        if not v.suggestions:
            return None
        sel = v.selection
        if sel is not None:
            for sg in v.suggestions_in(sel[0], sel[1]):
                if (sg.start, sg.end) == sel:
                    return sg  # type: ignore[no-any-return]
            return None
        cs = v.cursor[0]
        found = v.suggestions_in(cs, cs + 1)
        return found[0] if found else None
