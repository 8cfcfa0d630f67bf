"""The time newsmark writes on everything: UTC with milliseconds, sortable as text.

Its own module so that the store and the modules the store imports share one clock.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> str:
    """UTC timestamp with milliseconds, sortable as text."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
