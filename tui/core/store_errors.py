"""The store's refusals: one-line messages meant for the user, never SQLite's own words.

Every module of the store raises these; :func:`_as_store_error` turns a ``sqlite3.Error`` into one
that names the file and says what to do.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreError(Exception):
    """A refusal with a one-line message meant for the user."""


class SpanError(StoreError):
    """A span that breaks the data contract (out of range, empty, wrong covered text)."""


def _as_store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    msg = str(exc)
    if "readonly" in msg:
        return StoreError(
            f"{path}: the database is read-only; nothing was saved (check its permissions)"
        )
    if "disk" in msg and "full" in msg or "database or disk is full" in msg:
        return StoreError(f"{path}: the disk is full; nothing was saved (free some space)")
    if "locked" in msg or "busy" in msg:
        return StoreError(
            f"{path}: the database is locked by another program; close it or try again"
        )
    return StoreError(f"{path}: {msg}")
