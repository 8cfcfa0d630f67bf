"""The guard: the cleaner never empties a text, nor cuts it to a sliver, without saying so."""

from __future__ import annotations

from collections.abc import Callable

from .cleaned import Cleaned

#: An input of at least _SLIVER_INPUT characters cleaned to less than _SLIVER_SHARE of it, or to
#: fewer than _SLIVER_CHARS characters, gets a warning: real pages can hold as little as 5 % of
#: article (menus, link lists), so the text is kept as cleaned, but the user is told.
_SLIVER_INPUT = 2000
_SLIVER_SHARE = 0.05
_SLIVER_CHARS = 200


def guard(c: Cleaned, n_in: int, whole: Callable[[], str]) -> Cleaned:
    """Never empty a text, never cut it to a sliver without saying so.

    *n_in* is the size of the input as text (for HTML, the rendered page) and *whole* returns
    it normalised (called only when needed). When the cleaner
    found no body, the whole text is kept; when it kept a sliver of a long input, the text stays
    as cleaned. Either way ``meta["warnings"]`` says so, with how much was dropped; the import
    and ``newsmark clean`` both report these warnings. A one-line text (a headline, a short
    record) kept whole is not worth a note: there was no structure to clean, nothing is dropped,
    and a file of headlines would get one note per line. The note carries no size, so the
    import's report counts repeated ones instead of printing each. ``meta["input_chars"]`` and
    ``meta["kept_chars"]`` always tell the sizes.
    """
    warnings: list[str] = c.meta.setdefault("warnings", [])
    if not c.text.strip() and n_in:
        text = whole()
        if text.strip():
            c.text = text
            c.meta["guard"] = "whole"
            if "\n" in text.strip():
                warnings.append("the cleaner found no article body; the whole text was kept")
    n_out = len(c.text)
    if (
        c.meta.get("guard") != "whole"
        and n_in >= _SLIVER_INPUT
        and (n_out < _SLIVER_SHARE * n_in or n_out < _SLIVER_CHARS)
    ):
        c.meta["guard"] = "sliver"
        warnings.append(
            f"the cleaner kept only {n_out} of {n_in} characters ({100 * n_out / n_in:.1f} %): "
            "check that the article is complete (menus and link lists can be most of a page)"
        )
    c.meta["input_chars"] = n_in
    c.meta["kept_chars"] = n_out
    return c
