"""Candidate jumps in Korean: a name is a character range, the Hangul word minus its particle.

The sentences are written for these tests (news style, other topics than the dev-set page
measured by bench/annotation_speed.py): each rule of tui/core/assist/hangul.py is shown to fire
and not to fire.
"""

from __future__ import annotations

from tui.core.assist.candidates import (
    CharCand,
    candidate_range,
    candidates,
    next_candidate,
    whole_word,
)
from tui.core.assist.hangul import korean_names, particle_tail
from tui.core.assist.suggest import FormMatcher
from tui.core.tokens import token_bounds


def _cands(text: str, dictionary: list[tuple[int, int]] | None = None) -> list[str]:
    st, en = token_bounds(text, "ko")
    st_l, en_l = list(st), list(en)
    out = candidates(text, st_l, en_l, [], dictionary or [], "ko", char_ranges=True)
    return [text[slice(*candidate_range(c, st_l, en_l))] for c in out]


def test_particle_tail_is_a_closed_list() -> None:
    text = "삼성전자가 삼성전자에서는 삼성전자칩 삼성전자."
    assert particle_tail(text, 4)  # 가
    assert particle_tail(text, 10)  # 에서는
    assert not particle_tail(text, 18)  # 칩: a longer word, not a particle
    assert particle_tail(text, 24)  # nothing: the word ends
    assert whole_word(text, 0, 4) and whole_word(text, 6, 10) and not whole_word(text, 14, 18)


def test_dictionary_forms_match_before_particles_only() -> None:
    text = "카카오는 카카오뱅크와 달리 카카오의 자회사다. 카카오톡도."
    got = [text[s : e + 1] for s, e in FormMatcher(["카카오"]).finditer(text)]
    assert got == ["카카오는", "카카오의"]  # not 카카오뱅크, 카카오톡도 (other names)


def test_a_name_seen_with_several_particles_is_a_candidate_without_its_particle() -> None:
    text = (
        "네이버가 새 검색 서비스를 내놓았다. 업계는 네이버의 전략을 주목한다. "
        "네이버는 다음 달 서비스를 넓힌다."
    )
    assert _cands(text) == ["네이버", "네이버", "네이버"]
    st, en = token_bounds(text, "ko")
    c = candidates(text, list(st), list(en), [], [], "ko", char_ranges=True)[0]
    assert isinstance(c, CharCand) and c == (0, 0)  # still the token pair every jump uses
    assert text[c.start : c.end] == "네이버" and en[0] == 4  # the token is 네이버가
    # a caller that selects whole tokens gets no candidate that would take the particle along
    assert candidates(text, list(st), list(en), [], [], "ko") == []


def test_common_nouns_with_particles_are_not_candidates() -> None:
    # two-syllable Sino-Korean nouns, plurals, verbal nouns (개발하다), -성 abstracts
    text = (
        "정부가 규제를 발표했다. 규제는 시장에 부담이다. 기업들이 반발했고 기업들은 소송을 "
        "준비한다. 개발을 늦추고 개발하기 어렵다. 중요성이 커지고 중요성을 강조했다."
    )
    assert _cands(text) == []


def test_places_from_the_closed_list_and_name_endings() -> None:
    text = (
        "일본과 베트남이 협정을 맺었다. 한국전력공사는 아니고 기획재정부가 발표했다. "
        "수원시에서 열린 행사에 대한축구협회도 참석했다. 국제기구의 요구는 없었다."
    )
    got = _cands(text)
    assert got == ["일본", "베트남", "기획재정부", "수원시", "대한축구협회"]


def test_words_before_a_title_are_candidates() -> None:
    text = (
        "존 스미스 영국 총리는 회담 뒤 발언했다. 사티아 나델라 마이크로소프트 최고경영자(CEO)도 "
        "참석했다. 지난 대선 이후 대통령이 바뀌었다."
    )
    # each word its own candidate (the user extends a two-word name by one key); one syllable
    # (존) is no word to jump to; the walk back stops after a two-syllable word (이후, 대선)
    # CEO is glossed by a common noun (최고경영자): no name
    assert _cands(text) == ["스미스", "영국", "사티아", "나델라", "마이크로소프트", "이후"]


def test_foreign_names_ending_like_a_particle_stay_whole() -> None:
    text = "캐나다와 우크라이나는 협정을 맺었다. 우크라이나의 대통령은 캐나다를 방문했다."
    assert _cands(text) == ["캐나다", "우크라이나", "우크라이나", "캐나다"]


def test_list_items_share_the_evidence_of_one() -> None:
    text = (
        "쿠팡, 지마켓, 알리익스프레스 등 유통 기업이 경쟁한다. 알리익스프레스는 배송을, "
        "알리익스프레스의 경쟁사는 가격을 내세운다."
    )
    assert _cands(text) == ["쿠팡", "지마켓"] + ["알리익스프레스"] * 3
    assert _cands(text.replace(" 등", "")) == ["알리익스프레스"] * 3


def test_a_latin_name_loses_its_particle() -> None:
    text = "LG는 OLED를 앞세운다. SK하이닉스가 아니라 LG가 발표했다."
    got = _cands(text)
    assert got == ["LG", "OLED", "LG"]  # SK하이닉스: Hangul that is no particle


def test_a_person_name_ending_like_a_particle_keeps_its_last_syllable() -> None:
    # 박서이 ends in 이 (a particle): its other forms tell the stem
    text = "선수 박서이가 우승했다. 박서이는 기뻐했다. 박서이의 다음 목표는 국가대표다."
    at = [i for i in range(len(text)) if text.startswith("박서이", i)]
    assert korean_names(text) == [(i, i + 3) for i in at]
    assert _cands(text) == ["박서이", "박서이", "박서이"]


def test_jumps_go_name_by_name() -> None:
    text = "중국의 화웨이는 미국의 제재를 받는다. 화웨이가 답했다."
    st, en = token_bounds(text, "ko")
    st_l, en_l = list(st), list(en)
    cands = candidates(text, st_l, en_l, [], [], "ko", char_ranges=True)
    seen = []
    c = next_candidate(cands, -1, 1)
    while c is not None:
        seen.append(text[slice(*candidate_range(c, st_l, en_l))])
        c = next_candidate(cands, c[0], 1)
    assert seen == ["중국", "화웨이", "미국", "화웨이"]


def test_acronyms_glossed_by_a_common_noun_are_no_names() -> None:
    text = (
        "인공지능(AI) 기술이 발전한다. 월스트리트저널(WSJ)에 따르면 AI 투자는 늘었다. "
        "상장지수펀드(ETF)와 미래에셋 그룹(MAG)의 ETF 상품도 있다. WSJ는 전했다."
    )
    got = _cands(text)
    assert "AI" not in got and "ETF" not in got  # glossed by 인공지능, 상장지수펀드
    assert "MAG" in got  # 그룹: too short a word to judge
    assert got.count("WSJ") == 2  # 월스트리트저널 is a name (a newspaper's ending)
