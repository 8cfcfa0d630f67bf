"""Every key binding of the app, found by walking ``tui.screens`` and ``tui.widgets``.

The help screen and the keymap check (unknown ids in keymap.toml) both need the bindings of
screens that are not open. A hand-kept list of modules drifted (it missed a screen, so a valid id
was reported unknown); walking the packages cannot. Importing every UI module costs time, so this
is only called after the first frame (the keymap check) or when the help opens.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator

from textual.binding import Binding

#: Packages whose modules hold the app's screens and widgets.
UI_PACKAGES = ("tui.screens", "tui.widgets")


def ui_modules() -> list[str]:
    """Names of every module under :data:`UI_PACKAGES`, sorted."""
    names: list[str] = []
    for pkg_name in UI_PACKAGES:
        pkg = importlib.import_module(pkg_name)
        names += [m.name for m in pkgutil.walk_packages(pkg.__path__, prefix=pkg_name + ".")]
    return sorted(names)


def binding_classes(*first: type) -> Iterator[type]:
    """``first`` (the app's class: passed in, so this module never imports the app), then every
    class of the UI modules with its own ``BINDINGS``."""
    yield from first
    for name in ui_modules():
        mod = importlib.import_module(name)
        for _, cls in inspect.getmembers(mod, inspect.isclass):
            if cls.__module__ == name and "BINDINGS" in cls.__dict__:
                yield cls


def all_bindings(*first: type) -> Iterator[tuple[type, Binding]]:
    """``(class, binding)`` for every binding of :func:`binding_classes`."""
    for cls in binding_classes(*first):
        for b in Binding.make_bindings(cls.__dict__["BINDINGS"]):
            yield cls, b
