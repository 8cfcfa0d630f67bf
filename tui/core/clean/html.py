"""HTML pages: trafilatura's extraction, a vote with the plain-text cleaner and a second opinion
from the page's DOM blocks (link density, teaser cards, chrome class words, recovery of dropped
body paragraphs: :mod:`tui.core.clean_html`).

trafilatura and lxml are imported lazily: they take a noticeable time to load and plain-text
cleaning never needs them.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..clean_html import BLOCK_TAGS as DOM_BLOCK_TAGS
from ..clean_html import SKIP_TAGS as DOM_SKIP_TAGS
from .cleaned import Cleaned
from .guard import guard
from .lines import _classify, _features
from .metadata import _title_and_site
from .normalize import _SPACES_RE, _normalize_line, _prenormalize, normalize
from .plain import _join_inline_breaks, clean_text
from .stopwords import _SCRIPTS_ANY_RE, _WORD_RE, _page_language

# The DOM pass's tag lists (tui.core.clean_html), as the rendered text has always used them:
# without <body> among the blocks and <textarea> among the skipped tags.
_BLOCK_TAGS = DOM_BLOCK_TAGS - {"body"}
_SKIP_TAGS = DOM_SKIP_TAGS - {"textarea"}


def html_to_text(html: str) -> str:
    """Render an HTML page to text, one block per line (the fallback input for clean_text)."""
    import lxml.html  # lazy: only HTML imports need it

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # noqa: BLE001 - malformed HTML must not crash an import
        return html
    out: list[str] = []
    title = root.findtext(".//title")
    if title:
        out.append(title.strip())
        out.append("\n")

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS:
            if el.tail:
                out.append(el.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            out.append("\n")
        if tag == "img" and el.get("alt"):
            out.append("\n" + el.get("alt") + "\n")
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
        if block:
            out.append("\n")
        if el.tail:
            out.append(el.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    return "".join(out)


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?", value)
    if not m:
        return None
    return m.group(1) + (f"T{m.group(2)}" if m.group(2) else "")


def _filter_extracted(text: str) -> tuple[str, dict[str, int]]:
    """Drop the boilerplate lines trafilatura lets through (share/subscribe/related lines,
    bylines, photo credits), using the plain-text line rules that need no context."""
    lines = [ln for ln in _prenormalize(text).split("\n") if _normalize_line(ln)]
    lang, stops, cjk, dens, strong = _page_language([_normalize_line(ln) for ln in lines])
    feats = [_features(i, r, stops) for i, r in enumerate(lines)]
    _classify(feats, lang, None, cjk, None, dens, strong)
    keep: list[str] = []
    dropped: Counter[str] = Counter()
    for ln in feats:
        why = ln.why.split(":")[0]
        if (
            ln.label == "bad"
            and why in ("boiler", "byline", "file", "ticker", "chrome")
            or (why == "credit" and ln.words <= 12)
        ):
            dropped[why] += 1
            continue
        keep.append(ln.text)
    return "\n\n".join(keep), dict(dropped)


_VOTE_KEY = 60
_VOTE_MIN_SHARE = 0.3
#: Share of the default extraction the plain-text cleaner must keep for the precise extraction
#: to be skipped.
_PRECISE_SKIP = 0.95


def _vote_lines(base: str, others: list[str]) -> str:
    """Lines of *base* that at least one of *others* also contains (first 60 characters)."""
    texts = [_SPACES_RE.sub(" ", o) for o in others if o.strip()]
    if not texts:
        return ""
    keep = []
    for line in base.split("\n"):
        line = _normalize_line(line)
        if line and any(line[:_VOTE_KEY] in t for t in texts):
            keep.append(line)
    return "\n\n".join(keep)


def _keep_extracted_line(line: str) -> bool:
    """True if the context-free line rules of the extraction filter keep *line*."""
    return bool(_filter_extracted(line)[0])


def _refine_with_dom(text: str, html: str, meta: dict[str, Any]) -> str:
    """Second opinion from the page's DOM blocks (see :mod:`tui.core.clean_html`)."""
    from tui.core.clean_html import dom_blocks, refine_lines

    lines = [ln for ln in (_normalize_line(x) for x in text.split("\n")) if ln]
    blocks = dom_blocks(html, norm=lambda t: _normalize_line(_prenormalize(t)))
    stops = _page_language(lines)[1]

    def density(t: str) -> float:
        words = _WORD_RE.findall(t.lower())
        return sum(1 for w in words if w in stops) / len(words) if words and stops else 0.0

    stats: dict[str, int] = {}
    out = refine_lines(lines, blocks, density if stops else None, _keep_extracted_line, stats)
    meta["dom"] = stats
    return "\n\n".join(out)


