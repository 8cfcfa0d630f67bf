"""What the cleaner returns (:class:`Cleaned`) and the version of its output.

Kept apart so every stage of the cleaner (plain text, HTML, the guard) can build a result without
importing the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Bump whenever the output of any cleaner changes: articles store the version they were cleaned
#: with, and "reclean" re-runs only older ones (and re-anchors their spans).
CLEANER_VERSION = 7


@dataclass
class Cleaned:
    """Result of cleaning one article: the body to annotate plus the metadata pulled out of it."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601: YYYY-MM-DD or YYYY-MM-DDTHH:MM
    publisher: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
