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


# --- one "which articles" -------------------------------------------------------------------

#: Article status and language: with one of the other filters, the shape of a "which articles"
#: selection. Only ``ArticleQuery`` (tui/core/query.py) may carry them together; a record that
#: merely has a status and a language (``Article``) or a widget showing them is not a selection.
_SELECTORS = frozenset({"label", "has_label", "span_labels", "search", "since", "order"})


def _names_a_selection(names: set[str]) -> bool:
    return {"status", "lang"} <= names and bool(names & _SELECTORS)


def _is_cli_command(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A click command: its parameters are the command line's options, which build the query."""
    return any(
        isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr == "command"
        for d in fn.decorator_list
    )


def _is_query(call: ast.Call) -> bool:
    """``ArticleQuery(...)`` or ``query.with_(...)``: building the one query is what is wanted."""
    f = call.func
    return (isinstance(f, ast.Name) and f.id == "ArticleQuery") or (
        isinstance(f, ast.Attribute) and f.attr in ("ArticleQuery", "with_")
    )


def second_query_shapes(source: str) -> list[str]:
    """Classes with status, language and another filter as fields, functions that take them as
    separate parameters, calls that pass them as separate keywords: each a second way to say
    "which articles" beside ``ArticleQuery``."""
    found = []
    for n in ast.walk(ast.parse(source)):
        if isinstance(n, ast.ClassDef) and n.name != "ArticleQuery":
            fields = {
                s.target.id
                for s in n.body
                if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
            }
            if _names_a_selection(fields):
                found.append(f"class {n.name}:{n.lineno}")
        elif isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and not _is_cli_command(n):
            a = n.args
            params = {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)}
            if _names_a_selection(params):
                found.append(f"def {n.name}:{n.lineno}")
        elif (
            isinstance(n, ast.Call)
            and not _is_query(n)
            and _names_a_selection({k.arg for k in n.keywords if k.arg})
        ):
            found.append(f"call {ast.unparse(n.func)}:{n.lineno}")
    return found


def test_one_query_type_says_which_articles() -> None:
    """The library, export, lint and the CLI all build an ``ArticleQuery`` and the store takes
    it; no second filter object, and no function that takes status/language/label filters."""
    found = {}
    for path in sorted((ROOT / "tui").rglob("*.py")):
        shapes = second_query_shapes(path.read_text(encoding="utf-8"))
        if shapes:
            found[str(path.relative_to(ROOT))] = shapes
    assert found == {}


def test_the_store_lists_articles_for_a_query() -> None:
    import inspect

    from tui.core.store import Store

    params = inspect.signature(Store.article_ids).parameters
    assert list(params) == ["self", "query", "limit"]
    assert params["query"].annotation == "ArticleQuery | None"
    assert params["limit"].kind is inspect.Parameter.KEYWORD_ONLY


def test_the_query_shape_check_finds_the_old_shapes() -> None:
    """What the check above would have said of the three shapes it replaced (from main at
    77d29c6): the export's filters, the library's filter state and the store's keywords."""
    old = """
@dataclass
class Filters:
    status: Sequence[str] | None = ("done",)
    label: Sequence[str] | None = None
    lang: Sequence[str] | None = None

@dataclass
class FilterState:
    status: tuple[str, ...] | None = None
    lang: tuple[str, ...] | None = None
    label: tuple[str, ...] | None = None
    search: str | None = None
    order: str = "id"

class ArticleSearch:
    def article_ids(self, *, status=None, lang=None, label=None, search=None, since=None):
        where = self._filters(status=status, lang=lang, label=label, search=search, since=since)

ids = store.article_ids(status=s.status, lang=s.lang, label=s.label, search=s.search)
f = FilterState(status=f.status, lang=f.lang, label=f.label, search=f.search, order=order)

@main.command("export")
def export_cmd(status, label, lang):  # the CLI's options are fine: they build the query
    q = ArticleQuery(status=status, lang=lang, span_labels=label)
    q = q.with_(status=None, lang=None, has_label=label)

@dataclass
class Article:  # a record, not a selection
    status: str
    lang: str | None
"""
    assert second_query_shapes(old) == [
        "class Filters:3",
        "class FilterState:9",
        "def article_ids:17",
        "call store.article_ids:20",
        "call FilterState:21",
        "call self._filters:18",
    ]
