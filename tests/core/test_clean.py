"""Cleaner decisions, one at a time, on small hand-written examples in several languages."""

from __future__ import annotations

from tui.core.clean import (
    CLEANER_VERSION,
    Cleaned,
    chrome_lines,
    clean_html,
    clean_html_document,
    clean_plain,
    clean_text,
    normalize,
    parse_byline,
    parse_date,
)

FR_BODY = [
    "Le gouvernement a présenté mercredi un plan destiné à réduire la consommation d'énergie des "
    "bâtiments publics, qui représentent une part importante de la facture de l'État.",
    "Selon le ministre, les travaux commenceront dès l'automne dans les écoles et les hôpitaux, "
    "avant de s'étendre aux administrations centrales au cours de l'année prochaine.",
    "Les syndicats ont salué une mesure attendue depuis longtemps, tout en regrettant que le "
    "calendrier ne soit pas accompagné d'un financement clair pour les collectivités.",
]
EN_BODY = [
    "The city council voted on Tuesday to expand the bike lane network across the northern "
    "districts, a plan that has divided residents for more than two years.",
    "Supporters say the lanes will make the streets safer for children and older people, while "
    "shop owners fear that the loss of parking spaces will drive customers away.",
    "The first section is expected to open next spring, and the council said it would publish "
    "traffic figures every three months so that the effects can be checked.",
]
DE_BODY = [
    "Die Landesregierung hat am Montag ein neues Förderprogramm für kleine Betriebe vorgestellt, "
    "das vor allem Handwerker auf dem Land entlasten soll.",
    "Nach Angaben des Wirtschaftsministeriums stehen dafür in den kommenden drei Jahren insgesamt "
    "120 Millionen Euro zur Verfügung, die über die Kammern verteilt werden.",
    "Kritiker bemängeln, dass die Anträge zu kompliziert seien und viele Betriebe die Fristen "
    "nicht einhalten könnten, weil ihnen schlicht die Zeit fehle.",
]


def page(*parts: str | list[str]) -> str:
    lines: list[str] = []
    for p in parts:
        lines.extend(p if isinstance(p, list) else [p])
    return "\n".join(lines)


# ---------------------------------------------------------------- normalize


def test_normalize_line_breaks_and_blank_lines() -> None:
    raw = "\n\nA\r\nB\rC\u2028D\x0bE\x0cF\x85G\n\n\n\nH\u2029I\n\n"
    assert normalize(raw) == "A\nB\nC\nD\nE\nF\nG\n\nH\n\nI"


def test_normalize_spaces_tabs_and_strip() -> None:
    assert normalize("  un\t\tdeux\u00a0 trois\u202f:  ") == "un deux trois :"


def test_normalize_nfc() -> None:
    assert normalize("Cafe\u0301") == "Café"


def test_normalize_removes_invisible_and_escapes() -> None:
    raw = "a\u200bb\u00adc\ufeffd\x1b[31mred\x1b[0m\x1b]0;title\x07e\u202egh\u202c\x07\x9b"
    assert normalize(raw) == "abcdredegh"


def test_normalize_keeps_emoji_sequences() -> None:
    family = "👩\u200d👩\u200d👧"
    heart = "❤\ufe0f"
    flag = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert normalize(f"{family} {heart} {flag}") == f"{family} {heart} {flag}"


def test_normalize_never_rewrites_letters_or_punctuation() -> None:
    text = "« Citation » — l’été, „Zitat“ ‚x‘ ¿Qué? 東京。"
    assert normalize(text) == text


def test_normalize_idempotent() -> None:
    raw = " x \n\n\n y\t\r\n z "
    assert normalize(normalize(raw)) == normalize(raw)


# ---------------------------------------------------------------- dates and bylines


def test_parse_byline_par_with_date_time() -> None:
    assert parse_byline("Par: Camille Durand | 03.02.2025, 09:15") == {
        "author": "Camille Durand",
        "date": "2025-02-03T09:15",
    }


def test_parse_byline_published_in() -> None:
    assert parse_byline("Publié dans Le Matin le 07 - 11 - 2023") == {
        "publisher": "Le Matin",
        "date": "2023-11-07",
    }


