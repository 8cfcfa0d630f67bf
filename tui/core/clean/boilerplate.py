"""Boilerplate vocabulary in ~15 languages: share/subscribe/cookie lines, "Read also:" pointers,
photo credits, relative timestamps, file names and URLs.

Short lines matching these are chrome anywhere on the page; the prefixed forms ("Read also:
<headline>") are dropped whatever their length. None is keyed to one site.
"""

from __future__ import annotations

import re

_BOILER_WORDS = [
    # share / social
    r"share(?: this| on| article| story)?",
    r"sharing is caring",
    r"partager",
    r"partagez",
    r"teilen",
    r"compartir",
    r"condividi",
    r"compartilhar",
    r"dela",
    r"del",
    r"paylaş",
    r"bagikan",
    r"facebook",
    r"twitter",
    r"whatsapp",
    r"pinterest",
    r"linkedin",
    r"reddit",
    r"flipboard",
    r"telegram",
    r"e-?mail",
    r"print",
    r"drucken",
    r"imprimer",
    r"copy link",
    r"link kopieren",
    r"\d*\s*shares?",
    r"tweet",
    r"x \(twitter\)",
    # report / comments
    r"merci d['’]avoir signalé",
    r"signaler(?: un abus| ce contenu)?",
    r"report(?: this)?(?: ad| comment| abuse)?",
    r"melden",
    r"reply",
    r"antworten",
    r"répondre",
    r"responder",
    r"rispondi",
    r"comments?",
    r"kommentare?",
    r"commentaires?",
    r"comentarios?",
    r"commenti",
    r"kommentarer",
    r"yorumlar",
    r"leave a (?:comment|reply)",
    r"\d+ comments?",
    # cookies / consent / privacy
    r".*\bcookies?\b.*",
    r"accept(?: all)?",
    r"alle akzeptieren",
    r"tout accepter",
    r"aceptar",
    r"privacy policy",
    r"datenschutz.*",
    r"politique de confidentialité",
    r"terms of (?:use|service)",
    r"nutzungsbedingungen",
    r"impressum",
    r"mentions légales",
    r"all rights reserved.*",
    r"tous droits réservés.*",
    r"alle rechte vorbehalten.*",
    r"copyright.*",
    r"©.*",
    # newsletter / subscribe / account
    r".*\bnewsletter\b.*",
    r"subscribe.*",
    r"abonnieren.*",
    r"abonnez-vous.*",
    r"s['’]abonner.*",
    r"suscr[ií]bete.*",
    r"iscriviti.*",
    r"prenumerera.*",
    r"abonner.*",
    r"abonnement",
    r"abo",
    r"sign (?:up|in)",
    r"log ?in",
    r"log ?out",
    r"anmelden",
    r"registrieren",
    r"se connecter",
    r"connexion",
    r"mon compte",
    r"my account",
    r"mein konto",
    r"iniciar sesión",
    r"logga in",
    r"logg inn",
    r"e-paper",
    r"epaper",
    # advertising
    r"advertisement",
    r"advertising",
    r"anzeige",
    r"werbung(?: überspringen)?",
    r"publicité",
    r"sponsored(?: content)?",
    r"sponsorisé",
    r"publicidad",
    r"pubblicità",
    r"annons",
    r"annonse",
    r"reklam",
    r"ad",
    r"ads",
    r"promoted",
    r"partner content",
    # read more / related
    r"read (?:more|also|next)",
    r"more (?:from|on|stories|news)",
    r"related(?: articles?| stories| posts)?",
    r"see also",
    r"you (?:may|might) also like",
    r"recommended(?: for you)?",
    r"most (?:read|popular|viewed)",
    r"top stories",
    r"trending(?: now)?",
    r"latest(?: news)?",
    r"breaking news",
    r"lire (?:aussi|la suite|plus)",
    r"à lire (?:aussi|également)",
    r"voir aussi",
    r"approfondir",
    r"en savoir plus",
    r"fil info",
    r"lesen sie (?:auch|mehr)",
    r"mehr zum thema",
    r"weiterlesen",
    r"auch interessant",
    r"das könnte sie auch interessieren",
    r"ähnliche artikel",
    r"meistgelesen",
    r"leer más",
    r"lee también",
    r"leggi anche",
    r"leggi (?:di più|tutto)",
    r"les også",
    r"les mer",
    r"läs (?:också|mer)",
    r"lees ook",
    r"devamını oku",
    r"baca juga",
    r"up next",
    r"next article",
    r"previous article",
    r"article suivant",
    r"nächster artikel",
    # click here / navigation
    r"click here.*",
    r"cliquez ici.*",
    r"hier klicken.*",
    r"haga clic.*",
    r"clicca qui.*",
    r"klicka här.*",
    r"klikk her.*",
    r"menu",
    r"menü",
    r"search",
    r"suche",
    r"rechercher",
    r"buscar",
    r"home",
    r"accueil",
    r"startseite",
    r"inicio",
    r"back to top",
    r"nach oben",
    r"skip to (?:main )?content",
    r"zum inhalt",
    r"aller au contenu",
    r"navigation",
    r"close",
    r"schließen",
    r"fermer",
    r"anhören",
    r"listen(?: to (?:this )?article)?",
    r"écouter",
    r"play",
    r"play now",
    r"watch",
    r"more",
    r"mehr",
    r"plus",
    r"weitere",
    r"voir plus",
    r"show more",
    r"load more",
    r"\d+\s*min(?:ute)?s? read",
    r"lesezeit.*",
    r"temps de lecture.*",
    r"lectura.*min.*",
    r"\d+ (?:min|minutes?) de lecture",
    # share / save / report actions, "verb (preposition) (object)" in any order of the parts
    r"(?:jetzt |now )?(?:share|partager|partagez|teilen|compartir|condividi|compartilhar|dela|del|paylaş"
    r"|bagikan|envoyer|send|senden|enviar|invia|skicka|tweet|pin|copy|copier|copiar|copia|kopieren"
    r"|kopiera|email|e-mail)"
    r"(?: (?:this|cet|cette|ce|le|la|den|die|das|el|il|on|sur|auf|en|su|på|via|per|par|by|with|mit|to|à|por))*"
    r"(?: (?:article|artikel|artículo|articolo|story|post|page|link|lien|enlace|facebook|twitter|x|whatsapp"
    r"|linkedin|e-?mail|mail|messenger|telegram|reddit|pinterest|bluesky|threads|flipboard))*",
    r"(?:link|lien|enlace|länk|lenke) (?:kopieren|copier|copiar|kopiera|kopier)",
    r"(?:report|signaler|melden|denunciar|segnala|rapportera|rapporter)(?: (?:this|ce|cet|diesen|este|questo))?"
    r"(?: (?:article|artikel|artículo|articolo|post|comment|kommentar|commentaire|contenu|content|inhalt"
    r"|ad|abuse|abus|error|erreur|fehler))?",
    r"(?:comments are closed|commentaires fermés|kommentare (?:sind )?geschlossen|comentarios cerrados)",
    r"(?:show|see|view|hide|read|load|voir|afficher|lire|anzeigen|ver|leer|mostra|visa|vis)(?: all| the| les| tous les| alle| los| i)?"
    r" (?:comments?|commentaires?|kommentare?|comentarios?|commenti|kommentarer)(?: anzeigen)?",
    r"(?:\d+|no|aucun|keine|sin|nessun|inga|ingen) (?:comments?|commentaires?|kommentare?|comentarios?|commenti|kommentarer)",
    r"(?:more|plus d['’]|mehr|más|altri|fler|flere|meer) ?(?:articles?|artikel|artículos|articoli|stories|news"
    r"|nachrichten|actualités|infos|noticias|notizie|nyheter|artiklar|saker|nieuws)",
    r"(?:ajouter aux|ajouter à mes|add to|zu den|zu|añadir a|aggiungi ai|lägg till i|legg til i) ?"
    r"(?:favoris|favou?rites|favoriten|bookmarks|merkliste|liste de lecture|reading list|favoritos|preferiti"
    r"|favoriter|favoritter)(?: hinzufügen)?",
    r"(?:bookmark|merken|save|sauvegarder|enregistrer|speichern|guardar|salva|spara|lagre)(?: (?:article|artikel|story|for later))?",
    r"(?:ver|voir|see|mehr|vedi|se|vis) (?:más|plus|more|mehr|altro|mer|flere)",
    r"(?:les plus (?:lus|partagés|commentés)|à la une|lo más (?:leído|visto)|(?:i )?più letti|mest (?:lest|lästa|delt)"
    r"|am meisten gelesen|most (?:shared|commented))",
    r"(?:retour en haut|volver arriba|torna su|zurück nach oben|til toppen|till toppen|haut de page)",
    r"(?:contenus? sponsorisés?|sponsored (?:content|stories|links)|gesponsert|contenido patrocinado"
    r"|contenuti sponsorizzati|sponsrat innehåll|sponset innhold|partner ?content|paid (?:content|post))",
    r"(?:read|see|view) the (?:full|original|whole) (?:story|article).*",
    r"(?:voir|lire) l['’]article(?: original| complet| entier)?.*",
    r"zum (?:artikel|beitrag|originalartikel)",
    r"(?:ver|leer) (?:el )?artículo(?: original| completo)?",
    r"leggi l['’]articolo(?: originale| completo)?",
]
_BOILER_LINE_RE = re.compile(r"^[\W_]*(?:" + "|".join(_BOILER_WORDS) + r")[\W_]*$", re.IGNORECASE)
_LEADING_NONWORD_RE = re.compile(r"[\W_]*")


