"""The user's keymap: ``<config dir>/keymap.toml`` maps binding ids to keys.

```toml
[keymap]
"library.search" = "ctrl+f"        # one key
"app.help" = "f1,question_mark"    # or several, comma-separated
```

Binding ids are shown on the help screen (``?``). Unknown ids are ignored with a warning; a file
that does not parse is reported and ignored, so a typo never stops the app from starting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .core.paths import default_config_dir

KEYMAP_FILE = "keymap.toml"


@dataclass
class LoadedKeymap:
    path: Path
    keymap: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def keymap_path(config_dir: str | Path | None = None) -> Path:
    return Path(config_dir if config_dir is not None else default_config_dir()) / KEYMAP_FILE


def parse_keymap(text: str, where: str = KEYMAP_FILE) -> tuple[dict[str, str], list[str]]:
    """Binding id -> key string, and the problems found (one line each)."""
    import tomllib  # only when there is a keymap file (~15 ms at start otherwise)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return {}, [f"{where}: not valid TOML ({exc}); keymap ignored"]
    table = data.get("keymap", data) if isinstance(data.get("keymap", data), dict) else {}
    out: dict[str, str] = {}
    errors: list[str] = []
    for key, value in table.items():
        if key == "keymap":
            continue
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ",".join(value)
        if not isinstance(value, str) or not value.strip():
            errors.append(f'{where}: {key!r} should be a key such as "ctrl+f"; ignored')
            continue
        out[str(key)] = ",".join(k.strip() for k in value.split(",") if k.strip())
    return out, errors


def load_keymap(
    config_dir: str | Path | None = None, known_ids: Iterable[str] | None = None
) -> LoadedKeymap:
    """Read the keymap file if there is one (no file: an empty keymap, no error)."""
    path = keymap_path(config_dir)
    loaded = LoadedKeymap(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return loaded
    except (OSError, UnicodeDecodeError) as exc:
        loaded.errors.append(f"{path}: cannot read ({exc}); keymap ignored")
        return loaded
    loaded.keymap, loaded.errors = parse_keymap(text, str(path))
    if known_ids is not None:
        loaded.errors.extend(unknown_ids(loaded, known_ids))
    return loaded


def unknown_ids(loaded: LoadedKeymap, known_ids: Iterable[str]) -> list[str]:
    """One message per id of the keymap that no binding has."""
    known = set(known_ids)
    return [
        f"{loaded.path}: no binding with id {bid!r}; see the help screen for ids"
        for bid in sorted(set(loaded.keymap) - known)
    ]


def template(bindings: Iterable[tuple[str, str, str]]) -> str:
    """A commented keymap file listing (id, key, description) of every binding."""
    lines = [
        '# newsmark keymap: binding id = "key" (several keys: "a,b").',
        "# Uncomment a line and change the key; restart newsmark to apply.",
        "[keymap]",
    ]
    for bid, key, desc in bindings:
        lines.append(f"# {bid!r:<28} = {key!r:<16} # {desc}".replace("'", '"'))
    return "\n".join(lines) + "\n"


def conflicts(
    loaded: LoadedKeymap, scopes: Iterable[tuple[str, Iterable[tuple[str, str, str]]]]
) -> list[str]:
    """One message per keymap entry that gives a binding a key another binding of the same
    screen or widget already has (``scopes``: (scope name, [(id, keys, description)])).

    Textual would silently run only one of the two; the user is told which, and that the other
    needs a key of its own.
    """
    out: list[str] = []
    for _scope, bindings in scopes:
        rows = [
            (
                bid,
                [k.strip() for k in (loaded.keymap.get(bid) or keys).split(",") if k.strip()],
                desc,
            )
            for bid, keys, desc in bindings
            if bid
        ]
        for bid, keys, _desc in rows:
            if bid not in loaded.keymap:
                continue
            for other, okeys, odesc in rows:
                if other == bid:
                    continue
                shared = [k for k in keys if k in okeys]
                if shared:
                    out.append(
                        f"{loaded.path}: {bid!r} = {shared[0]!r} takes the key of {other!r} "
                        f"({odesc}); only one of them will answer it: give one another key"
                    )
    return out
