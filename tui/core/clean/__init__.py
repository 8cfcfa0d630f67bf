"""Article cleaning: page (plain text or HTML) -> article text + metadata, deterministically.

Articles arrive as whole-page text scrapes or saved HTML. Annotators must see the article and
only the article, and spans are stored as character offsets into the cleaned text, so the cleaner
has to be deterministic (same input, same output for a given ``CLEANER_VERSION``) and must never
rewrite letters or punctuation: it only removes lines, invisible characters and extra whitespace.

The pipeline, one module per stage:

- :mod:`.normalize`: line breaks, invisible characters, terminal escapes, spaces;
- :mod:`.stopwords`: stoplists and the page's language (which stoplist scores the lines);
- :mod:`.boilerplate`: multilingual share/subscribe/credit/timestamp patterns;
- :mod:`.bylines`: dates, bylines and datelines of one line;
- :mod:`.lines`: line features, classification, context revision, the main region, chrome;
- :mod:`.metadata`: title, author, date and publisher from the top of the page;
- :mod:`.guard`: never an empty text or a sliver without a warning;
- :mod:`.plain`: :func:`clean_text`, the plain-text cleaner that runs the stages above;
- :mod:`.html`: trafilatura + a vote with the plain cleaner + the DOM's second opinion
  (:mod:`tui.core.clean_html`).

No rule is keyed to one site; recurring site chrome can be learned from a batch with
:func:`chrome_lines`. This package must not import textual or rich; trafilatura and lxml are
imported lazily because they take a noticeable time to load and plain-text cleaning never needs
them. Private names below are re-exported for the tests and benchmarks that probe the stages.
"""

from __future__ import annotations

from .boilerplate import _BOILER_LINE_RE as _BOILER_LINE_RE
from .boilerplate import _CREDIT_RE as _CREDIT_RE
from .boilerplate import _FOLD_ODD_RE as _FOLD_ODD_RE
from .boilerplate import _boiler_line as _boiler_line
from .boilerplate import _credit as _credit
from .bylines import _DAY_YEAR_RE as _DAY_YEAR_RE
from .bylines import _MONTH_FIRST as _MONTH_FIRST
from .bylines import parse_byline, parse_date
from .cleaned import CLEANER_VERSION, Cleaned
from .guard import guard
from .html import clean_html, clean_html_document, html_to_text
from .lines import _DIGIT_RE as _DIGIT_RE
from .lines import _MULTISPACE_RE as _MULTISPACE_RE
from .lines import _SEPARATOR_RE as _SEPARATOR_RE
from .lines import _inner_sentence as _inner_sentence
from .lines import _joined_headlines as _joined_headlines
from .lines import _normalized_lines as _normalized_lines
from .lines import _page_lines as _page_lines
from .lines import _PageIndex as _PageIndex
from .lines import chrome_lines
from .normalize import _ANSI_RE as _ANSI_RE
from .normalize import _INVISIBLE_RE as _INVISIBLE_RE
from .normalize import _SPACES_RE as _SPACES_RE
from .normalize import _collapse_spaces as _collapse_spaces
from .normalize import _normalize_line as _normalize_line
from .normalize import _prenormalize as _prenormalize
from .normalize import normalize
from .plain import clean_plain, clean_text
from .stopwords import _WORD_RE as _WORD_RE
from .stopwords import HIDDEN_STOPLISTS, reset_stoplists, stopword_language
from .stopwords import _doc_language as _doc_language
from .stopwords import _lang_hits as _lang_hits
from .stopwords import _script_language as _script_language
from .stopwords import _stopwords as _stopwords

__all__ = [
    "CLEANER_VERSION",
    "HIDDEN_STOPLISTS",
    "Cleaned",
    "chrome_lines",
    "clean_html",
    "clean_html_document",
    "clean_plain",
    "clean_text",
    "guard",
    "html_to_text",
    "normalize",
    "parse_byline",
    "parse_date",
    "reset_stoplists",
    "stopword_language",
]
