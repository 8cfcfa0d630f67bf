"""The one gate between an import and the store: every field of an article-to-be is checked (and
coerced where that is safe) here, whatever format it came from.

A record's fields come from files nobody here wrote: a ``title`` that is an object, a ``date``
that is a list, an ``id`` of 10**30 or JSON nested 100,000 deep. Each such record becomes one
``file:line: what is wrong; what to do`` problem and is skipped; it never reaches SQLite (where it
would fail the whole batch with a message blaming the database) and never stops the import.

Core module: no Textual, no Rich.
"""

from __future__ import annotations

import json
import math
from typing import Any

from .store import STATUSES, NewArticle

#: Deeper JSON than this is refused per record: Python's parser, pickling to worker processes and
#: the store's ``json.dumps`` all recurse, and no annotation format nests more than a dozen levels.
MAX_DEPTH = 100
#: SQLite's INTEGER PRIMARY KEY is a signed 64-bit integer.
MAX_ID = 2**63 - 1
#: The record key a user wrote, for each NewArticle field (for messages).
FIELD_NAMES = {
    "source": "url",
    "published": "date",
    "note": "meta.note",
    "tags": "meta.tags",
    "lang": "language",
    "lang_prob": "language_prob",
    "title": "title",
    "author": "author",
    "publisher": "publisher",
}
TEXT_FIELDS = ("source", "title", "author", "published", "publisher", "lang", "note")


class RecordError(ValueError):
    """A record that cannot be stored; the message says what is wrong and what to do."""


def loads(line: str, *, max_depth: int | None = MAX_DEPTH) -> Any:
    """``json.loads`` that turns pathological nesting into a :class:`RecordError`, never a
    ``RecursionError`` (which escaped as "internal error")."""
    try:
        value = json.loads(line)
    except RecursionError:
        raise RecordError(
            f"JSON nested too deeply (more than {MAX_DEPTH} levels); flatten the record"
        ) from None
    if max_depth is not None and nesting(value, max_depth) > max_depth:
        raise RecordError(
            f"JSON nested too deeply (more than {max_depth} levels); flatten the record"
        )
    return value


def nesting(value: Any, stop: int = MAX_DEPTH) -> int:
    """Depth of lists/objects in ``value`` (0 for a scalar), counted without recursion; stops
    counting once past ``stop``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict):
            v = list(v.values())
        elif not isinstance(v, list):
            continue
        d += 1
        if d > deepest:
            deepest = d
            if deepest > stop:
                return deepest
        stack.extend((x, d) for x in v if isinstance(x, dict | list))
    return deepest


def _kind(v: Any) -> str:
    if isinstance(v, dict):
        return "an object"
    if isinstance(v, list | tuple):
        return "a list"
    if isinstance(v, bool):
        return "true/false"
    return f"a {type(v).__name__}"


def _as_text(name: str, v: Any) -> str | None:
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v):
        return str(v)  # a year or a numeric id given as a title: harmless as text
    key = FIELD_NAMES.get(name, name)
    raise RecordError(f'"{key}" is {_kind(v)}, not text; make it a string or remove it')


def check_article(art: NewArticle) -> NewArticle:
    """``art`` with every field of a type the store takes, or :class:`RecordError`.

    Scalars that read naturally as text (numbers) are converted; objects and lists where text is
    expected, out-of-range ids and unstorable metadata are refused."""
    if not isinstance(art.text, str) or not isinstance(art.raw, str):
        raise RecordError(f'"text" is {_kind(art.text)}, not text; make it a string')
    for name in TEXT_FIELDS:
        setattr(art, name, _as_text(name, getattr(art, name)))
    if art.id is not None and (
        isinstance(art.id, bool) or not isinstance(art.id, int) or not 1 <= art.id <= MAX_ID
    ):
        raise RecordError(
            f'"id" {_short(art.id)} is not a whole number from 1 to {MAX_ID}; '
            "fix it or remove it (newsmark numbers records without one)"
        )
    if art.lang_prob is not None and not (
        isinstance(art.lang_prob, int | float) and math.isfinite(art.lang_prob)
    ):
        art.lang_prob = None
    art.lang_mixed = bool(art.lang_mixed)
    if art.status not in STATUSES:
        art.status = "new"
    if not isinstance(art.tags, list):
        raise RecordError(f'"meta.tags" is {_kind(art.tags)}; give a list of words')
    art.tags = [_tag(t) for t in art.tags]
    if not isinstance(art.meta, dict):
        raise RecordError(f'"meta" is {_kind(art.meta)}; give an object')
    if nesting(art.meta) > MAX_DEPTH:
        raise RecordError(
            f"metadata nested too deeply (more than {MAX_DEPTH} levels); flatten the record"
        )
    try:
        json.dumps(art.meta, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise RecordError(f"metadata cannot be stored as JSON ({exc}); simplify it") from None
    for sp in art.spans:
        s, e = sp.get("start"), sp.get("end")
        if not (
            isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(art.text)
        ) or not isinstance(sp.get("label"), str):
            raise RecordError(
                f"span {_short(s)}-{_short(e)} cannot be placed in the text; fix its offsets"
            )
    return art


def _tag(t: Any) -> str:
    if isinstance(t, str):
        return t
    if isinstance(t, int | float) and not isinstance(t, bool):
        return str(t)
    raise RecordError(f'a tag in "meta.tags" is {_kind(t)}; give a list of words')


def _short(v: Any, limit: int = 40) -> str:
    """A value for a message: its repr, cut (an id of 10**30 is quoted, a 1 MB object is not)."""
    try:
        r = repr(v)
    except (RecursionError, ValueError):
        return _kind(v)
    return r if len(r) <= limit else r[:limit] + "…"
