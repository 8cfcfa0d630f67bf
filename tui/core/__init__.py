"""newsmark's UI-free core: store, import, cleaning, language, tokens, formats, lint, export, assist.

Everything here runs without a terminal (the CLI, tests and benchmarks use it directly) and never
imports Textual, Rich or the UI packages (``tui.app``, ``tui.screens``, ``tui.widgets``):
``tests/core/test_core_boundary.py`` imports every module under this package to check it. This
file imports nothing, so that loading one core module loads no other (the cold start counts them).
"""