def test_parse_byline_languages() -> None:
    assert parse_byline("By Sarah Jones")["author"] == "Sarah Jones"
    assert parse_byline("Von Jonas Weber, 12. März 2024")["date"] == "2024-03-12"
    assert parse_byline("Von Jonas Weber, 12. März 2024")["author"] == "Jonas Weber"
    assert parse_byline("Por María López")["author"] == "María López"
    assert parse_byline("by Ann Lee March 5, 2021") == {"author": "Ann Lee", "date": "2021-03-05"}


def test_parse_byline_rejects_body_sentence() -> None:
    long = "By the end of the week the government had agreed to open talks with the unions, " * 2
    assert parse_byline(long) is None


def test_parse_date_formats() -> None:
    assert parse_date("Updated Nov 18, 2019 at 9:24 pm ET")[0] == "2019-11-18T21:24"
    assert parse_date("le 14 avril 2024")[0] == "2024-04-14"
    assert parse_date("2024-04-10T08:30:00Z")[0] == "2024-04-10T08:30"
    assert parse_date("no date here")[0] is None


# ---------------------------------------------------------------- plain-text decisions


def test_byline_parsed_into_metadata_and_out_of_body() -> None:
    raw = page("Le plan énergie de l'État", "Par: Camille Durand | 03.02.2025, 09:15", FR_BODY)
    c = clean_text(raw)
    assert c.title == "Le plan énergie de l'État"
    assert c.author == "Camille Durand"
    assert c.date == "2025-02-03T09:15"
    assert "Camille" not in c.text
    assert c.text.split("\n\n") == FR_BODY


def test_repeated_title_removed_and_kept_as_title() -> None:
    raw = page(
        "Bike lanes split the city", "", "By Sarah Jones", "Bike lanes split the city", EN_BODY
    )
    c = clean_text(raw)
    assert c.title == "Bike lanes split the city"
    assert "Bike lanes split" not in c.text
    assert c.author == "Sarah Jones"


def test_ticker_line_dropped() -> None:
    ticker = "    ".join(
        [
            "Le Premier ministre reçoit les syndicats à Matignon",
            "Storm leaves thousands without power in the north",
            "Histórico: el equipo gana la final en el último minuto",
            "La Bourse de Paris termine en légère hausse",
        ]
    )
    c = clean_text(
        page(ticker, "", "Le plan énergie", "Publié dans Le Matin le 07 - 11 - 2023", FR_BODY)
    )
    assert "Matignon" not in c.text
    assert c.publisher == "Le Matin" and c.date == "2023-11-07"
    assert c.title == "Le plan énergie"


def test_report_and_click_here_widget_lines_dropped() -> None:
    raw = page(
        "Merci d'avoir signalé!",
        "Le plan énergie",
        "Publié dans Le Matin le 07 - 11 - 2023",
        FR_BODY,
        "Cliquez ici pour lire l'article depuis sa source.",
    )
    c = clean_text(raw)
    assert "signalé" not in c.text and "Cliquez" not in c.text
    assert c.text.split("\n\n") == FR_BODY


def test_cookie_newsletter_share_lines_dropped() -> None:
    raw = page(
        "Bike lanes split the city - City Gazette",
        "We use cookies to improve your experience. Accept all cookies",
        "Share on Facebook",
        EN_BODY[:2],
        "Advertisement",
        EN_BODY[2],
        "Sign up for our newsletter",
        "Newsletter abonnieren",
    )
    c = clean_text(raw)
    assert c.text.split("\n\n") == EN_BODY
    assert c.title == "Bike lanes split the city"
    assert c.publisher == "City Gazette"


def test_subheading_and_quotation_kept() -> None:
    quote = "« Nous ne laisserons personne de côté », a déclaré la ministre devant les élus."
    raw = page("Titre", FR_BODY[0], "Ce que nous savons", FR_BODY[1], quote, FR_BODY[2])
    c = clean_text(raw)
    assert "Ce que nous savons" in c.text.split("\n\n")
    assert quote in c.text


def test_caption_source_and_read_more_stub_dropped() -> None:
    raw = page(
        "Förderprogramm für Betriebe",
        "Von Jonas Weber",
        "Wirtschaftsministerium",
        "Foto: dpa/Max Muster",
        DE_BODY,
        "Lesen Sie auch:",
        "Quelle: dpa, Reuters",
    )
    c = clean_text(raw)
    assert c.text.split("\n\n") == DE_BODY
    assert c.author == "Jonas Weber"


