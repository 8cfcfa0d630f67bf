"""Keys held while another program holds the database's write lock (issue #12 point 7).

Without this, a write from the reader waited on the UI thread for the store's whole patience
(ten seconds, the app frozen) and then failed. Now, before each write, the reader checks that
the write lock is free (a ``BEGIN IMMEDIATE`` that waits 30 ms, then ``ROLLBACK``). When it is
not, the key that asked for the write and every key after it are held, in order, the screen
says the database is busy, and a timer retries; when the lock clears the held keys are pressed
again, in order, so the write lands as if the lock had never been there. After
:data:`GIVE_UP_S` the held keys are dropped with a message, and nothing is shown as done.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from ..core.store import Store

#: How long keys are held for a busy database before they are dropped (with a message).
GIVE_UP_S = 120.0
RETRY_S = 0.2


class KeyHold:
    """The reader's gate: ``on_key`` first, ``ready()`` before each write."""

    def __init__(self, screen: Screen[Any], store: Store, say: Any) -> None:
        self.screen = screen
        self.store = store
        self.say = say
        self.held: list[tuple[str, str | None]] | None = None
        self.last: tuple[str, str | None] | None = None
        self.since = 0.0
        self.timer: Timer | None = None

    @property
    def busy(self) -> bool:
        return self.held is not None

    def on_key(self, event: events.Key) -> bool:
        """True when the key was held (the caller stops there and the key does nothing yet)."""
        if self.held is not None:
            event.stop()
            event.prevent_default()
            self.held.append((event.key, event.character))
            return True
        self.last = (event.key, event.character)
        return False

    def ready(self) -> bool:
        """Before a write: True when the database can be written now; otherwise the key that
        asked for it is held (with the ones after it) until the lock clears."""
        if self.store.write_lock_free():
            self.last = None
            return True
        self.held = [self.last] if self.last is not None else []
        self.last = None
        self.since = time.monotonic()
        self.say(
            "Database busy: another program is writing to it. Your keys are kept and "
            "applied when it is free.",
            severity="warning",
            timeout=4,
        )
        self.timer = self.screen.set_interval(RETRY_S, self._retry, name="db-busy-retry")
        return False

    def _retry(self) -> None:
        if self.held is None:
            return
        if not self.store.write_lock_free():
            if time.monotonic() - self.since > GIVE_UP_S:
                n = len(self.held)
                self._stop()
                self.say(
                    f"Database still busy after {GIVE_UP_S:.0f} s: {n} key(s) not applied, "
                    "nothing was saved for them. Try again.",
                    severity="error",
                    timeout=10,
                )
            return
        keys = self.held
        self._stop()
        for key, char in keys:
            self.screen.app.post_message(events.Key(key, char))

    def _stop(self) -> None:
        self.held = None
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
