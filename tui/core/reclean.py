"""Re-run an improved cleaner over stored articles without breaking their annotations.

The text an annotation points to never changes under it: spans are re-anchored by aligning the
old cleaned text to the new one (``tui.core.reanchor``), and an article with a span that cannot be
found intact keeps its old text and is reported. The article's stored suggestions and
rejections move with the same alignment, in the same transaction as the text; those whose text is
gone are dropped and counted (a refused article keeps them all). A user's language correction
survives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .store import Store


@dataclass
class RecleanReport:
    changed: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    moved_spans: int = 0
    moved_suggestions: int = 0
    dropped_suggestions: int = 0  # their text is not intact in the new text
    moved_rejections: int = 0
    dropped_rejections: int = 0
    #: spans recorded in the undo log whose text is gone (undoing those actions is refused)
    stale_logged: int = 0
    refused: dict[int, list[int]] = field(default_factory=dict)  # article id -> span ids not found
    skipped: list[int] = field(default_factory=list)  # articles imported verbatim (no raw scrape)

    def lines(self) -> list[str]:
        detail = f"{self.moved_spans} span(s) re-anchored"
        if self.moved_suggestions or self.moved_rejections:
            detail += f", {self.moved_suggestions} suggestion(s) and {self.moved_rejections} rejection(s) moved"
        if self.dropped_suggestions or self.dropped_rejections:
            detail += (
                f", {self.dropped_suggestions} suggestion(s) and {self.dropped_rejections} rejection(s)"
                " dropped (their text is gone)"
            )
        out = [
            f"re-cleaned {len(self.changed)} article(s) ({detail}), "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} imported as annotated text (kept), "
            f"{len(self.refused)} refused"
        ]
        if self.stale_logged:
            out.append(
                f"{self.stale_logged} span(s) in the undo history are not in the new text: "
                "undoing or redoing those actions will be refused"
            )
        for aid, spans in self.refused.items():
            out.append(
                f"article {aid}: kept its old text; span(s) {', '.join(map(str, spans))} "
                "are not intact in the new text"
            )
        return out


def reclean(store: Store, ids: list[int] | None = None) -> RecleanReport:
    """Re-clean ``ids`` (all articles when None)."""
    from . import clean, language
    from .reanchor import Alignment, SpanRef

    report = RecleanReport()
    for art in store.iter_articles(ids if ids is not None else store.article_ids()):
        if art.kind not in ("text", "html"):
            report.skipped.append(art.id)
            continue
        c = (
            clean.clean_html_document(art.raw, art.source)
            if art.kind == "html"
            else clean.clean_text(art.raw)
        )
        if not c.text.strip():
            report.refused[art.id] = []
            continue
        if c.text == art.text:
            report.unchanged.append(art.id)
            continue
        alignment = Alignment(art.text, c.text)  # one per article: spans, suggestions, rejections
        spans = store.spans(art.id)
        moves, failed = alignment.reanchor([SpanRef(s.id, s.start, s.end, s.text) for s in spans])
        if failed:
            report.refused[art.id] = failed
            continue
        fields: dict[str, Any] = {
            "title": c.title or art.title,
            "author": c.author or art.author,
            "published": c.date or art.published,
            "publisher": c.publisher or art.publisher,
            "cleaner_version": clean.CLEANER_VERSION,
        }
        if not art.lang_locked:
            lang = language.detect_language(c.text, c.title)
            fields.update(lang=lang.code, lang_prob=round(lang.prob, 4), lang_mixed=int(lang.mixed))
        counts = store.replace_text(art.id, c.text, moves=moves, relocate=alignment.move, **fields)
        report.changed.append(art.id)
        report.moved_spans += len(moves)
        report.moved_suggestions += counts["suggestions"][0]
        report.dropped_suggestions += counts["suggestions"][1]
        report.moved_rejections += counts["rejections"][0]
        report.dropped_rejections += counts["rejections"][1]
        report.stale_logged += counts.get("logged", (0, 0))[1]
    return report
