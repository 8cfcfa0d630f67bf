"""The library's filters and orders: plain data, no widgets (imported before the first frame)."""

from __future__ import annotations

from dataclasses import dataclass

from ..widgets.safe import safe_line

STATUS_NAMES = {
    "new": "new",
    "in_progress": "in progress",
    "done": "done",
    "skipped": "skipped",
    "rejected": "rejected",
}


@dataclass
class FilterState:
    status: tuple[str, ...] | None = None
    lang: tuple[str, ...] | None = None
    label: tuple[str, ...] | None = None
    search: str | None = None
    order: str = "id"

    def describe(self) -> str:
        parts = []
        if self.search:
            parts.append(f"search “{safe_line(self.search)}”")
        if self.status:
            parts.append("status " + "/".join(STATUS_NAMES.get(s, s) for s in self.status))
        if self.lang:
            parts.append("lang " + "/".join(safe_line(x) for x in self.lang))
        if self.label:
            parts.append("label " + "/".join(safe_line(x) for x in self.label))
        return " · ".join(parts)

    @property
    def active(self) -> bool:
        return bool(self.status or self.lang or self.label or self.search)


ORDERS = {
    "id": "imported order",
    "newest": "newest first",
    "date": "oldest first",
    "title": "title",
    "spans": "most spans",
    "status": "status (in progress first)",
}
