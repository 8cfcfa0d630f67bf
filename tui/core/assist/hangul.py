"""Korean names for candidate jumps: a Hangul word minus the particle written onto it.

Korean has no capitals, and its particles and endings are written onto the word they follow
(``엔비디아가``, ``엔비디아의``, ``중국현대국제관계연구원은``), so a token is not an entity: the
entity is a character range, a stem, inside the token. :func:`particle_tail` tells whether what
follows a form inside its word is a particle or ending from a closed list (``가``, ``에서는``,
``이라고``…): it is what makes ``엔비디아`` a whole word in ``엔비디아가`` and not in
``엔비디아칩``, for matches (dictionary, occurrences) as for candidates.

:func:`korean_names` finds the stems worth a jump. A stem needs evidence, since any common noun
also takes particles; the evidence is one of

- a country or a large city, from a closed list (``중국``, ``미국``, ``서울``);
- an organisation or place ending after at least two syllables (``파이낸셜타임스``,
  ``현대건설``, ``대한골프협회``, ``국가안전부``, ``종로구``);
- a person's title or an organisation's marker right after it (``우융밍 알리바바
  최고경영자``: both words before the title; ``현대건설 관계자``, ``현대건설 측``);
- the same stem seen with two different particles (or one and none) and never as the start
  of a longer word that is not a particle (``엔비디아의``, ``엔비디아가``, ``엔비디아 칩``; but not
  ``개발을`` / ``개발하기``), and not a plural (``기업들이`` / ``기업들은``);
- an item of a list (``알리바바, 텐센트, 바이두 등``) one of whose items has evidence.

A Latin acronym glossed by a common noun (``인공지능(AI)``) is no name anywhere in the text
(:func:`glossed_acronyms`): Korean news writes many.

Every occurrence of a stem found so, at a word start and followed by nothing or a particle, is
a candidate. No Textual, no database.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Container, Iterable

_SYL = "\uac00-\ud7a3"


def _words(s: str) -> list[str]:
    return s.split()


#: A Hangul word: a run of syllables (particles included; jamo are not words).
_WORD_RE = re.compile(f"[{_SYL}]+")

# Particles and the endings a noun takes (case particles, topic, "also", "only", copula
# forms), and the combinations news text writes (``에서는``, ``과의``, ``으로도``...).
_BASE = _words(
    "이 가 은 는 을 를 의 에 에서 에게 에게서 께 께서 한테 한테서 으로 로 으로서 로서 으로써 "
    "로써 와 과 이랑 랑 도 만 까지 부터 마저 조차 밖에 처럼 보다 같이 대로 뿐 야 이야 "
    "이나 나 이든 든 이며 며 이고 이자 이다 다 였다 이었다 이라 라 이라고 라고 이라는 라는 "
    "이라며 라며 이란 란 인 엔 에선 에서도 께서는"
)
#: Postpositions that take a second particle after them (``에서는``, ``과의``, ``까지도``).
_STACKING = _words(
    "에 에서 에게 에게서 께 께서 한테 한테서 으로 로 으로서 로서 으로써 로써 와 과 까지 부터 만 "
    "보다 처럼 같이 대로 밖에 마저 조차 이랑 랑"
)
PARTICLES: frozenset[str] = frozenset(_BASE) | frozenset(
    b + s for b in _STACKING for s in ("는", "은", "도", "의", "만", "을", "이")
)
_MAX_PARTICLE = max(map(len, PARTICLES))
#: Particles that also end many foreign names (우크라이나, 나델라, 캐나다, 사우디아라비아):
#: a word is split before one of these only when its other forms say so.
_WEAK = frozenset(
    p for p in PARTICLES if (len(p) == 1 and p not in "이가은는을를의에와과도만로") or p[:1] == "이"
) - {"이", "이랑"}

#: Countries and large cities (Korean names): evidence enough on their own.
PLACES: frozenset[str] = frozenset(
    _words(
        "한국 대한민국 북한 조선 미국 중국 일본 대만 홍콩 마카오 러시아 우크라이나 영국 프랑스 독일 "
        "이탈리아 스페인 포르투갈 네덜란드 벨기에 스위스 오스트리아 스웨덴 노르웨이 덴마크 핀란드 "
        "폴란드 체코 헝가리 그리스 튀르키예 터키 이스라엘 팔레스타인 이란 이라크 시리아 레바논 "
        "요르단 사우디아라비아 사우디 카타르 아랍에미리트 이집트 인도 파키스탄 방글라데시 "
        "인도네시아 말레이시아 싱가포르 태국 베트남 필리핀 캄보디아 미얀마 몽골 카자흐스탄 호주 "
        "뉴질랜드 캐나다 멕시코 브라질 아르헨티나 칠레 페루 콜롬비아 베네수엘라 쿠바 남아공 "
        "나이지리아 케냐 에티오피아 유럽 아시아 아프리카 중동 서울 부산 대구 인천 광주 대전 울산 "
        "세종 제주 강원 충북 충남 전북 전남 경북 경남 평양 도쿄 오사카 베이징 상하이 "
        "워싱턴 뉴욕 런던 파리 베를린 모스크바 키이우 브뤼셀 제네바 실리콘밸리"
    )
)
#: Endings of organisation and place names, each with how many syllables must come before it.
_NAME_ENDINGS: tuple[tuple[str, int, int], ...] = tuple(
    (ending, lo, hi)
    for group, lo, hi in (
        (
            "연구원 연구소 협회 협의회 연합회 위원회 그룹 전자 건설 은행 증권 보험 생명 화재 "
            "카드 항공 해운 중공업 제약 홀딩스 대학교 일보 신문 방송 타임스 저널 포스트 재단 "
            "공단 거래소 의회",
            2,
            99,
        ),
        ("부", 3, 99),  # ministries: 국가안전부, 기획재정부 (not 정부, 사업부)
        ("청 시 군 구", 2, 2),  # 경찰청, 수원시, 고성군, 종로구 (not 국제기구)
    )
    for ending in group.split()
)
#: Words after a name: a person's title, or a marker of an organisation.
_AFTER_NAME = frozenset(
    _words(
        "대통령 부통령 총리 장관 차관 의원 상원의원 하원의원 국회의원 대표 회장 부회장 사장 "
        "부사장 최고경영자 대변인 위원장 의장 총재 주석 국왕 여왕 감독 코치 선수 교수 박사 씨 "
        "대사 지사 도지사 이사장 총장 원장 창업자 공동창업자 관계자 측 소속 CEO"
    )
)
#: Endings of common nouns (a plural, Sino-Korean abstract suffixes): a stem ending so never
#: counts by repetition.
_COMMON_ENDINGS = ("들", "성", "력", "권")  # plural; -ness, -power, -sphere (중요성, 상위권)


def particle_tail(text: str, end: int) -> bool:
    """Is the Hangul from ``end`` to the end of its word nothing, or a particle / ending?"""
    j = end
    n = len(text)
    while j < n and "\uac00" <= text[j] <= "\ud7a3" and j - end <= _MAX_PARTICLE:
        j += 1
    if j == end:
        return True
    if j < n and "\uac00" <= text[j] <= "\ud7a3":
        return False  # longer than any particle
    return text[end:j] in PARTICLES


def _splits(word: str) -> list[tuple[str, str]]:
    """``word`` as stem + particle, every way the closed list allows (the bare word first)."""
    out = [(word, "")]
    for k in range(1, min(_MAX_PARTICLE, len(word) - 1) + 1):
        if word[-k:] in PARTICLES:
            out.append((word[:-k], word[-k:]))
    return out


def _stem(word: str) -> tuple[str, str]:
    """``word`` split into stem and particle, the longest particle that leaves two syllables."""
    for k in range(min(_MAX_PARTICLE, len(word) - 2), 0, -1):
        if word[-k:] in PARTICLES:
            return word[:-k], word[-k:]
    return word, ""


def _ends_as_name(stem: str) -> bool:
    for ending, lo, hi in _NAME_ENDINGS:
        if stem.endswith(ending) and lo <= len(stem) - len(ending) <= hi:
            return True
    return False


def korean_names(text: str, known: Container[str] = frozenset()) -> list[tuple[int, int]]:
    """Character ranges of the Korean stems worth a candidate (see the module doc); ``known``
    (the dictionary's forms) counts as evidence too. The work is per distinct word, so a long
    article costs little more than its vocabulary."""
    occ: list[tuple[int, str]] = []  # (start, word) of each Hangul word
    for m in _WORD_RE.finditer(text):
        s = m.start()
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "_"):
            continue  # Hangul after Latin or digits: "H20마저" (the Latin run's particle)
        occ.append((s, m.group()))
    if not occ:
        return []
    freq = Counter(w for _, w in occ)
    splits = {w: _splits(w) for w in freq}
    support: Counter[str] = Counter()  # how many words each possible stem could explain
    for w, n in freq.items():
        for stem, _ in splits[w]:
            support[stem] += n
    # each word's stem: the best attested one ("손제이는" is 손제이 + 는, as 손제이가 and
    # 손제이 say); on a tie a known place or form, then a common particle rather than none
    # ("화웨이의" → 화웨이) and none rather than a rare one ("캐나다" stays whole), the longest
    choice: dict[str, tuple[str, str]] = {
        w: max(
            sp,
            key=lambda x: (
                support[x[0]],
                x[0] in known or x[0] in PLACES,
                0 if x[1] in _WEAK else 2 if x[1] else 1,
                len(x[0]),
            ),
        )
        for w, sp in splits.items()
    }
    tails: defaultdict[str, set[str]] = defaultdict(set)
    for stem, part in choice.values():
        tails[stem].add(part)
    # a stem seen as the start of a longer word that is not a particle is a common word
    longer: set[str] = set()
    for w in freq:
        for k in range(2, len(w)):
            if w[:k] in tails and not particle_tail(w, k):
                longer.add(w[:k])
    good: set[str] = set()
    for stem, parts in tails.items():
        if len(stem) < 2 or stem in _AFTER_NAME:
            continue
        repeated = (
            len(stem) >= 3  # two syllables: mostly Sino-Korean common nouns (통제, 해법)
            and len(parts) >= 2
            and stem not in longer
            and not stem.endswith(_COMMON_ENDINGS)
        )
        if repeated or stem in known or stem in PLACES or _ends_as_name(stem):
            good.add(stem)
    good |= _before_titles(text)
    good |= _list_items(text, good)
    out: list[tuple[int, int]] = []
    for s, w in occ:
        stem = choice[w][0]
        if stem in good:
            out.append((s, s + len(stem)))
    return out


_TITLE_RE = re.compile(
    "(?<![^\\s])(?:" + "|".join(sorted(map(re.escape, _AFTER_NAME), key=len, reverse=True)) + ")"
    f'([{_SYL}]*)(?![^\\s(.,;:!?…"”’)])'
)


def _before_titles(text: str) -> set[str]:
    """The bare words (no particle) right before a title or marker, each its own candidate:
    the one next to the title always, and up to two more before it when the word after them
    looks like a name or a place (three syllables or more, or a known place): ``우융밍 알리바바
    최고경영자`` gives ``우융밍`` and ``알리바바``, ``신시아 루미스 미국 상원의원`` all three;
    ``대선 이후 대통령이`` gives ``이후`` (a wasted jump) but not ``대선`` before it."""
    found: set[str] = set()
    for m in _TITLE_RE.finditer(text):
        if m.group(1) and m.group(1) not in PARTICLES:
            continue  # 대표적, 사장님: a longer word
        j = m.start()
        taken: list[str] = []
        while len(taken) < 3:
            if taken and not (len(taken[-1]) >= 3 or taken[-1] in PLACES):
                break
            k = j - 1
            if k < 0 or text[k] != " ":
                break
            i = k
            while i > 0 and not text[i - 1].isspace():
                i -= 1
            prev = text[i:k]
            if not prev or not all("\uac00" <= ch <= "\ud7a3" for ch in prev):
                break
            part = _stem(prev)[1]
            if part and part not in _WEAK or len(prev) < 2 or prev in _AFTER_NAME:
                break
            taken.append(prev)
            j = i
        found.update(taken)
    return found


_LIST_RE = re.compile(rf"[{_SYL}]{{2,}}(?:, ?[{_SYL}]{{2,}})+ 등")


def _list_items(text: str, good: Iterable[str]) -> set[str]:
    """Items of ``A, B, C 등`` lists one of whose items has evidence."""
    known = set(good)
    found: set[str] = set()
    for m in _LIST_RE.finditer(text):
        items = [x.strip() for x in m.group()[:-2].split(",")]
        if any(x in known for x in items):
            found.update(items)
    return found


_GLOSS_RE = re.compile(rf"([{_SYL}]{{3,}})\(([A-Z][A-Z0-9]{{1,5}})\)")


def glossed_acronyms(text: str, names: Container[str]) -> set[str]:
    """Latin acronyms a Korean text explains by a common noun written before them:
    ``인공지능(AI)``, ``최고경영자(CEO)``, ``고대역폭메모리(HBM)``: these are no names, here or
    anywhere in the text. An acronym after a name stays (``파이낸셜타임스(FT)``), and so does one
    after a short word that may be part of a name (``그룹(TMTG)``)."""
    out: set[str] = set()
    for m in _GLOSS_RE.finditer(text):
        word = m.group(1)
        if word not in names and _stem(word)[0] not in names:
            out.add(m.group(2))
    return out
