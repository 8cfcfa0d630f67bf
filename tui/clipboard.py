"""Copy to the clipboard: the local one (pyperclip) on a desktop, the terminal's (OSC 52) otherwise.

Over SSH (``SSH_CONNECTION``/``SSH_TTY`` set) or with no local clipboard tool, the text goes to
Textual's ``App.copy_to_clipboard`` (an OSC 52 sequence the terminal forwards to the user's own
clipboard). pyperclip can "succeed" without copying anything (``DISPLAY`` set, no X server), so a
local copy is only trusted when ``paste()`` gives the text back. Never raises: the caller gets a
message saying which clipboard was used, or why nothing was.
"""

from __future__ import annotations

import os
from typing import Any

#: Terminals and tmux often cap OSC 52 payloads; warn above this many bytes.
OSC52_SOFT_LIMIT = 74_994


def over_ssh() -> bool:
    return bool(os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"))


def _local_copy(text: str) -> str | None:
    """Copy with pyperclip; ``None`` if it worked, else why not."""
    try:
        import pyperclip
    except Exception as exc:  # pragma: no cover - pyperclip is a dependency
        return f"pyperclip unavailable ({exc})"
    try:
        pyperclip.copy(text)
        back = pyperclip.paste()
    except Exception as exc:
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if back != text:
        return "the local clipboard did not keep the text"
    return None


def copy(app: Any, text: str, *, what: str = "text") -> tuple[bool, str]:
    """Copy ``text``; returns ``(ok, message)`` for a notification. ``app.clipboard`` is always set."""
    n = len(text)
    size = f"{n} character{'s' if n != 1 else ''}"
    if not over_ssh():
        problem = _local_copy(text)
        if problem is None:
            app._clipboard = text  # what App.clipboard reports (tests read it)
            return True, f"Copied {what} ({size}) to the system clipboard"
    try:
        app.copy_to_clipboard(text)
    except Exception as exc:
        return False, f"Could not copy {what}: {exc}"
    where = "over SSH" if over_ssh() else "no local clipboard"
    msg = f"Copied {what} ({size}) via the terminal (OSC 52, {where})"
    if len(text.encode("utf-8")) > OSC52_SOFT_LIMIT:
        msg += "; large copies may be cut by the terminal or tmux"
    return True, msg


def copy_local(app: Any, text: str) -> bool:
    """Copy with the local clipboard only (never over SSH); True when it kept the text. For a
    text too big for OSC 52, the caller offers a file when this fails."""
    if over_ssh() or _local_copy(text) is not None:
        return False
    app._clipboard = text
    return True


def too_big_for_terminal(text: str) -> bool:
    """More bytes than terminals and tmux reliably pass through OSC 52."""
    return len(text.encode("utf-8")) > OSC52_SOFT_LIMIT
