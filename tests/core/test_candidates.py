"""Candidate jumps: likely entities not yet tagged, as token ranges, and bisection per key."""

from __future__ import annotations

from tests.conftest import SEEDS
from tui.core.assist.candidates import candidates, next_candidate, remove_overlapping
from tui.core.tokens import token_bounds


def cands(text: str, lang: str = "fr", spans=(), dictionary=()) -> list[str]:
    st, en = token_bounds(text, lang)
    return [text[st[a] : en[b]] for a, b in candidates(text, st, en, spans, dictionary, lang)]


def test_runs_particles_and_joins() -> None:
    assert cands("Il a rencontré Brad Smith et Fumio Kishida hier.") == [
        "Brad Smith",
        "Fumio Kishida",
    ]
    assert cands("Un laboratoire à Tokyo, Microsoft Research Asia, ouvrira.") == [
        "Tokyo",
        "Microsoft Research Asia",
    ]
    assert cands("Elle dirige la Banque de France et vit en Côte d'Ivoire.") == [
        "Banque de France",
        "Côte d'Ivoire",
    ]
    assert cands("He met Ludwig van Beethoven at the Bank of England.", "en") == [
        "Ludwig van Beethoven",
        "Bank of England",
    ]
    assert cands("Shares of Hewlett-Packard and AT&T fell.", "en") == ["Hewlett-Packard", "AT&T"]
    assert cands("Les États-Unis et le Royaume-Uni.") == ["États-Unis", "Royaume-Uni"]


def test_day_and_month_names_are_no_candidates() -> None:
    """English capitalises them; each was one more ] press per date in English news. Names
    that are also months stay candidates in a run ("April Ryan"), and "May" is left alone."""
    text = (
        "The Steelers met on Monday. In January, Microsoft and April Ryan spoke about "
        "Thursday's vote, and Theresa May answered in March."
    )
    assert cands(text, "en") == ["Steelers", "Microsoft", "April Ryan", "Theresa May"]


def test_sentence_starts_need_evidence() -> None:
    # "Microsoft" opens the text: a candidate because it appears capitalised mid-sentence too
    assert cands("Microsoft a annoncé un accord. Il s'agit de Microsoft.") == [
        "Microsoft",
        "Microsoft",
    ]
    # alone at a sentence start, with no evidence: not a candidate ("Il", "Ce", "Demain")
    assert cands("Demain il pleut. Ce soir aussi.") == []
    # unless the dictionary knows it
    text = "Apple a annoncé un produit."
    assert cands(text, dictionary=[(0, 5, "ORG")]) == ["Apple"]
    # a leading function word is dropped from a run at a sentence start
    assert cands("Le Japon investit. Selon le Bureau américain, oui.") == ["Japon", "Bureau"]
    # after a paragraph break or an opening quote
    assert cands("Texte.\n\nGoogle ouvre.\n« Nous le constatons », dit Google.") == [
        "Google",
        "Google",
    ]


def test_titles_and_elisions() -> None:
    assert cands("La visite de M. Kishida aux États-Unis.") == ["Kishida", "États-Unis"]
    assert cands("Selon Mme Dupont, Mr. Smith arrive.") == ["Dupont", "Smith"]
    assert cands("Il parle de l'IA avec l'OCDE.") == ["IA", "OCDE"]


def test_numbers_with_units() -> None:
    text = (
        "Il investit 2,9 milliards de dollars, soit 775,2 milliards au total, 30% de plus, "
        "10 € par mois et 46 ans d'histoire."
    )
    assert cands(text) == ["2,9 milliards de dollars", "775,2 milliards", "30%", "10 €"]
    assert cands("It raised $5 million, up 12 percent.", "en") == ["$5 million", "12 percent"]
    st, en = token_bounds(text, "fr")
    assert candidates(text, st, en, kinds=("name",)) == []


def test_german_requires_strong_evidence() -> None:
    text = "Die Regierung hat gestern BMW und die Deutsche Bank über das Gesetz informiert."
    assert cands(text, "de") == ["BMW", "Deutsche Bank"]
    i = text.index("Gesetz")
    assert cands(text, "de", dictionary=[(i, i + 6)]) == ["BMW", "Deutsche Bank", "Gesetz"]


def test_spans_and_dictionary_matches() -> None:
    text = "Selon Brad Smith, président de Microsoft, le Japon compte."
    i = text.index("Microsoft")
    assert cands(text, spans=[(i, i + 9)]) == ["Brad Smith", "Japon"]
    # a dictionary match longer than the heuristic run wins; a shorter one loses
    text2 = "Il cite le Bureau américain d'analyse économique et Brad Smith."
    b = text2.index("Bureau")
    full = (b, b + len("Bureau américain d'analyse économique"))
    assert cands(text2, dictionary=[full]) == [
        "Bureau américain d'analyse économique",
        "Brad Smith",
    ]
    s = text2.index("Smith")
    assert cands(text2, dictionary=[(s, s + 5)]) == ["Bureau", "Brad Smith"]


def test_seeds() -> None:
    text = (SEEDS / "003_ce85fb04032088a1.txt").read_text(encoding="utf-8")
    got = cands(text)
    for want in (
        "Microsoft Research Asia",
        "SoftBank Group",
        "Masayoshi Son",
        "G7",
        "TSMC",
        "110 millions de dollars",
        "30%",
    ):
        assert want in got


def test_next_candidate_and_remove() -> None:
    cs = [(2, 3), (7, 7), (10, 12)]
    assert next_candidate(cs, -1, 1) == (2, 3)
    assert next_candidate(cs, 2, 1) == (7, 7)
    assert next_candidate(cs, 12, 1) is None
    assert next_candidate(cs, 10, -1) == (7, 7)
    assert next_candidate(cs, 2, -1) is None
    assert next_candidate(cs, 0, 1, skip=lambda c: c == (2, 3)) == (7, 7)
    assert next_candidate(cs, 11, -1, skip=lambda c: c[0] < 10) == (10, 12)
    left = list(cs)
    assert remove_overlapping(left, 3, 7) == 2 and left == [(10, 12)]


def test_works_on_1mb() -> None:
    """Correctness on a 1 MB article; its speed is measured in bench/, not asserted here."""
    base = (SEEDS / "003_ce85fb04032088a1.txt").read_text(encoding="utf-8")
    text = (base * (1_000_000 // len(base) + 1))[:1_000_000]
    st, en = token_bounds(text, "fr")
    st_l, en_l = list(st), list(en)
    cs = candidates(text, st_l, en_l, (), (), "fr")
    assert len(cs) > 10_000
    assert cs == sorted(cs)
    for k in range(0, len(st_l), 997):
        nxt = next_candidate(cs, k, 1)
        assert nxt is None or nxt[0] > k