def test_lone_timestamp_dropped_and_used_as_date() -> None:
    c = clean_text(page("Bike lanes split the city", "Updated: 12/03/2024 08:40", EN_BODY))
    assert c.date == "2024-03-12T08:40"
    assert "08:40" not in c.text


def test_foreign_language_ticker_inside_body_dropped() -> None:
    foreign = (
        "Die Regierung will die Steuern für kleine Unternehmen im nächsten Jahr deutlich senken."
    )
    c = clean_text(page("Title", EN_BODY[0], foreign, EN_BODY[1], EN_BODY[2]))
    assert "Steuern" not in c.text
    assert c.text.split("\n\n") == EN_BODY


def test_menu_block_dropped() -> None:
    menu = ["Home", "Politik", "Wirtschaft", "Sport", "Kultur", "Wissen", "Panorama", "Suche"]
    c = clean_text(page("Förderprogramm", menu, DE_BODY, menu))
    assert c.text.split("\n\n") == DE_BODY


def test_related_headlines_after_article_dropped() -> None:
    related = [
        "Mayor promises new parks in every district by 2030",
        "Transport strike called off after late-night talks",
        "Football club unveils plans for a new stadium",
    ]
    c = clean_text(page("Bike lanes", EN_BODY, "Related stories", related))
    assert c.text.split("\n\n") == EN_BODY


def test_chrome_lines_from_batch() -> None:
    chrome_bits = ["Gazette du Midi", "Le journal de votre région, chaque jour depuis 1950"]
    texts = [page(chrome_bits, f"Titre {i}", FR_BODY[i:] + FR_BODY[:i]) for i in range(3)]
    chrome = chrome_lines(texts)
    assert set(chrome_bits) <= chrome
    assert not any(p in chrome for p in FR_BODY)
    c = clean_text(texts[0], chrome=chrome)
    assert "Gazette" not in c.text


def test_empty_and_whitespace_input() -> None:
    assert clean_text("").text == ""
    assert clean_text(" \n\t\n").text == ""
    assert clean_plain("") == ""


# ---------------------------------------------------------------- HTML


def test_html_document_extracts_body_and_metadata() -> None:
    paras = "".join(f"<p>{p}</p>" for p in EN_BODY)
    html = (
        "<html><head><title>Bike lanes split the city - City Gazette</title>"
        '<meta name="author" content="Sarah Jones">'
        '<meta property="article:published_time" content="2024-03-12T08:40:00Z">'
        "</head><body><nav><a href='/'>Home</a> <a href='/s'>Sport</a></nav>"
        f"<article><h1>Bike lanes split the city</h1>{paras}</article>"
        "<footer>© 2024 City Gazette. All rights reserved.</footer></body></html>"
    )
    c = clean_html_document(html, url="https://example.org/a")
    assert isinstance(c, Cleaned)
    for p in EN_BODY:
        assert p in c.text
    assert "All rights reserved" not in c.text
    assert c.title == "Bike lanes split the city"
    assert c.author == "Sarah Jones"
    assert c.date is not None and c.date.startswith("2024-03-12")
    assert clean_html(html) == c.text


def test_html_fallback_when_extractor_finds_nothing() -> None:
    html = "<html><body><div>" + "<br>".join(DE_BODY) + "</div></body></html>"
    text = clean_html(html)
    assert DE_BODY[0] in text


def test_cleaner_version_is_int() -> None:
    assert isinstance(CLEANER_VERSION, int) and CLEANER_VERSION >= 1


# ---------------------------------------------------------------- signals added in version 2


def test_lone_ad_label_between_paragraphs_does_not_split_the_article() -> None:
    raw = page("Titre", FR_BODY[0], "Publicité", FR_BODY[1], "Anzeige", FR_BODY[2])
    out = clean_plain(raw)
    assert all(p in out for p in FR_BODY)
    assert "Publicité" not in out and "Anzeige" not in out