def _on_lower(pattern: str) -> re.Pattern[str]:
    """Compile an all-lower-case IGNORECASE pattern case-sensitively, for lower-cased text.

    On a line without the characters of ``_FOLD_ODD_RE``, ``str.lower()`` maps every character
    to the one IGNORECASE would compare (and keeps the length), so ``p.match(text.lower())``
    answers like the IGNORECASE pattern on *text*, about twice as fast.
    """
    assert not any(c.isupper() for c in re.sub(r"\\.", "", pattern)), pattern
    return re.compile(pattern)


# Alternatives that match a word anywhere in the line: ``^[\W_]*(?:.*\bX\b.*)[\W_]*$`` is a search
# for ``\bX\b``, tried only when the lower-cased line contains X.
_BOILER_ANYWHERE = {r".*\bcookies?\b.*": "cookie", r".*\bnewsletter\b.*": "newsletter"}
_BOILER_ANYWHERE_WORDS = tuple(_BOILER_ANYWHERE.values())
_BOILER_ANYWHERE_RE = re.compile(r"\b(?:cookies?|newsletter)\b", re.IGNORECASE)
# Non-ASCII characters that IGNORECASE matches to ASCII letters (lower() does not map them all).
_FOLD_ODD_CHARS = "\u0130\u0131\u017f\u212a"
_FOLD_ODD_RE = re.compile(f"[{_FOLD_ODD_CHARS}]")


