"""Candidate rules for German and Japanese, each shown to fire and not to fire on sentences
written for these tests (news style; other places and people than the dev-set pages measured by
bench/annotation_speed.py)."""

from __future__ import annotations

from tui.core.assist.candidates import candidate_range, candidates
from tui.core.tokens import token_bounds


def _cands(text: str, lang: str) -> list[str]:
    st, en = token_bounds(text, lang)
    st_l, en_l = list(st), list(en)
    return [
        text[slice(*candidate_range(c, st_l, en_l))]
        for c in candidates(text, st_l, en_l, [], [], lang)
    ]


# --- German ----------------------------------------------------------------------------------


def test_german_hyphenated_common_nouns_are_not_candidates() -> None:
    text = (
        "Der CDU-Politiker kritisierte die Ampel-Koalition. Die EU-Kommission und der "
        "G7-Gipfel folgen. Die Corona-Pandemie ist vorbei."
    )
    got = _cands(text, "de")
    assert not {"CDU-Politiker", "Ampel-Koalition", "G7-Gipfel", "Corona-Pandemie"} & set(got)


def test_german_sentence_openers_are_not_part_of_a_name() -> None:
    """A conjunction or pronoun opening a sentence is capitalised, not a name: "Ob Brandt" is
    "Brandt", and a bare subject after the conjunction is a name; a plural noun there is not."""
    text = (
        "Die Partei berät am Abend. Ob Brandt antritt, ist offen. Dass Kowalski zögert, "
        "überrascht niemanden. Weil Mieten steigen, protestieren viele. Viele Mieter klagen. "
        "Beide Seiten verhandeln."
    )
    got = _cands(text, "de")
    assert "Brandt" in got and "Kowalski" in got
    assert not {"Ob Brandt", "Dass Kowalski", "Mieten", "Viele Mieter", "Beide Seiten"} & set(got)


def test_german_role_nouns_before_a_name_are_left_out() -> None:
    text = "Unternehmer Klaus Weber und Landrat Peter Schmitt sprachen mit Journalisten."
    assert _cands(text, "de") == ["Klaus Weber", "Peter Schmitt"]


def test_german_states_keep_their_hyphen() -> None:
    text = "Die Regierung von Nordrhein-Westfalen streitet mit Baden-Württembergs Regierung."
    assert _cands(text, "de") == ["Nordrhein-Westfalen", "Baden-Württembergs"]


def test_german_role_nouns_separate_names() -> None:
    text = (
        "Am Montag sagte Niedersachsens Wirtschaftsminister Olaf Lies in Hannover, "
        "Landesbischof Ralf Meister stimme zu. Kritik kam von Umweltverbandssprecherin Anna Berg."
    )
    got = _cands(text, "de")
    assert "Olaf Lies" in got and "Ralf Meister" in got and "Anna Berg" in got
    assert not any("minister " in c or "Landesbischof" in c or "sprecherin" in c for c in got)


def test_german_places_after_a_locative_preposition() -> None:
    text = (
        "Der Zug fährt zwischen Kassel und Göttingen, hält in Hann. Münden und fährt nach Fulda. "
        "In der Stadt gibt es Kritik. Aus Sicht der Pendler fehlen in Zügen Steckdosen; "
        "in Stadtzügen auch."
    )
    got = _cands(text, "de")
    assert {"Kassel", "Göttingen", "Fulda"} <= set(got)
    # an article, a common-noun shape or a compound's head says common noun
    assert not {"Stadt", "Sicht", "Zügen"} & set(got)


def test_german_acronym_is_not_joined_to_a_place_by_von() -> None:
    text = (
        "Die Linie RE7 von Kassel nach Fulda fährt wieder. Dazu sagte Ursula von der Leyen nichts."
    )
    got = _cands(text, "de")
    assert "RE7 von Kassel" not in got and "Kassel" in got
    assert "Ursula von der Leyen" in got
    text = "Das sagte Karsten Haustein von der Universität Leipzig am Montag."
    assert _cands(text, "de")[0] == "Karsten Haustein"  # an institution is no surname


def test_german_determiner_evidence_needs_a_majority() -> None:
    # "ihr Scholz" and "für Scholz" after "Das wäre" look like a determiner before a noun; four
    # more bare uses say it is a name
    text = (
        "Olaf Scholz sprach. Braucht ihr Scholz noch? Das wäre für Scholz ein Problem. "
        "Kritiker von Scholz meinen, Scholz habe Recht. Scholz schweigt."
    )
    got = _cands(text, "de")
    assert got.count("Scholz") >= 4


# --- Japanese --------------------------------------------------------------------------------


def test_japanese_spaced_name_with_reading_before_a_title() -> None:
    text = "新井 貴浩 （ あらい・たかひろ ） 監督は続投する。新井監督は会見した。"
    got = _cands(text, "ja")
    assert got[:2] == ["新井 貴浩", "新井"]


def test_japanese_one_word_before_a_title_seen_once_is_not_a_name() -> None:
    text = "球団は次期監督の人選を進める。救援投手が不足し、外国人選手を補強した。"
    got = _cands(text, "ja")
    assert not {"次期", "救援", "外国人"} & set(got)


def test_japanese_kanji_before_katakana_only_when_a_name_itself() -> None:
    text = (
        "広島東洋カープは勝った。広島は３連勝。球団フロントは喜んだ。"
        "ヤクルトスワローズのリリーフ陣が崩れた。"
    )
    got = _cands(text, "ja")
    assert "広島" in got  # a known prefecture, and written alone
    assert "球団フロント" not in got and "球団" not in got
    assert "ヤクルトスワローズ" in got


def test_japanese_places_alone_and_dotted_names() -> None:
    text = "パ・リーグの試合が福岡で行われ、大阪府知事も訪れた。福岡県の知事はいない。"
    got = _cands(text, "ja")
    assert "パ・リーグ" in got and "福岡" in got and "大阪府" in got
    assert got.count("福岡") == 1  # 福岡県 is its own candidate, not 福岡 inside it
    assert "福岡県" in got
