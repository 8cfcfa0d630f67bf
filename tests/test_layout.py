"""The package's shape: no import cycles in ``tui``, and module names written as strings in the
tests and benchmarks still name modules (so a move cannot make a test pass by checking nothing).
"""

from __future__ import annotations

import ast
import importlib.util
import re

from import_graph import ROOT, cycles, graph


def test_no_import_cycles_in_tui() -> None:
    assert cycles(graph()) == []


def test_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


# "tui.x.y" or "tui.x:func" inside a string literal, in tests/ and bench/
_NAMED = re.compile(r"""["'](tui(?:\.[A-Za-z_]\w*)+)(?::\w+)?["']""")


def _named_modules() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for base in ("tests", "bench", "docs"):
        for path in sorted((ROOT / base).rglob("*.py")):
            if "__snapshots__" in path.parts or path.name == "test_layout.py":
                continue
            for m in _NAMED.finditer(path.read_text(encoding="utf-8")):
                found.setdefault(m.group(1), []).append(str(path.relative_to(ROOT)))
    return found


def test_module_names_in_tests_and_benches_resolve() -> None:
    named = _named_modules()
    assert len(named) >= 20, "the scan no longer finds the cold-start test's lists"
    missing = {name: where for name, where in named.items() if not _module_or_attribute(name)}
    assert missing == {}


def _module_or_attribute(name: str) -> bool:
    parts = name.split(".")
    # the longest prefix that is a module must be the whole name or be followed by one attribute
    # path inside it; a string naming a module that does not exist fails
    for n in range(len(parts), 1, -1):
        mod = ".".join(parts[:n])
        try:
            spec = importlib.util.find_spec(mod)
        except ModuleNotFoundError:
            continue
        if spec is None:
            continue
        if n == len(parts):
            return True
        module = importlib.import_module(mod)
        obj: object = module
        for attr in parts[n:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def _sql_calls(source: str) -> list[int]:
    """Lines calling ``.execute``/``.executemany``/``.executescript`` or touching ``.conn``."""
    tree = ast.parse(source)
    return sorted(
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute)
        and n.attr in ("execute", "executemany", "executescript", "conn")
    )


def test_no_sql_outside_the_core() -> None:
    """Screens, widgets, the app and the CLI ask the store; they never run SQL themselves."""
    found = {}
    for path in sorted((ROOT / "tui").rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[1] == "core":
            continue
        lines = _sql_calls(path.read_text(encoding="utf-8"))
        if lines:
            found[str(rel)] = lines
    assert found == {}
    assert _sql_calls("rows = self.store.execute('SELECT 1')\n") == [1]