def clean_html_document(html: str, url: str | None = None) -> Cleaned:
    """Extract the article of an HTML page with trafilatura, falling back to the text cleaner.

    trafilatura gives the main content and metadata (title, author, date, sitename). When it
    returns nothing (odd markup, very short pages) the page is rendered to text and cleaned by
    :func:`clean_text`, so an import never yields an empty article silently.
    """
    import trafilatura  # lazy: ~0.3 s import

    meta: dict[str, Any] = {"url": url}
    doc = None
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, include_comments=False, with_metadata=True, favor_precision=False
        )
    except Exception as exc:  # noqa: BLE001 - extractor bugs must not crash an import
        meta["trafilatura_error"] = repr(exc)
    text = precise = ""
    title = author = date = publisher = None
    if doc is not None:
        get = doc.get if isinstance(doc, dict) else (lambda k, d=None: getattr(doc, k, d))
        text = get("text") or ""
        title = get("title")
        author = get("author")
        date = _iso_date(get("date"))
        publisher = get("sitename")
        meta["url"] = url or get("url")
        # Three opinions on the article: trafilatura's default extraction (best recall),
        # its favor_precision extraction (drops teasers and link lists, sometimes half the
        # article) and our plain-text cleaner on the rendered page (stopword density, context,
        # headline anchor). A line of the default extraction is kept when one of the other two
        # also keeps it; when that vote keeps too little, the precise extraction is used if it
        # kept most of the default one, else the default extraction.
    rendered = html_to_text(html)
    fallback = clean_text(rendered)
    if text.strip():
        default, dropped = _filter_extracted(text)
        meta["removed"] = dropped
        # The precise extraction (a second full trafilatura run) can only add lines the
        # plain-text cleaner dropped: when that cleaner already keeps nearly all of the default
        # extraction, it is not run (HTML import speed).
        precise = precise_f = ""
        if len(_vote_lines(default, [fallback.text])) < _PRECISE_SKIP * len(default):
            try:
                precise = (
                    trafilatura.extract(html, url=url, include_comments=False, favor_precision=True)
                    or ""
                )
            except Exception:  # noqa: BLE001
                precise = ""
            precise_f = _filter_extracted(precise)[0] if precise.strip() else ""
        voted = _vote_lines(default, [precise_f, fallback.text])
        if len(voted) >= _VOTE_MIN_SHARE * len(default) and voted.strip():
            text = voted
            meta["extractor_mode"] = "vote"
        elif precise_f.strip() and len(precise) >= 0.5 * len(text):
            text = precise_f
            meta["extractor_mode"] = "precision"
        else:
            text = default
            meta["extractor_mode"] = "default"
        if text.strip():
            text = _refine_with_dom(text, html, meta)
    if not text.strip():
        meta["extractor"] = "fallback"
        text = fallback.text
    else:
        meta["extractor"] = "trafilatura"
    if _SCRIPTS_ANY_RE.search(text):
        # a name with its ruby reading, split by the extractor into paragraphs of its own
        joined = _join_inline_breaks("\n".join(x for x in text.split("\n") if x.strip()))
        text = "\n\n".join(joined.split("\n"))
    meta["warnings"] = (
        list(fallback.meta.get("warnings", [])) if meta["extractor"] == "fallback" else []
    )
    if title:
        # trafilatura's title is the page's <title> or og:title: "Headline – DW – 30.01.2024"
        head, site = _title_and_site(title.strip(), set(normalize(rendered).split("\n")))
        title, publisher = head, publisher or site
    return guard(
        Cleaned(
            text=normalize(text),
            title=title or fallback.title,
            author=author or fallback.author,
            date=date or fallback.date,
            publisher=publisher or fallback.publisher,
            meta=meta,
        ),
        len(normalized := normalize(rendered)),
        lambda: normalized,
    )


def clean_html(html: str) -> str:
    """HTML page -> article body (the scorer's ``--py`` entry point)."""
    return clean_html_document(html).text
