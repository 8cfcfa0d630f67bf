"""Where newsmark keeps the user's configuration.

In the core (not in the keymap module) because both the UI's keymap and the core's team identity
read files from the config dir, and the core may not import the UI.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def default_config_dir() -> Path:
    """The per-user config dir (``$XDG_CONFIG_HOME/newsmark`` on Linux)."""
    if sys.platform == "linux":
        # What platformdirs answers on Linux, without its import (~20 ms of the cold start).
        xdg = os.environ.get("XDG_CONFIG_HOME", "").strip()
        return Path(xdg or os.path.expanduser("~/.config")) / "newsmark"
    import platformdirs

    return Path(platformdirs.user_config_dir("newsmark"))
