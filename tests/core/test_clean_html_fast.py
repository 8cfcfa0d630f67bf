"""The HTML cleaner's fast paths give what the slow ones gave.

HTML import parses a page once and walks it once (the rendered text and the DOM blocks used to be
two walks over two parses), reads the metadata from that tree instead of a second trafilatura pass,
and runs trafilatura in fast mode (the full extraction only when the plain-text cleaner finds much
more text). These tests hold each shortcut to the long way round, on real pages made by real site
generators (tests/data/html_pages/SOURCES.md) and on the repository's own test page.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import pytest

import tui.core.clean.html as html_cleaner
from tui.core.clean import CLEANER_VERSION, clean_html_document, html_to_text
from tui.core.clean.html_meta import page_metadata
from tui.core.clean_html import (
    BLOCK_TAGS,
    SKIP_TAGS,
    block_index,
    dom_blocks,
    parse_html,
    render_page,
    same_structure,
)

DATA = Path(__file__).resolve().parent.parent / "data"
REAL_PAGES = sorted((DATA / "html_pages").glob("*.html"))
PAGES = [*REAL_PAGES, DATA / "article_en.html"]
EDGE_PAGES = [
    # <textarea> text is rendered but is no block; comments are rendered, their tails are text
    "<html><body><textarea>typed <b>here</b></textarea><!-- a note --> tail"
    "<p>one<a href='/x'>link<img alt='A picture'>text</a>after<!--k-->more</p></body>after body</html>",
    "<p>a fragment, no document around it</p>",
    "<html><head><title> Spaced title </title></head><p>no body tag <a href='/'>home</a></p></html>",
    "<?xml version='1.0' encoding='utf-8'?><html><body><p>declared</p><br>x</body></html>",
    "<html><body><nav><ul><li><a href='/'>Home</a></li></ul></nav><script>var x = 1;</script>"
    "<svg><text>drawn</text></svg><div>Body <span>inline</span> text<div>nested</div>tail</div></body></html>",
]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# ------------------------------------------------------------- the long way round, as it was


def _reference_render(root: Any) -> str:
    """The rendered text as html_to_text walked it before the walks were merged (recursive)."""
    block_tags, skip_tags = BLOCK_TAGS - {"body"}, SKIP_TAGS - {"textarea"}
    out: list[str] = []
    title = root.findtext(".//title")
    if title:
        out += [title.strip(), "\n"]

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in skip_tags:
            out.append(el.tail or "")
            return
        block = tag in block_tags
        out.append("\n" if block else "")
        if tag == "img" and el.get("alt"):
            out.append("\n" + el.get("alt") + "\n")
        out.append(el.text or "")
        for child in el:
            walk(child)
        out.append("\n" if block else "")
        out.append(el.tail or "")

    body = root.find("body")
    walk(body if body is not None else root)
    return "".join(out)


def _reference_blocks(root: Any) -> list[tuple[str, int, list[tuple[str, str]]]]:
    """(text, link characters, tag/class path) of each block, as dom_blocks found them before."""
    import re

    ws = re.compile(r"\s+")
    out: list[tuple[str, int, list[tuple[str, str]]]] = []
    parts: list[str] = []
    link = [0]
    stack: list[tuple[str, str]] = []

    def flush() -> None:
        text = ws.sub(" ", "".join(parts)).strip()
        if text:
            out.append((text, min(link[0], len(text)), list(stack)))
        parts.clear()
        link[0] = 0

    def add(s: str | None, in_link: bool) -> None:
        if s:
            parts.append(s)
            if in_link:
                link[0] += len(ws.sub(" ", s).strip())

    def walk(el: Any, in_link: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in SKIP_TAGS:
            return
        a = in_link or tag == "a"
        if tag in BLOCK_TAGS:
            flush()
        stack.append((tag, ((el.get("class") or "") + " " + (el.get("id") or "")).lower()))
        add(el.text, a)
        for child in el:
            walk(child, a)
            add(child.tail, a)
        if tag in BLOCK_TAGS:
            flush()
        stack.pop()

    body = root.find("body")
    walk(body if body is not None else root, False)
    flush()
    return out


def _trees(html: str) -> list[Any]:
    """The page as the cleaner parses it, and as lxml.html's document parser does (comments kept)."""
    trees = [parse_html(html)]
    # an encoding declaration in a str: only the cleaner's loader reads it
    with contextlib.suppress(ValueError, lxml.etree.ParserError):
        trees.append(lxml.html.document_fromstring(html))
    return [t for t in trees if t is not None]