def _first_letters(alt: str) -> set[str] | None:
    """ASCII letters (lower case) an alternative of the boilerplate pattern must start with, or
    None when it may start otherwise (digit, punctuation, optional group, non-ASCII letter)."""
    if not alt:
        return None
    if alt[0].isascii() and alt[0].isalpha():
        return None if alt[1:2] in ("?", "*", "{") else {alt[0].lower()}
    if alt.startswith("\\d+"):
        return {"#"}  # any ASCII digit
    if not alt.startswith("(?:"):
        return None
    depth, branches, cur = 0, [], 3
    extra: set[str] = set()
    for i in range(3, len(alt)):
        ch = alt[i]
        if ch == "\\":
            return None  # escapes inside the group: not worth parsing
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                branches.append(alt[cur:i])
                after = alt[i + 1 : i + 2]
                if after in ("*", "{"):
                    return None
                if after == "?":  # optional group: the alternative may also start after it
                    rest = _first_letters(alt[i + 2 :])
                    if rest is None:
                        return None
                    extra = rest
                break
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(alt[cur:i])
            cur = i + 1
    else:
        return None
    letters: set[str] = set(extra)
    for b in branches:
        first = _first_letters(b)
        if first is None:
            return None
        letters |= first
    return letters


def _boiler_dispatch() -> tuple[dict[str, re.Pattern[str]], re.Pattern[str]]:
    """Split the boilerplate alternatives by the ASCII letter they must start with.

    A line can only match an alternative that begins with a plain letter at its first letter
    (the leading ``[\\W_]*`` holds no letters), so for a line whose first word character is an
    ASCII letter only that letter's alternatives plus the ones that do not start with a plain
    letter (groups, digits, ``.*``, ``©``) are tried: same result as the full pattern, ~10x fewer
    branches.
    """
    by_letter: dict[str, list[str]] = {}
    other: list[str] = []
    for w in _BOILER_WORDS:
        if w in _BOILER_ANYWHERE:
            continue  # matched by _BOILER_ANYWHERE_RE, behind a substring check
        letters = _first_letters(w)
        if letters is None:
            other.append(w)
        else:
            for c in letters:
                by_letter.setdefault(c, []).append(w)

    def comp(words: list[str]) -> re.Pattern[str]:
        return _on_lower(r"^[\W_]*(?:" + "|".join(words) + r")[\W_]*$")

    return {c: comp(ws + other) for c, ws in by_letter.items()}, comp(other)


