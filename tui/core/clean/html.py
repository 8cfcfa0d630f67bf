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

from .cleaned import Cleaned
from .guard import guard
from .lines import _classify, _features
from .metadata import _title_and_site
from .normalize import _SPACES_RE, _normalize_line, _prenormalize, normalize
from .plain import _join_inline_breaks, clean_text
from .stopwords import _SCRIPTS_ANY_RE, _WORD_RE, _page_language


def html_to_text(html: str) -> str:
    """Render an HTML page to text, one block per line (the fallback input for clean_text)."""
    from tui.core.clean_html import parse_html, render_page

    root = parse_html(html)
    return html if root is None else render_page(root)[0]


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


#: The fast extraction is redone in full when the plain-text cleaner keeps this many times its text.
_FULL_RERUN = 2.0
_VOTE_KEY = 60
_VOTE_MIN_SHARE = 0.3
#: Share of the default extraction the plain-text cleaner must keep for the precise extraction
#: to be skipped.
_PRECISE_SKIP = 0.95
#: Share of the default extraction that must be at stake (:func:`_at_stake`) for the precise
#: extraction to run. Below it the lines at stake are a caption, a byline, a short box: on the
#: dev set's 20 such pages the precise extraction's vote lost more F1 than it won (-0.07 and
#: +0.01 in sum) at 10 ms a page; the pages where it adds a missed paragraph or table have
#: 14-100 % of their text at stake.
_PRECISE_MIN_STAKE = 0.1


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


def _letters(text: str) -> int:
    return len(_SPACES_RE.sub("", text))


def _structure_vote(default: str, plain: str, blocks: list[Any]) -> str:
    """Lines of *default* that sit in the page's DOM where the lines the plain-text cleaner
    (*plain*) also kept sit (:func:`tui.core.clean_html.same_structure`)."""
    from tui.core.clean_html import block_index, same_structure

    if not blocks:
        return ""
    kept = _SPACES_RE.sub(" ", plain)
    lines = [x for x in (_normalize_line(y) for y in default.split("\n")) if x]
    confirmed = [x[:_VOTE_KEY] in kept for x in lines]
    return "\n\n".join(same_structure(lines, confirmed, blocks, block_index(blocks)))


def _at_stake(default: str, others: list[str], blocks: list[Any]) -> float:
    """Share of *default*'s characters in lines that none of *others* keeps and that could still
    survive the DOM refinement (their block is not one the refinement drops whatever the vote)."""
    from tui.core.clean_html import block_index, vetoed

    texts = [_SPACES_RE.sub(" ", o) for o in others if o.strip()]
    index = block_index(blocks)
    lines = [x for x in (_normalize_line(y) for y in default.split("\n")) if x]
    stake = sum(
        len(line)
        for line in lines
        if not any(line[:_VOTE_KEY] in t for t in texts) and not vetoed(line, blocks, index)
    )
    return stake / max(sum(map(len, lines)), 1)


def _block_norm(text: str) -> str:
    return _normalize_line(_prenormalize(text))


def _refine_with_dom(text: str, blocks: list[Any], meta: dict[str, Any]) -> str:
    """Second opinion from the page's DOM blocks (see :mod:`tui.core.clean_html`)."""
    from tui.core.clean_html import refine_lines
    from tui.core.clean_html_lead import drop_headline, restore_leads

    lines = [ln for ln in (_normalize_line(x) for x in text.split("\n")) if ln]
    stops = _page_language(lines)[1]

    def density(t: str) -> float:
        words = _WORD_RE.findall(t.lower())
        return sum(1 for w in words if w in stops) / len(words) if words and stops else 0.0

    stats: dict[str, int] = {}
    out = refine_lines(lines, blocks, density if stops else None, _keep_extracted_line, stats)
    out = drop_headline(restore_leads(out, blocks, _keep_extracted_line, stats), blocks, stats)
    meta["dom"] = stats
    return "\n\n".join(out)


def _extract(trafilatura: Any, page: Any, meta: dict[str, Any], **kw: Any) -> str:
    """trafilatura's text of *page* (a tree or the HTML; no metadata), "" if none or on failure."""
    try:
        doc = trafilatura.bare_extraction(page, url=meta["url"], include_comments=False, **kw)
    except Exception as exc:  # noqa: BLE001 - extractor bugs must not crash an import
        meta.setdefault("trafilatura_error", repr(exc))
        return ""
    if doc is None:
        return ""
    return (doc.get("text") if isinstance(doc, dict) else getattr(doc, "text", None)) or ""