@pytest.mark.parametrize("html", [_read(p) for p in PAGES] + EDGE_PAGES)
def test_one_walk_gives_the_rendered_text_and_blocks_of_the_two_walks(html: str) -> None:
    for root in _trees(html):
        rendered, blocks = render_page(root)
        assert rendered == _reference_render(root)
        assert [(b.text, b.link_chars, b.ctx) for b in blocks] == _reference_blocks(root)


def test_html_to_text_and_dom_blocks_are_the_one_walk() -> None:
    html = _read(DATA / "article_en.html")
    rendered, blocks = render_page(parse_html(html))
    assert html_to_text(html) == rendered
    assert [b.text for b in dom_blocks(html)] == [b.text for b in blocks]
    assert "River cleanup draws hundreds of volunteers" in rendered


# ------------------------------------------------------------------------------ parsed once


# The IDLE page has twice as much prose as trafilatura extracts from it, so its full extraction
# is run too (and parses again inside readability / jusText): not a page for counting parses.
ONE_EXTRACTION = [p for p in PAGES if p.name != "python312_idle_help.html"]


def test_the_full_extraction_runs_when_the_plain_cleaner_finds_much_more() -> None:
    c = clean_html_document(_read(DATA / "html_pages" / "python312_idle_help.html"))
    assert c.meta.get("extractor_full") is True
    assert all("extractor_full" not in clean_html_document(_read(p)).meta for p in ONE_EXTRACTION)