_BOILER_BY_LETTER, _BOILER_OTHER_RE = _boiler_dispatch()
_BOILER_LINE_LC = _on_lower(_BOILER_LINE_RE.pattern)
_BOILER_ANYWHERE_LC = _on_lower(_BOILER_ANYWHERE_RE.pattern)


def _boiler_line(text: str, low: str | None = None, first_word: str = "_") -> bool:
    """``_BOILER_LINE_RE.match(text)``, dispatched on the first word character (see above).

    *low* is ``text.lower()`` when the caller has it and *text* has no ``_FOLD_ODD_RE`` character;
    *first_word* is then the first word of *low* (``_WORD_RE``), when it has one.
    """
    if low is None:
        if _FOLD_ODD_RE.search(text):
            return _BOILER_LINE_RE.match(text) is not None
        low = text.lower()
    for word in _BOILER_ANYWHERE_WORDS:
        if word in low and _BOILER_ANYWHERE_LC.search(low):
            return True
    if first_word[0] != "_":
        c = first_word[0]  # the first character outside [\W_]
    else:
        start = _LEADING_NONWORD_RE.match(low).end()  # type: ignore[union-attr]
        c = low[start : start + 1]
    if c.isascii():
        pat = _BOILER_BY_LETTER.get("#" if c.isdigit() else c, _BOILER_OTHER_RE)
    else:
        pat = _BOILER_LINE_LC  # a non-ASCII first letter: every alternative
    return pat.match(low) is not None


# Lines that start like a pointer to another story or a source, whatever follows.
_BOILER_PREFIX_RE = re.compile(
    r"^[\W_]*(?:read (?:also|more|next)|see also|related|lire (?:aussi|également)|à (?:lire|voir) (?:aussi|également)"
    r"|voir également|ne manquez pas|don['’]t miss|must read|auch lesen|lesen sie|zum thema|no te pierdas|da non perdere"
    r"|l[äe]s också|les også"
    r"|voir aussi|lesen sie (?:auch|mehr)|mehr zum thema|siehe auch|lee (?:también|más)|leer más|ver también"
    r"|leggi anche|vedi anche|les også|les mer|läs (?:också|mer)|se även|lees ook|lue myös|baca juga"
    r"|ayrıca bakınız|devamını oku|click here|cliquez ici|hier klicken|klicken sie hier|haga clic aquí"
    r"|clicca qui|klicka här|klikk her|source|sources|quelle|quellen|fuente|fonte|kilde|källa|kaynak|sumber"
    r"|photo|photos|foto|fotos|bild|bilder|image|images|crédits?(?: photo)?|credit|picture|illustration"
    r"|video|vidéo|sponsored|publicité|anzeige|advertisement)\s*[:：|»›>-]",
    re.IGNORECASE,
)
_BOILER_PREFIX_LC = _on_lower(_BOILER_PREFIX_RE.pattern)
# Photo credits and agency tags anywhere in a short line.
_CREDIT_RE = re.compile(
    r"(?:©|\(c\)|getty\s*images|shutterstock|imago|picture[- ]alliance|\bdpa\b|\bafp\b|reuters|\bap photo"
    r"|istock|keystone|\bepa\b|foto\s*:|photo\s*:|bild\s*:|image\s*:|crédit|credit\s*:)",
    re.IGNORECASE,
)
# Lower-case substrings one of which every _CREDIT_RE match contains (cheap pre-check).
# Lower-case substrings one of which every _CREDIT_RE match contains (cheap pre-check); the
# generic words ("photo", "bild", ...) count only with the colon the pattern requires after them.
_CREDIT_ANCHORS = (
    "©", "(c)", "getty", "shutterstock", "imago", "alliance", "reuters", "ap photo", "istock",
    "keystone", "crédit", "dpa", "afp", "epa",
)  # fmt: skip
_CREDIT_COLON_WORDS = ("foto", "photo", "bild", "image", "credit")
_CREDIT_PREFILTER = _CREDIT_ANCHORS + _CREDIT_COLON_WORDS
_CREDIT_ANCHOR_RE = re.compile(
    "|".join(map(re.escape, _CREDIT_ANCHORS)) + r"|(?:" + "|".join(_CREDIT_COLON_WORDS) + r")\s*:"
)


