"""Leads and headlines of HTML pages, and titles without site, section or byline parts.

The pages are written for these tests (no publisher's page is copied): a Norwegian local-news
article whose markup puts the lead (standfirst) in the article header beside the headline and
byline, where extractors drop it. Each page is cleaned as an import cleans it
(:func:`clean_html_document`) and the text is checked; the same page without the lead's signal
shows that the lead is not kept by accident.
"""

from __future__ import annotations

from tui.core.clean import clean_html_document, clean_text
from tui.core.clean.html import _block_norm
from tui.core.clean.metadata import _title_and_site
from tui.core.clean_html import parse_html, render_page
from tui.core.clean_html_lead import drop_headline, meta_descriptions

BODY = [
    "Kommunen har i flere år forsøkt å finne en løsning for fergen som går mellom de to øyene, "
    "men budsjettet har ikke strukket til. Nå har fylkestinget vedtatt at ruten skal driftes "
    "med elektriske ferger fra neste sommer.",
    "Ordføreren sier at vedtaket er en lettelse for innbyggerne, som i lang tid har klaget over "
    "forsinkelser og innstilte avganger. – Dette har vi ventet på i mange år, og nå får vi "
    "endelig en rute som folk kan stole på, sier hun.",
    "Fylkeskommunen regner med at de nye fergene vil kutte utslippene fra sambandet med nesten "
    "nitti prosent. Rederiet som har vunnet anbudet skal bygge to nye fartøy ved et verft på "
    "Vestlandet, og det første skal etter planen leveres i mai.",
    "Ikke alle er like fornøyde. Flere av de fastboende på den minste øya mener at avgangene om "
    "kvelden er for få, og at det blir vanskelig å rekke arbeid og skole på fastlandet. "
    "Fylkeskommunen lover å se på rutetabellen igjen til høsten.",
    "Prosjektet koster rundt 400 millioner kroner, og staten dekker en del av regningen gjennom "
    "en egen ordning for grønne ferger. Arbeidet med nye ladestasjoner på begge kaiene starter "
    "allerede i høst.",
]
HEADLINE = "Elektriske ferger skal gå mellom øyene fra neste sommer"
LEAD = "Fylkestinget har sagt ja til nye elektriske ferger. Innbyggerne får flere avganger"
TEASER = (
    "Rederiet sliter med forsinkelser etter at to av fergene ble tatt ut av drift for "
    "reparasjon i sommer."
)


def page(header_extra: str = "", head_extra: str = "", h1: str = HEADLINE) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in BODY)
    return f"""<!DOCTYPE html><html lang="no"><head><meta charset="utf-8">
<title>{HEADLINE} – Vestlandsposten – 04.08.2024</title>{head_extra}</head>
<body><nav class="site-nav"><ul><li><a href="/">Forsiden</a></li>
<li><a href="/nyheter">Nyheter</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main><article class="article">
<header class="article-header"><h1 class="article-title">{h1}</h1>
{header_extra}
<div class="byline"><span class="author-name">Kari Nordmann</span>
<time datetime="2024-08-04T10:00">04.08.2024, kl. 10.00</time></div>
</header>
<div class="article-body">{body}</div>
</article></main>
<footer class="site-footer"><p>Ansvarlig redaktør: Ola Hansen</p>
<p><a href="/personvern">Personvern</a></p></footer>
</body></html>"""


def test_without_a_signal_the_header_paragraph_is_dropped() -> None:
    # the control: an unnamed short paragraph in the header is not kept (what the rule fixes)
    doc = clean_html_document(page(header_extra=f'<p class="x1">{LEAD}</p>'))
    assert LEAD not in doc.text
    assert doc.text.startswith(BODY[0][:60])


def test_lead_in_an_element_named_lead_is_restored_first() -> None:
    doc = clean_html_document(page(header_extra=f'<p class="article-lead">{LEAD}</p>'))
    paras = doc.text.split("\n\n")
    assert paras[0] == LEAD
    assert paras[1].startswith(BODY[0][:60])
    assert doc.text.count(LEAD) == 1
    assert doc.meta["dom"]["dom-lead-named"] == 1


def test_lead_of_several_paragraphs_named_by_its_container() -> None:
    second = "Ordføreren er glad. – Endelig skjer det noe, sier hun til avisen"
    lead = f'<div class="article__preamble"><p>{LEAD}</p><p>{second}</p></div>'
    paras = clean_html_document(page(header_extra=lead)).text.split("\n\n")
    assert paras[:2] == [LEAD, second]


def test_unnamed_lead_under_the_headline_that_is_the_meta_description() -> None:
    meta = f'<meta property="og:description" content="{LEAD}">'
    doc = clean_html_document(page(header_extra=f'<p class="x1">{LEAD}</p>', head_extra=meta))
    assert doc.text.split("\n\n")[0] == LEAD


def test_meta_description_not_shown_on_the_page_is_not_added() -> None:
    meta = f'<meta name="description" content="{LEAD}"><meta property="og:description" '
    meta += f'content="{LEAD}">'
    doc = clean_html_document(page(head_extra=meta))
    assert LEAD not in doc.text
    assert doc.text.startswith(BODY[0][:60])
    assert meta_descriptions(parse_html(page(head_extra=meta))) == [LEAD]


