"""The label set of a database: names, colours, keys, order and descriptions; removing one takes
its spans with it as one undoable action.
"""

from __future__ import annotations

import json
import sqlite3

from .clock import now
from .records import LABEL_KEYS, SPAN_COLUMNS, Label, _span
from .store_errors import StoreError
from .undo_log import ActionLog


class LabelStore(ActionLog):
    """Labels. A base of :class:`tui.core.store.Store`."""

    def labels(self) -> list[Label]:
        return [
            Label(*r)
            for r in self.execute(
                "SELECT name, colour, hotkey, ord, description FROM labels ORDER BY ord, name"
            )
        ]

    def label_names(self) -> set[str]:
        return {r[0] for r in self.execute("SELECT name FROM labels")}

    def add_label(
        self, name: str, colour: str | None = None, hotkey: str | None = None, description: str = ""
    ) -> Label:
        name = name.strip()
        if not name or any(ch.isspace() for ch in name):
            raise StoreError(f"label {name!r}: a label name is one word without spaces")
        with self.transaction() as c:
            if c.execute("SELECT 1 FROM labels WHERE name = ?", (name,)).fetchone():
                raise StoreError(f"label {name!r} already exists")
            self._ensure_label(c, name)
            if colour:
                c.execute(
                    "UPDATE labels SET colour = ? WHERE name = ?", (_check_colour(colour), name)
                )
            if hotkey is not None:
                self._set_hotkey(c, name, hotkey)
            if description:
                c.execute("UPDATE labels SET description = ? WHERE name = ?", (description, name))
        return next(lb for lb in self.labels() if lb.name == name)

    def _set_hotkey(self, c: sqlite3.Connection, name: str, hotkey: str) -> None:
        hotkey = hotkey.strip()
        if hotkey and (len(hotkey) != 1 or hotkey not in LABEL_KEYS):
            raise StoreError(
                f"hotkey {hotkey!r}: use a digit 1-9 or one of the letters {LABEL_KEYS[9:]}"
                " (the reader's other keys are taken)"
            )
        if hotkey:
            c.execute("UPDATE labels SET hotkey = NULL WHERE hotkey = ?", (hotkey,))
        c.execute("UPDATE labels SET hotkey = ? WHERE name = ?", (hotkey or None, name))

    def update_label(
        self,
        name: str,
        *,
        new_name: str | None = None,
        colour: str | None = None,
        hotkey: str | None = None,
        description: str | None = None,
        ord: int | None = None,
    ) -> None:
        with self.transaction() as c:
            if not c.execute("SELECT 1 FROM labels WHERE name = ?", (name,)).fetchone():
                raise StoreError(f"unknown label {name!r}; `newsmark labels` lists them")
            if colour is not None:
                c.execute(
                    "UPDATE labels SET colour = ? WHERE name = ?", (_check_colour(colour), name)
                )
            if hotkey is not None:
                self._set_hotkey(c, name, hotkey)
            if description is not None:
                c.execute("UPDATE labels SET description = ? WHERE name = ?", (description, name))
            if ord is not None:
                c.execute("UPDATE labels SET ord = ? WHERE name = ?", (ord, name))
            if new_name and new_name != name:
                new_name = new_name.strip()
                if not new_name or any(ch.isspace() for ch in new_name):
                    raise StoreError(f"label {new_name!r}: a label name is one word without spaces")
                if c.execute("SELECT 1 FROM labels WHERE name = ?", (new_name,)).fetchone():
                    raise StoreError(f"label {new_name!r} already exists")
                c.execute(
                    "UPDATE labels SET name = ? WHERE name = ?", (new_name, name)
                )  # spans cascade
                c.execute(
                    "INSERT INTO actions(ts, article_id, kind, ops, inverse, annotator) VALUES (?, NULL, 'rename_label', ?, ?, ?)",
                    (
                        now(),
                        json.dumps({"from": name, "to": new_name}),
                        json.dumps({"from": new_name, "to": name}),
                        self.annotator,
                    ),
                )

    def move_label(self, name: str, delta: int) -> None:
        """Move a label up or down the order (and so the label bar)."""
        names = [lb.name for lb in self.labels()]
        i = names.index(name)
        j = max(0, min(len(names) - 1, i + delta))
        names.insert(j, names.pop(i))
        with self.transaction() as c:
            for k, n in enumerate(names):
                c.execute("UPDATE labels SET ord = ? WHERE name = ?", (k, n))

    def label_usage(self, name: str) -> int:
        return self.execute("SELECT count(*) FROM spans WHERE label = ?", (name,)).fetchone()[0]

    def remove_label(self, name: str, *, force: bool = False) -> int:
        """Remove a label; with spans it needs ``force`` and deletes them (logged). Returns spans removed."""
        n = self.label_usage(name)
        if name not in self.label_names():
            raise StoreError(f"unknown label {name!r}; `newsmark labels` lists them")
        if n and not force:
            raise StoreError(
                f"label {name!r} is used by {n} span(s); add --force to remove it and them"
            )
        with self.transaction() as c:
            rows = c.execute(
                f"SELECT {SPAN_COLUMNS} FROM spans WHERE label = ?", (name,)
            ).fetchall()
            if rows:
                ops = [{"op": "delete", "span": _span(r).as_dict()} for r in rows]
                self._log(c, None, "remove_label", ops)
            c.execute("DELETE FROM spans WHERE label = ?", (name,))
            c.execute("DELETE FROM labels WHERE name = ?", (name,))
        return n


def _check_colour(colour: str) -> str:
    c = colour.strip()
    if len(c) == 7 and c.startswith("#") and all(ch in "0123456789abcdefABCDEF" for ch in c[1:]):
        return c.lower()
    raise StoreError(f"colour {colour!r}: use #rrggbb")
