"""Cut a line of text to a number of terminal cells, saying so with an ellipsis."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size


def fit_cells(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells, ending with ``…`` when something was cut
    (``width`` 0: not laid out yet, left whole)."""
    if width <= 0 or cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)).rstrip() + "…"