def _extract_checked(
    trafilatura: Any, page: Any, meta: dict[str, Any], plain: str, flag: str, **kw: Any
) -> str:
    """trafilatura's extraction in fast mode, redone in full when it looks like a miss.

    Fast mode skips trafilatura's comparison of its own extractor with readability and
    jusText (about 40 % of an extraction). That comparison matters when its own extractor
    misses most of the article, and the plain-text cleaner's reading of the rendered page
    (*plain*) tells when: if it keeps over ``_FULL_RERUN`` times the text, the full extraction
    runs (and *flag* is set in *meta*).
    """
    text = _extract(trafilatura, page, meta, fast=True, **kw)
    if _letters(plain) > _FULL_RERUN * _letters(text):
        meta[flag] = True
        text = _extract(trafilatura, page, meta, **kw) or text
    return text


def clean_html_document(html: str, url: str | None = None) -> Cleaned:
    """Extract the article of an HTML page with trafilatura, falling back to the text cleaner.

    trafilatura gives the main content and metadata (title, author, date, sitename). When it
    returns nothing (odd markup, very short pages) the page is rendered to text and cleaned by
    :func:`clean_text`, so an import never yields an empty article silently.
    """
    import trafilatura  # lazy: ~0.3 s import

    from tui.core.clean_html import parse_html, render_page

    from .html_meta import page_metadata

    meta: dict[str, Any] = {"url": url}
    # One parse serves everything: one walk over the tree gives the rendered text and the DOM
    # blocks, the metadata is read from it, and trafilatura (which copies a tree before pruning
    # it) extracts from it instead of parsing the page again for each extraction.
    root = parse_html(html)
    rendered, blocks = render_page(root, _block_norm) if root is not None else (html, [])
    page: Any = root if root is not None else html
    title = author = date = publisher = None
    try:
        md = page_metadata(page, url)
    except Exception as exc:  # noqa: BLE001 - metadata bugs must not crash an import
        meta["trafilatura_error"] = repr(exc)
        md = None
    if md is not None:
        title, author, publisher = md.title, md.author, md.sitename
        date = _iso_date(md.date)
        meta["url"] = url or md.url
    fallback = clean_text(rendered)
    text = _extract_checked(trafilatura, page, meta, fallback.text, "extractor_full")
    # Four opinions on the article: trafilatura's default extraction (best recall), its
    # favor_precision extraction (drops teasers and link lists, sometimes half the article), our
    # plain-text cleaner on the rendered page (stopword density, context, headline anchor) and
    # the DOM's structure. A line of the default extraction is kept when one of the other three
    # also keeps it; when that vote keeps too little, the precise extraction is used if it kept
    # most of the default one, else the default extraction.
    if text.strip():
        default, dropped = _filter_extracted(text)
        meta["removed"] = dropped
        # The DOM's opinion: lines where the plain cleaner's lines sit (lists, subheadings and
        # short paragraphs of the body, which that cleaner tends to drop).
        struct = _structure_vote(default, fallback.text, blocks)
        # The precise extraction can only add lines the plain-text cleaner dropped: when that
        # cleaner already keeps nearly all of the default extraction, it is not run; nor when
        # the lines it could add (kept by neither the plain cleaner nor the DOM's opinion, and
        # not vetoed by the DOM whatever the vote) are under a tenth of the text. (Gating it on
        # a share kept by the DOM's opinion would run it half as often, but on real pages it is
        # the only opinion that keeps some tables, task lists and intros.)
        precise = precise_f = ""
        if len(_vote_lines(default, [fallback.text])) < _PRECISE_SKIP * len(default) and (
            _at_stake(default, [fallback.text, struct], blocks) >= _PRECISE_MIN_STAKE
        ):
            precise = _extract_checked(
                trafilatura, page, meta, fallback.text, "precise_full", favor_precision=True
            )
            precise_f = _filter_extracted(precise)[0] if precise.strip() else ""
        voted = _vote_lines(default, [precise_f, fallback.text, struct])
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
            text = _refine_with_dom(text, blocks, meta)
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
    normalized = normalize(rendered)
    if title:
        # trafilatura's title is the page's <title> or og:title: "Headline – DW – 30.01.2024"
        head, site = _title_and_site(title.strip(), set(normalized.split("\n")), publisher)
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
        len(normalized),
        lambda: normalized,
    )


def clean_html(html: str) -> str:
    """HTML page -> article body (the scorer's ``--py`` entry point)."""
    return clean_html_document(html).text