def test_teaser_of_another_story_under_the_headline_is_not_restored() -> None:
    card = (
        '<div class="teaser teaser--related"><a href="/nyheter/rederiet-sliter">'
        "<h3>Rederiet sliter med forsinkelser etter verkstedopphold</h3></a>"
        f'<p class="teaser__summary">{TEASER}</p></div>'
    )
    doc = clean_html_document(page(header_extra=card))
    assert TEASER not in doc.text
    assert "Rederiet sliter med forsinkelser etter verkstedopphold" not in doc.text


def test_caption_kicker_and_hidden_box_named_like_leads_are_not_restored() -> None:
    caption = "Den nye fergen skal etter planen være klar til bruk i mai neste år"
    kicker = "Ferjesambandet mellom øyene i vest"
    hidden = "Logg inn for å lese hele saken og alle andre artikler fra lokalavisen"
    extra = (
        f'<div class="article-kicker">{kicker} med flere avganger</div>'
        f'<figure class="lead-image"><img src="ferge.jpg" alt=""><figcaption '
        f'class="lead-image__caption">{caption}</figcaption></figure>'
        f'<div class="intro-box paywall" hidden><p class="intro">{hidden}</p></div>'
    )
    doc = clean_html_document(page(header_extra=extra))
    for text in (caption, kicker, hidden):
        assert text not in doc.text


def test_headline_is_the_title_not_the_first_line_of_the_body() -> None:
    html = page(header_extra=f'<p class="article-lead">{LEAD}</p>')
    root = parse_html(html)
    assert root is not None
    blocks = render_page(root, _block_norm)[1]
    lines = [HEADLINE, LEAD, BODY[0]]
    assert drop_headline(lines, blocks) == [LEAD, BODY[0]]
    assert drop_headline([HEADLINE], blocks) == [HEADLINE]  # a text is never emptied
    doc = clean_html_document(html)
    assert doc.title == HEADLINE
    assert not doc.text.startswith(HEADLINE)


def test_titles_lose_site_section_and_date_but_keep_the_rest_of_the_headline() -> None:
    cases = {
        "Brannen i Bergen er slukket – nå skal huset rives": (
            "Brannen i Bergen er slukket – nå skal huset rives"
        ),
        "Der Streit um die Brücke - Stadtrat vertagt sich": (
            "Der Streit um die Brücke - Stadtrat vertagt sich"
        ),
        "Stadtrat vertagt den Streit um die Brücke – Westkurier – 30.01.2024": (
            "Stadtrat vertagt den Streit um die Brücke"
        ),
        "Belediye yeni köprü için ihaleye çıktı - Ekonomi Haberleri": (
            "Belediye yeni köprü için ihaleye çıktı"
        ),
        "서울 지하철 요금 다음 달부터 오른다 - 새벽신문": "서울 지하철 요금 다음 달부터 오른다",
    }
    for raw, want in cases.items():
        assert _title_and_site(raw, set())[0] == want, raw


def test_declared_site_name_is_cut_from_the_start_of_the_title() -> None:
    site = "Nordposten | Nyheter fra nord"
    raw = f"{site}: Ny bro over sundet åpner i oktober"
    assert _title_and_site(raw, set(), site)[0] == "Ny bro over sundet åpner i oktober"
    # a headline that starts with the site's name (no separator after it) keeps it
    assert _title_and_site("Bergen får ny bybane i 2030", set(), "Bergen")[0] == (
        "Bergen får ny bybane i 2030"
    )


def test_plain_text_title_is_not_the_line_between_headline_and_byline() -> None:
    # what sits between a headline and its byline in scraped text: a dateline with a reading
    # time, a breadcrumb, a photo credit, the author's name and role, an author link
    between = [
        ["Stand: 10:00 Uhr | Lesedauer: 4 Minuten", "Av Kari Nordmann"],
        ["Forsiden > Nyheter > Vestland", "04.08.2024, kl. 10.00"],
        ["Fergen ved kaia.", "(Ola Hansen / NTB)", "Av Kari Nordmann", "04.08.2024", "10:00"],
        ["Av", "Kari Nordmann - Vestlandsposten journalist", "2024-08-04T10:00:00Z"],
        ["View all posts by Kari Nordmann", "August 4, 2024"],
    ]
    for lines in between:
        top = [f"{HEADLINE} - Vestlandsposten", "Forsiden", "Nyheter", "Sport", HEADLINE]
        raw = "\n".join([*top, *lines, *BODY, "Ansvarlig redaktør: Ola Hansen"])
        doc = clean_text(raw)
        assert doc.title == HEADLINE, lines
        assert doc.text.startswith(BODY[0][:60])


def test_plain_text_title_is_the_reworded_headline_above_the_dateline() -> None:
    reworded = "Nye elektriske ferger skal gå mellom øyene neste sommer"
    top = [f"{HEADLINE} - Vestlandsposten", "Forsiden", "Nyheter", reworded]
    raw = "\n".join([*top, "Av Kari Nordmann", "04.08.2024, kl. 10.00", *BODY])
    doc = clean_text(raw)
    assert doc.title == reworded
    assert reworded not in doc.text