def test_share_report_and_comment_count_lines_are_boilerplate() -> None:
    for line in (
        "Share on Facebook",
        "Partager sur LinkedIn",
        "Jetzt teilen",
        "Report this article",
        "0 commentaire",
        "Voir les commentaires",
        "Comments are closed.",
        "Ajouter aux favoris",
        "Contenus sponsorisés",
        "Il y a 7 heures",
        "vor 3 Stunden",
        "14 hours ago",
    ):
        raw = page("Title of the page", line, *EN_BODY)
        assert line not in clean_plain(raw), line


def test_boilerplate_vocabulary_spares_sentences() -> None:
    sentence = "Share prices of the firms building the lanes fell after the council voted."
    raw = page("Title", *EN_BODY[:2], sentence, EN_BODY[2])
    assert sentence in clean_plain(raw)


def test_teaser_list_above_the_headline_is_not_the_article() -> None:
    teasers = [
        "The museum reopened its west wing after a renovation that took three years and cost "
        "far more than the city had planned for when the works started.",
        "A local bakery has won a national prize for its rye bread, and the owners say they "
        "will use the money to train two more apprentices next year.",
        "Heavy rain flooded several streets in the old town on Sunday night, and the fire "
        "brigade was called out more than forty times before the morning.",
    ]
    raw = page(
        "Council approves northern bike lanes – City News",
        "Menu",
        *teasers,
        "Council approves northern bike lanes",
        *EN_BODY,
    )
    out = clean_plain(raw)
    assert all(p in out for p in EN_BODY)
    assert not any(t in out for t in teasers)


def test_comment_heading_ends_the_article_even_when_comments_are_long() -> None:
    comments = [
        "I have cycled here for twenty years and the council should have done this much "
        "earlier, the traffic on the main road is getting worse every single month.",
        "Nobody asked the people who actually live on these streets what they wanted, and "
        "now we will lose the parking in front of our houses for a few cyclists.",
    ] * 3
    raw = page("Bike lanes", *EN_BODY, "12 responses to “Bike lanes”", *comments)
    out = clean_plain(raw)
    assert EN_BODY[-1] in out and comments[0] not in out


def test_hard_wrapped_paragraph_is_judged_as_one_block() -> None:
    wrapped = [
        "Die Landesregierung hat am Montag ein",
        "neues Förderprogramm für kleine Betriebe vorgestellt, das vor",
        "allem Handwerker auf dem Land entlasten soll und",
        "über die Kammern verteilt wird.",
    ]
    raw = page("Förderprogramm", "Startseite", *wrapped, *DE_BODY[1:], "Impressum")
    out = clean_plain(raw)
    assert all(w in out for w in wrapped)


def test_stray_sentence_of_another_story_inside_the_body_is_dropped() -> None:
    stray = "Astronomers spotted a comet whose glowing tail stretches across several galaxies."
    raw = page("Bike lanes", EN_BODY[0], EN_BODY[1], stray, EN_BODY[2])
    out = clean_plain(raw)
    assert stray not in out
    assert all(p in out for p in EN_BODY)


def test_first_and_last_sentences_of_a_short_article_are_never_strays() -> None:
    """A two-paragraph brief whose paragraphs share no content word ("line" and "city" are in
    the English stoplist) keeps both: a stray is another story's sentence *between* two
    paragraphs; the lead of a brief used to be dropped without a word."""
    lead = (
        "The city council approved a new tram line on Tuesday after a long debate about costs "
        "and routes through the old town."
    )
    second = (
        "The line will link the station with the university and the hospital, and work starts "
        "in spring."
    )
    raw = "\n".join(
        ["Council backs new tram line | City Herald", "Home", "News", "Council backs new tram line"]
        + ["By Jane Roe, 3 December 2026", lead, second, "Most read"]
    )
    assert clean_plain(raw) == f"{lead}\n\n{second}"


def test_foreign_headline_sharing_stopwords_is_dropped() -> None:
    ticker = "Regjeringen hevder at over 2000 personer er rammet av stengte veier i forbindelse med uværet"
    raw = page("Bike lanes", EN_BODY[0], ticker, EN_BODY[1], EN_BODY[2])
    assert ticker not in clean_plain(raw)


# ---------------------------------------------------------------- HTML DOM blocks (tui.core.clean_html)

from tui.core.clean_html import dom_blocks, refine_lines  # noqa: E402

