"""Page metadata (title, author, date, site name, canonical URL) read from a parsed HTML tree.

trafilatura's ``extract_metadata`` also collects categories, tags and a licence, which newsmark
never stores and which cost about as much as the fields it does store (two XPath scans of the
whole page). This runs the same steps, in the same order, for the five fields only, so the values
are trafilatura's own; if trafilatura's internals move, it falls back to the full function.
trafilatura is imported lazily (the caller already loaded it).
"""

from __future__ import annotations

import contextlib
from typing import Any

__all__ = ["page_metadata"]


def page_metadata(page: Any, url: str | None = None) -> Any:
    """trafilatura's metadata ``Document`` of *page* (a parsed lxml.html tree, or the HTML when
    lxml could not parse it) with title, author, date, sitename and url; None if trafilatura
    cannot read the page either.

    A tree is not modified (the author search works on a copy, as in trafilatura).
    """
    try:
        from trafilatura.metadata import (
            META_URL,
            examine_meta,
            extract_author,
            extract_meta_json,
            extract_sitename,
            extract_title,
            extract_url,
            find_date,
            set_date_params,
        )
        from trafilatura.settings import DEFAULT_CONFIG
        from trafilatura.utils import load_html
    except ImportError:  # pragma: no cover - a trafilatura that reorganised its metadata module
        from trafilatura.metadata import extract_metadata

        return extract_metadata(page, url)
    tree = load_html(page)  # a tree is returned as it is
    if tree is None:
        return None
    # as trafilatura's Extractor sets it up (the default configuration's date search depth)
    date_config = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    with contextlib.suppress(Exception):  # trafilatura's JSON-LD reader must not crash an import
        metadata = extract_meta_json(tree, metadata)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = extract_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, url)
    date_config["url"] = metadata.url
    metadata.date = find_date(tree, **date_config)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if (
            metadata.sitename
            and "." not in metadata.sitename
            and not metadata.sitename[0].isupper()
        ):
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        m = META_URL.match(metadata.url)
        if m:
            metadata.sitename = m[1]
    metadata.clean_and_trim()
    return metadata
