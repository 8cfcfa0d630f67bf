"""What the store hands out and takes in: the row dataclasses, the fixed vocabularies (statuses,
origins, default labels and their keys and colours), the content hash and who annotates.

Pure data, no queries: the CLI, ingest, export and the screens import these without a database.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

STATUSES = ("new", "in_progress", "done", "skipped", "rejected")
#: How each status reads on screen (the library, filters, stats and the palette).
STATUS_NAMES = {s: s.replace("_", " ") for s in STATUSES}
ORIGINS = ("manual", "imported", "suggested", "model")
DEFAULT_LABELS = (
    ("PER", "#e06c75", "1", "Person"),
    ("ORG", "#61afef", "2", "Organisation"),
    ("LOC", "#98c379", "3", "Location"),
    ("MISC", "#c678dd", "4", "Miscellaneous entity"),
)
#: Keys a label can take: digits, then (past nine labels, as doccano allows) the letters the
#: reader leaves free.
LABEL_KEYS = "123456789efhqvzABCDEFHIJNPQRSTUVWZ"  # not O: the team's other spans
#: Colours handed to labels created without one (imported or added), in order.
PALETTE = (
    "#e5c07b",
    "#56b6c2",
    "#d19a66",
    "#be5046",
    "#7ec699",
    "#f08d49",
    "#cc99cd",
    "#67cdcc",
    "#f8c555",
    "#e2777a",
)


def content_hash(text: str) -> str:
    """Stable hash of an article's cleaned text: what duplicates and exports are keyed on.

    ``surrogatepass``: a lone surrogate (a broken JSON escape) still hashes, so the record reaches
    the insert, which refuses it by name, instead of failing the whole batch here."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def default_annotator() -> str:
    """The name written on spans: ``NEWSMARK_ANNOTATOR`` or the login name."""
    env = os.environ.get("NEWSMARK_ANNOTATOR")
    if env:
        return env
    from .team_tables import configured_annotator

    configured = configured_annotator()
    if configured:
        return configured
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "annotator"


@dataclass
class Span:
    """One annotation: ``[start, end)`` in code points into the article's cleaned text."""

    id: int
    article_id: int
    start: int
    end: int
    label: str
    text: str
    annotator: str = ""
    origin: str = "manual"
    created_at: str = ""
    updated_at: str = ""
    how: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Article:
    """An article row (raw input and cleaned text included)."""

    id: int
    hash: str
    source: str | None
    title: str | None
    author: str | None
    published: str | None
    publisher: str | None
    raw: str
    text: str
    lang: str | None
    lang_prob: float | None
    status: str
    imported_at: str
    updated_at: str
    meta: dict[str, Any] = field(default_factory=dict)
    kind: str = "text"
    cleaner_version: int = 0
    lang_locked: int = 0
    lang_mixed: int = 0

    @property
    def display_title(self) -> str:
        """Title, or the first words of the text when there is none."""
        if self.title:
            return self.title
        words = self.text.split()[:12]
        return " ".join(words) or f"(article {self.id})"


@dataclass
class Label:
    name: str
    colour: str
    hotkey: str | None
    ord: int
    description: str = ""


@dataclass
class NewArticle:
    """What ingest hands the store: an article ready to be inserted."""

    text: str
    raw: str
    source: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    publisher: str | None = None
    lang: str | None = None
    lang_prob: float | None = None
    lang_mixed: bool = False
    status: str = "new"
    kind: str = "text"
    meta: dict[str, Any] = field(default_factory=dict)
    cleaner_version: int = 0
    id: int | None = None
    spans: list[dict[str, Any]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    note: str | None = None
    #: Known non-entities (a rejected ``ner.teach`` suggestion): ``{"start", "end", "label", "annotator"}``.
    rejections: list[dict[str, Any]] = field(default_factory=list)
    #: Set by :meth:`Store.insert_articles`: the new id, or the id of the article with this text.
    stored_id: int | None = None
    duplicate_of: int | None = None
    #: Import accounting: entities the input record carried that this article stands for.
    entities_in: int = 0


ARTICLE_COLUMNS = (
    "id, hash, source, title, author, published, publisher, raw, text, lang, lang_prob, "
    "status, imported_at, updated_at, meta, kind, cleaner_version, lang_locked, lang_mixed"
)
SPAN_COLUMNS = (
    'id, article_id, start, "end", label, text, annotator, origin, created_at, updated_at, how'
)


def _article(row: Sequence[Any]) -> Article:
    a = Article(*row)
    a.meta = json.loads(a.meta) if isinstance(a.meta, str) and a.meta else {}
    return a


def _span(row: Sequence[Any]) -> Span:
    return Span(*row)