EN_STOPS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "and",
        "or",
        "for",
        "that",
        "which",
        "is",
        "was",
        "are",
        "were",
        "be",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "with",
        "by",
        "at",
        "from",
        "as",
        "will",
        "would",
        "so",
        "can",
        "than",
        "more",
    ]
)


def en_density(text: str) -> float:
    words = text.lower().replace(",", " ").replace(".", " ").split()
    return sum(w in EN_STOPS for w in words) / len(words) if words else 0.0


def keep_all(_line: str) -> bool:
    return True


def article_html(inner: str, head: str = "") -> str:
    return (
        "<html><head><title>Council expands bike lanes</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<main><article><header><h1>Council expands bike lanes</h1>{head}</header>"
        f"<div class='story-body'>{inner}</div></article></main></body></html>"
    )


def paras(texts: list[str], cls: str = "") -> str:
    attr = f" class='{cls}'" if cls else ""
    return "".join(f"<p{attr}>{t}</p>" for t in texts)


def test_dom_blocks_link_density_and_context() -> None:
    html = article_html(
        paras(EN_BODY[:1])
        + "<ul class='more'><li><a href='/x'>Another story headline here</a></li></ul>"
    )
    blocks = dom_blocks(html)
    body = next(b for b in blocks if b.text == EN_BODY[0])
    link = next(b for b in blocks if b.text == "Another story headline here")
    assert body.link_density == 0.0 and link.link_density == 1.0
    assert [t for t, _ in body.ctx][-3:] == ["article", "div", "p"]
    assert link.ctx[-1][0] == "li"


def test_refine_vetoes_link_headlines_inside_article() -> None:
    # An extractor kept a "read next" headline list that sits inside the article container.
    teaser = "Mayor promises new tram line for the eastern suburbs"
    html = article_html(paras(EN_BODY) + f"<p><a href='/tram'>{teaser}</a></p>")
    stats: dict[str, int] = {}
    out = refine_lines(EN_BODY + [teaser], dom_blocks(html), en_density, keep_all, stats)
    assert out == EN_BODY
    assert stats == {"dom-links": 1}


def test_refine_vetoes_teaser_card_summary() -> None:
    # A teaser card: a linked title and a one-sentence summary that is not a link.
    summary = "The regional council wants to close three rural schools by the end of the year."
    card = (
        "<div class='card'><div class='card-title'><a href='/schools'>Schools to close</a></div>"
        f"<p>{summary}</p></div>"
    )
    html = article_html(paras(EN_BODY) + card)
    out = refine_lines(EN_BODY + [summary], dom_blocks(html), en_density, keep_all)
    assert out == EN_BODY


def test_refine_vetoes_chrome_class_box() -> None:
    # German page: a newsletter box inside the body container is chrome, whatever its text.
    box = "Jeden Morgen die wichtigsten Nachrichten aus der Region direkt in Ihr Postfach."
    html = article_html(paras(DE_BODY) + f"<div class='newsletter-box'><p>{box}</p></div>")
    out = refine_lines(DE_BODY + [box], dom_blocks(html), None, keep_all)
    assert out == DE_BODY


def test_refine_recovers_paragraphs_cut_by_the_extractor() -> None:
    # The second half of the article has a paywall class; the extractor stopped before it.
    html = article_html(
        paras(EN_BODY[:2]) + paras(EN_BODY[2:], cls="paywall") + "<p><a href='/'>Home</a></p>"
    )
    stats: dict[str, int] = {}
    out = refine_lines(EN_BODY[:2], dom_blocks(html), en_density, keep_all, stats)
    assert out == EN_BODY[:2]  # different class path: not the same kind of block
    html = article_html(
        paras(EN_BODY[:1]) + "<div class='ad'>Advertisement</div>" + paras(EN_BODY[1:])
    )
    out = refine_lines(EN_BODY[:2], dom_blocks(html), en_density, keep_all, stats)
    assert out == EN_BODY
    assert stats["dom-recovered"] == 1


def test_refine_recovered_text_must_pass_line_filter() -> None:
    extra = "Sign up for our newsletter to get the best of the city in your inbox every morning."
    html = article_html(paras(EN_BODY[:2] + [extra]))
    out = refine_lines(EN_BODY[:2], dom_blocks(html), en_density, lambda t: "newsletter" not in t)
    assert out == EN_BODY[:2]


