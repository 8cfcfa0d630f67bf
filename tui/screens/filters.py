"""How the library names its filters and orders: the header's words for an ``ArticleQuery``
(plain text, no widgets: imported before the first frame)."""

from __future__ import annotations

from ..core.query import ORDERS as ORDERS
from ..core.query import ArticleQuery
from ..core.records import STATUS_NAMES
from ..widgets.safe import safe_line


def describe(query: ArticleQuery) -> str:
    """The articles ``query`` keeps, in words for a header (``""``: every article)."""
    parts = []
    if query.search:
        parts.append(f"search “{safe_line(query.search)}”")
    if query.status:
        parts.append("status " + "/".join(STATUS_NAMES.get(s, s) for s in query.status))
    if query.lang:
        parts.append("lang " + "/".join(safe_line(x) for x in query.lang))
    if query.has_label:
        parts.append("label " + "/".join(safe_line(x) for x in query.has_label))
    return " · ".join(parts)