@pytest.mark.parametrize("page", ONE_EXTRACTION, ids=lambda p: p.name)
def test_an_html_page_is_parsed_once(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every lxml parse goes through lxml.etree.fromstring (lxml.html's parsers call it); the
    rendered text, the blocks, the metadata and every trafilatura extraction share one tree."""
    html = _read(page)
    clean_html_document(html)  # imports and caches warmed up outside the count
    calls: list[int] = []
    real = lxml.etree.fromstring

    def counting(*args: Any, **kw: Any) -> Any:
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(lxml.etree, "fromstring", counting)
    c = clean_html_document(html)
    assert c.text.strip()
    assert c.meta["extractor"] == "trafilatura"
    assert len(calls) == 1


# ------------------------------------------------------------------- fast extraction = full


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_fast_extraction_gives_the_full_extractions_article(
    page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = _read(page)
    fast = clean_html_document(html)
    real = html_cleaner._extract

    def full(trafilatura: Any, tree: Any, meta: dict[str, Any], **kw: Any) -> str:
        kw.pop("fast", None)  # trafilatura with its readability / jusText comparison
        return real(trafilatura, tree, meta, **kw)

    monkeypatch.setattr(html_cleaner, "_extract", full)
    slow = clean_html_document(html)
    assert fast.text == slow.text
    assert (fast.title, fast.author, fast.date, fast.publisher) == (
        slow.title,
        slow.author,
        slow.date,
        slow.publisher,
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_metadata_read_once_is_trafilaturas(page: Path) -> None:
    from trafilatura.metadata import extract_metadata

    html = _read(page)
    ours = page_metadata(parse_html(html))
    theirs = extract_metadata(html)
    fields = ("title", "author", "date", "sitename", "url")
    assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields]


def test_metadata_of_the_repositorys_page() -> None:
    c = clean_html_document(_read(DATA / "article_en.html"))
    assert (c.title, c.author, c.date, c.publisher) == (
        "River cleanup draws hundreds of volunteers",
        "Sam Carter",
        "2024-06-02",
        "The Daily Example",
    )


# ---------------------------------------------------------------- the DOM's structure vote

BODY = [
    "The council approved the new cycling plan on Tuesday after a long debate in the chamber.",
    "Residents who spoke at the meeting asked for safer crossings near the two primary schools.",
]


def _structure_page() -> str:
    return (
        "<html><body><header><h1>Council approves cycling plan</h1></header>"
        "<main><aside class='sidebar'><ul><li>Weather today</li><li>Markets</li></ul></aside>"
        "<div class='story'>"
        + "".join(f"<p>{p}</p>" for p in BODY)
        + "<h2>What changes</h2><ul><li>Wider lanes</li><li>New lights</li></ul>"
        "<p><a href='/a'>Another story about the budget</a></p>"
        "</div></main></body></html>"
    )


def test_same_structure_keeps_lists_and_subheadings_of_the_body_only() -> None:
    blocks = dom_blocks(_structure_page())
    lines = [
        "Council approves cycling plan",  # the headline: the title, not body
        *BODY,
        "What changes",
        "- Wider lanes",  # trafilatura renders list items this way
        "- New lights",
        "Another story about the budget",  # link text
        "- Weather today",  # another container
        "Not on the page at all",
    ]
    confirmed = [line in BODY for line in lines]
    kept = same_structure(lines, confirmed, blocks, block_index(blocks))
    assert kept == [*BODY, "What changes", "- Wider lanes", "- New lights"]


def test_same_structure_keeps_nothing_without_a_confirmed_line() -> None:
    blocks = dom_blocks(_structure_page())
    assert same_structure(BODY, [False, False], blocks, block_index(blocks)) == []


def test_a_fragment_with_text_outside_any_element_is_cleaned() -> None:
    """trafilatura's loader returns a fragment's own root (here a <span>, not a document): its
    text belongs to no element below the root, and the structure vote must cope (it crashed)."""
    words = " ".join(BODY)
    html = f"<span>{words} <b>Tuesday</b> and <i>schools</i> again. {words}</span>"
    root = parse_html(html)
    assert root is not None and root.tag == "span"
    assert [b.els for b in render_page(root)[1]] == [[]]
    c = clean_html_document(html)
    assert "The council approved the new cycling plan" in c.text


def test_cleaner_version_bumped_for_the_fast_html_path() -> None:
    assert (
        CLEANER_VERSION >= 7
    )  # 5: fast extraction, DOM structure vote, one parse; 7: precise gate


def test_at_stake_is_the_share_of_the_text_no_other_opinion_keeps() -> None:
    long = "The council approved the new cycling plan after a long debate on Tuesday evening."
    short = "Photo: City archive"
    default = f"{long}\n{short}"
    assert html_cleaner._at_stake(default, [long], []) == pytest.approx(
        len(short) / (len(long) + len(short))
    )
    assert html_cleaner._at_stake(default, [default], []) == 0.0


def test_the_precise_extraction_runs_only_when_a_tenth_of_the_text_is_at_stake(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A page whose unconfirmed lines are a few percent of its text (a caption, a box) is
    decided by the other opinions; the precise extraction (10 ms) runs when more is at stake."""
    html = _read(DATA / "html_pages" / "rustdoc_how_to_write_documentation.html")
    real = html_cleaner._extract
    precise: list[bool] = []

    def spy(trafilatura: Any, tree: Any, meta: dict[str, Any], **kw: Any) -> str:
        precise.append(bool(kw.get("favor_precision")))
        return real(trafilatura, tree, meta, **kw)

    monkeypatch.setattr(html_cleaner, "_extract", spy)
    stake: list[float] = []
    real_stake = html_cleaner._at_stake

    def spy_stake(*args: Any) -> float:
        stake.append(real_stake(*args))
        return stake[-1]

    monkeypatch.setattr(html_cleaner, "_at_stake", spy_stake)
    clean_html_document(html)
    assert 0 < stake[0] < html_cleaner._PRECISE_MIN_STAKE
    assert precise == [False]
    monkeypatch.setattr(html_cleaner, "_PRECISE_MIN_STAKE", stake[0])
    precise.clear()
    clean_html_document(html)
    assert precise == [False, True]