def test_refine_recovers_lead_but_not_caption() -> None:
    lead = "The plan, which will cost more than the city had said, is to be finished by the end of 2027."
    caption = (
        "A cyclist rides along one of the new lanes in the north of the city, which opened in May."
    )
    head = f"<p class='standfirst'>{lead}</p><figure><figcaption>{caption}</figcaption></figure>"
    html = article_html(paras(EN_BODY), head=head)
    stats: dict[str, int] = {}
    out = refine_lines(EN_BODY, dom_blocks(html), en_density, keep_all, stats)
    assert out == [lead] + EN_BODY
    assert stats == {"dom-lead": 1}


def test_refine_without_stoplist_only_vetoes() -> None:
    ko = [
        "서울시는 화요일 북부 지역의 자전거 도로망을 확대하기로 결정했다고 밝혔다.",
        "시민들은 대체로 환영했다.",
    ]
    html = article_html(paras(ko) + "<p><a href='/x'>다른 기사 제목입니다</a></p>")
    assert refine_lines(ko + ["다른 기사 제목입니다"], dom_blocks(html), None, keep_all) == ko


def test_refine_keeps_lines_not_found_in_dom() -> None:
    assert refine_lines(
        ["Some line"], dom_blocks(article_html(paras(EN_BODY))), en_density, keep_all
    ) == ["Some line"]
    assert refine_lines(["x"], [], en_density, keep_all) == ["x"]


# ---------------------------------------------------------------- fast paths give the same answers


def test_boiler_dispatch_matches_full_pattern() -> None:
    from tui.core.clean import _BOILER_LINE_RE, _boiler_line

    lines = [
        "Share", "Share on Facebook", "Jetzt teilen", "Now share this article", "© 2025 Example Media",
        "12 comments", "3 min read", "Newsletter abonnieren", "We use cookies to improve the site.",
        "Lire aussi", "À lire aussi", "Ähnliche Artikel", "Écouter", "Mehr Nachrichten",
        "Les plus lus", "Voir les commentaires", "Keine Kommentare", "Zurück nach oben",
        "Sponsored content", "Report this ad", "Bookmark", "Ver más", "Läs mer",
        "The council voted on Tuesday.", "Sharing the load: how families split the chores",
        "-- Menu --", "_ads_", "İmprimer", "ſhare", "Kkommentare", "",
    ] + EN_BODY + FR_BODY + DE_BODY  # fmt: skip
    for line in lines:
        assert _boiler_line(line) == bool(_BOILER_LINE_RE.match(line)), line


def test_credit_and_byline_fast_paths() -> None:
    from tui.core.clean import _CREDIT_RE, _credit

    for text in [
        "Foto: dpa", "Photo : Jane Doe / AFP", "(c) Reuters", "Bild: picture alliance",
        "Getty Images", "Bildung ist wichtig für alle Kinder", "The epa said", "image of the day",
        "Crédit photo : Paul Martin", "AP Photo/Evan Vucci",
    ]:  # fmt: skip
        assert _credit(text) == bool(_CREDIT_RE.search(text)), text
    assert parse_byline("Written by Anna Berg") == {"author": "Anna Berg"}
    assert parse_byline("Texte: Marc Dubois") == {"author": "Marc Dubois"}
    assert parse_byline("Stand: 14.03.2024, 08:30 Uhr") == {"date": "2024-03-14T08:30"}
    assert parse_byline("Gerade eben aktualisiert") is None
    assert parse_date("Saison 2 : épisode 14")[0] is None


def test_cleaner_version_bumped_for_dom_refinement() -> None:
    assert CLEANER_VERSION >= 4  # 4: stoplists for ~100 languages, page stoplist, guard


def test_relative_timestamps_and_bylines_still_dropped() -> None:
    raw = page(
        "Neues Förderprogramm für Handwerker - Beispielzeitung",
        "Neues Förderprogramm für Handwerker",
        "Von Jonas Weber",
        "vor einer Stunde",
        DE_BODY[:2],
        "Gerade eben",
        DE_BODY[2:],
        "Stand: 14.03.2024, 08:30 Uhr",
    )
    c = clean_text(raw)
    assert c.text == "\n\n".join(DE_BODY)
    assert c.author == "Jonas Weber"
