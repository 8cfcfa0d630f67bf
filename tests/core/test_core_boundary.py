"""The UI-free core (``tui.core``) never imports Textual, Rich or the app's UI.

The modules are found by walking the package's files, so a module added or moved under
``tui/core/`` is checked without anyone listing it. Two views of the same rule: the runtime one
imports every core module in a fresh interpreter and looks at ``sys.modules`` (what really gets
loaded, through any chain of imports); the static one reads every import statement, including the
lazy ones inside functions that importing a module never runs.
"""

from __future__ import annotations

import json
import subprocess
import sys

from import_graph import ROOT, graph, imported_names, modules

#: Packages and modules the core must never load.
FORBIDDEN = (
    "textual",
    "rich",
    "tui.app",
    "tui.screens",
    "tui.widgets",
    "tui.commands",
    "tui.clipboard",
    "tui.keymap",
    "tui.cli",
)

CORE = sorted(m for m in modules() if m == "tui.core" or m.startswith("tui.core."))

CHILD = r"""
import importlib, json, sys
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""


def _forbidden(names: set[str] | list[str]) -> list[str]:
    return sorted(n for n in names if any(n == f or n.startswith(f + ".") for f in FORBIDDEN))


def test_the_walk_finds_the_core() -> None:
    # the walk is what makes the two tests below mean something: it must see the whole core
    assert {
        "tui.core.store",
        "tui.core.ingest",
        "tui.core.clean",
        "tui.core.export",
        "tui.core.formats",
        "tui.core.formats.conll",
        "tui.core.assist.suggest",
    } <= set(CORE)
    assert len(CORE) == len(list((ROOT / "tui" / "core").rglob("*.py")))


def test_importing_every_core_module_loads_no_ui() -> None:
    res = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(CORE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    loaded = json.loads(res.stdout)
    assert set(CORE) <= set(loaded)
    assert _forbidden(loaded) == []


def test_no_core_module_names_the_ui_anywhere() -> None:
    known = set(modules())
    paths = modules()
    bad = {name: _forbidden(imported_names(name, paths[name], known)) for name in CORE}
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_static_check_sees_a_lazy_ui_import(tmp_path) -> None:
    """The static reader finds an import inside a function (so the test above can fail)."""
    p = tmp_path / "mod.py"
    p.write_text("def f():\n    from textual.app import App\n    from ..screens import reader\n")
    name = ".".join(("tui", "core", "mod"))  # not a string naming a module (see test_layout)
    assert _forbidden(imported_names(name, p, set())) == ["textual.app", "tui.screens"]


def test_core_modules_depend_only_on_the_core() -> None:
    edges = graph()
    outside = {m: sorted(t for t in edges[m] if not t.startswith("tui.core")) for m in CORE}
    assert {m: t for m, t in outside.items() if t} == {}


def test_core_packages_import_nothing() -> None:
    """``tui/core/__init__.py`` and its subpackages' import no module: loading the store for the
    app's first frame must not load the rest of the core (tests/ui/test_app_startup.py)."""
    edges = graph()
    packages = [
        m for m, p in modules().items() if p.name == "__init__.py" and m.startswith("tui.core")
    ]
    assert "tui.core" in packages and "tui.core.assist" in packages
    assert {p: sorted(edges[p]) for p in packages if p not in FACADES and edges[p]} == {}
    for facade in FACADES:  # a facade loads its own stages, never the rest of the core
        if facade != "tui.core.formats":
            assert edges[facade] and all(t.startswith(facade + ".") for t in edges[facade])


#: Packages whose ``__init__`` is their public face and so imports their modules: the format
#: registry, and the cleaner (``from tui.core.clean import clean_text``: callers import it
#: whole, and nothing on the cold start imports it).
FACADES = ("tui.core.formats", "tui.core.clean")