def _credit(text: str, low: str | None = None) -> bool:
    """``_CREDIT_RE.search(text)``, skipped when no anchor substring occurs (*low* as in
    :func:`_boiler_line`)."""
    if low is None:
        if _FOLD_ODD_RE.search(text):
            return _CREDIT_RE.search(text) is not None
        low = text.lower()
    if _CREDIT_ANCHOR_RE.search(low):
        return _CREDIT_LC.search(low) is not None
    return False


_STAMP_WORDS = (
    r"(?:updated|published|posted|last updated|modifié(?: le)?|mis à jour(?: le)?|publié(?: le)?|aktualisiert(?: am)?"
    r"|veröffentlicht(?: am)?|stand|actualizado|publicado|aggiornato|pubblicato|oppdatert|publisert|uppdaterad"
    r"|publicerad|güncelleme|yayınlanma|diperbarui|dipublikasikan|le|am|on)"
)
_COMMENTS_RE = re.compile(
    r"^[\W\d_]*(?:\d+\s+)?(?:comments?|responses?(?: to\b.*)?|replies|leave a (?:comment|reply)|post a comment"
    r"|add a comment|join the (?:conversation|discussion)|kommentare?|kommentar schreiben|leserkommentare"
    r"|commentaires?|réagir|réactions|comentarios?|deja un comentario|commenti|kommentarer|yorumlar"
    r"|discussion|diskussion)\b.*$",
    re.IGNORECASE,
)
# Relative timestamps of feeds and tickers ("14 hours ago", "Il y a 7 heures", "vor 3 Stunden").
_UNITS = (
    r"(?:s|sec|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|weeks?|months?|heures?|jours?|semaines?"
    r"|mois|minuten|stunden?|std\.?|tagen?|wochen?|monaten?|segundos?|minutos?|horas?|días?|semanas?|meses"
    r"|minuti|ore|giorni|settimane|mesi|sekunder|minutter|timmar|timme|timer|time|dagar|dager|døgn|veckor|uker"
    r"|saniye|dakika|saat|gün|hafta|ay|detik|menit|jam|hari|minggu|bulan)"
)
_RELTIME_RE = re.compile(
    r"^[\W_]*(?:(?:updated|aktualisiert|mis à jour|actualizado|aggiornato|oppdatert|uppdaterad)\s+)?"
    r"(?:(?:il y a|vor|hace|há|for|för|fa)\s+(?:\d+|an?|one|une?|einer?|ein)\s+"
    + _UNITS
    + r"(?:\s+(?:ago|siden|sedan|fa|önce|yang lalu|lalu))?"
    r"|(?:\d+|an?|one)\s*" + _UNITS + r"\s+(?:ago|siden|sedan|fa|önce|yang lalu|lalu)"
    r"|just now|à l['’]instant|gerade eben|justo ahora)[\W_]*$",
    re.IGNORECASE,
)
_CREDIT_LC = _on_lower(_CREDIT_RE.pattern)
# Words one of which a relative timestamp without a digit contains ("an hour ago", "just now").
_RELTIME_WORDS = frozenset(
    ["a", "an", "one", "un", "une", "eine", "einer", "ein", "just", "l'instant", "l’instant", "gerade",
     "justo"]
)  # fmt: skip
_RELTIME_LC = _on_lower(_RELTIME_RE.pattern)
_FILE_RE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|svg|mp4|pdf)$", re.IGNORECASE)
_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
