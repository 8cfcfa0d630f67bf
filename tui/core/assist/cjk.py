"""Japanese and Chinese names for candidate jumps: these scripts have no capitals to go by.

:func:`cjk_names` finds the forms that look like names and returns every occurrence of them
(so a name found once by its title is a candidate at each later mention too):

- a kanji run before a person's title or honorific (``藤川球児氏`` → ``藤川球児``, and its
  family name ``藤川`` alone; ``岡田監督``; ``久保田智之両投手``), also a name written with a
  space and its reading in brackets (``山田 太郎 （ やまだ ） 監督``);
- a place or organisation with its ending (``高知県``, ``読売新聞``), and a country, prefecture
  or region from a closed list standing alone (``日本で``, ``（高知）``);
- a katakana run (``エヌビディア``), with the parts a ``・`` joins (``ジェフ・ウィリアムス``,
  ``セ・リーグ``) and Latin letters written onto it (``アイランドリーグｐｌｕｓ``), and with the two
  kanji before it when those are a name too: a known place or a word written alone with a
  particle elsewhere (``阪神タイガース`` as ``阪神は``; not ``球団フロント``, ``最多セーブ``).

No Textual, no database: pure functions over the text.
"""

from __future__ import annotations

import re


def _words(s: str) -> list[str]:
    return s.split()


_KANJI = "\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KATA = "\u30a1-\u30fa\u30fc\u30fd\u30fe\u31f0-\u31ff\uff66-\uff9f"
_HIRA = "\u3041-\u3096"
_LATIN = "A-Za-z\uff21-\uff3a\uff41-\uff5a"
#: Honorifics: the kanji run before one is a name, even seen once.
_HONORIFICS = ("氏", "さん", "容疑者", "被告", "女士")
#: Titles written after a person's name (ja, zh): the kanji run before one is a name when it
#: is seen more than once (not 次期監督, 救援投手).
_CJK_PERSON_AFTER = (
    "氏",
    "さん",
    "容疑者",
    "被告",
    "選手",
    "監督",
    "投手",
    "捕手",
    "内野手",
    "外野手",
    "コーチ",
    "首相",
    "大統領",
    "議員",
    "知事",
    "市長",
    "社長",
    "会長",
    "理事長",
    "委員長",
    "幹事長",
    "長官",
    "大臣",
    "外相",
    "教授",
    "総裁",
    "代表",
    "先生",
    "女士",
    "总统",
    "主席",
    "总理",
    "部长",
    "总裁",
)
#: Place and organisation endings, kept in the candidate (高知県, 大阪府, 読売新聞).
_CJK_KEPT_ENDINGS = (
    "都",
    "府",
    "県",
    "市",
    "区",
    "町",
    "村",
    "省",
    "州",
    "大学",
    "高校",
    "銀行",
    "新聞",
    "株式会社",
    "党",
    "庁",
)
#: Countries, Japanese prefectures and regions, and large cities, written alone.
PLACES = frozenset(
    _words(
        "日本 米国 中国 韓国 北朝鮮 台湾 英国 ロシア ウクライナ アメリカ フランス ドイツ イギリス "
        "イタリア スペイン カナダ インド ブラジル オーストラリア イスラエル イラン 中东 美国 日本国 "
        "北海道 青森 岩手 宮城 秋田 山形 福島 茨城 栃木 群馬 埼玉 千葉 東京 神奈川 新潟 富山 石川 "
        "福井 山梨 長野 岐阜 静岡 愛知 三重 滋賀 京都 大阪 兵庫 奈良 和歌山 鳥取 島根 岡山 広島 "
        "山口 徳島 香川 愛媛 高知 福岡 佐賀 長崎 熊本 大分 宮崎 鹿児島 沖縄 東北 関東 中部 近畿 "
        "関西 四国 九州 北京 上海 香港 ソウル ワシントン ニューヨーク ロンドン パリ モスクワ"
    )
)
_PERSON = "|".join(_CJK_PERSON_AFTER)
_CJK_PERSON_RE = re.compile(
    rf"(?<![{_KANJI}])([{_KANJI}]{{2,5}})両?({_PERSON})"
    # a name written with a space, maybe with its reading in brackets: 山田 太郎 （ やまだ ） 監督
    rf"|(?<![{_KANJI}])([{_KANJI}]{{1,3}})[ \u3000]([{_KANJI}]{{1,3}})"
    rf"[ \u3000]?(?:[（(][ \u3000]?[{_HIRA}{_KATA}・]{{1,16}}[ \u3000]?[）)][ \u3000]?)?(?:{_PERSON})"
)
_CJK_PLACE_RE = re.compile(
    rf"(?<![{_KANJI}])([{_KANJI}]{{1,3}}(?:{'|'.join(_CJK_KEPT_ENDINGS)}))(?![{_KANJI}])"
)
_KATA_RE = re.compile(
    rf"(?<![{_KATA}{_KANJI}])(?:[{_KANJI}]{{2}})?"
    rf"(?:[{_KATA}]+(?:・[{_KATA}]+)+|[{_KATA}]{{2,}})[{_LATIN}]*"
)
_PLACE_ALONE_RE = re.compile(
    rf"(?<![{_KANJI}{_KATA}])(?:{'|'.join(sorted(PLACES, key=len, reverse=True))})(?![{_KANJI}{_KATA}])"
)


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch == "\u3005"


_ALONE_RE = re.compile(rf"(?<![{_KANJI}])([{_KANJI}]{{2}})(?![{_KANJI}{_KATA}])(.?)")


def _written_alone(text: str) -> set[str]:
    """The two-kanji words written somewhere on their own, a particle, punctuation or the end
    after them (``阪神は``, ``阪神、``): one pass over the text."""
    return {
        m.group(1)
        for m in _ALONE_RE.finditer(text)
        if not m.group(2) or not m.group(2).isalnum() or "\u3041" <= m.group(2) <= "\u3096"
    }


def cjk_names(text: str) -> list[tuple[int, int]]:
    """Character ranges of the likely names in Japanese or Chinese (see the module doc)."""
    forms: set[str] = set()
    counts: dict[str, int] = {}
    for m in _CJK_PERSON_RE.finditer(text):
        if m.group(1):
            name = m.group(1)
            if name.endswith("人"):
                continue  # 外国人選手, 日本人選手: a kind of person, not a name
            if m.group(2) not in _HONORIFICS and len(name) == 2:
                if name not in counts:
                    counts[name] = text.count(name)
                if counts[name] < 2:
                    continue  # 次期監督, 救援投手: one word before a title, seen once
            forms.add(name)
            if len(name) == 4:
                forms.add(name[:2])  # the family name alone, as later mentions write it
        else:
            forms.add(m.group(3) + text[m.end(3) : m.start(4)] + m.group(4))
            forms.add(m.group(3))
    forms.update(m.group(1) for m in _CJK_PLACE_RE.finditer(text))
    forms.update(m.group() for m in _PLACE_ALONE_RE.finditer(text))
    alone: set[str] | None = None
    for m in _KATA_RE.finditer(text):
        form = m.group()
        head = form[:2]
        if _is_kanji(head[0]) and _is_kanji(head[1]):
            if alone is None:
                alone = _written_alone(text)
            if head in PLACES or head in alone:
                forms.add(head)  # 阪神 of 阪神タイガース, written alone elsewhere
            else:
                form = form[2:]  # 球団フロント: only the katakana is a candidate
        if len(form) >= 3:
            forms.add(form)
    if not forms:
        return []
    pat = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))
    return [
        m.span()
        for m in pat.finditer(text)
        # a place inside a longer kanji word is not that place: 高知 of 高知商高
        if not (m.group() in PLACES and _is_kanji(text[m.end() : m.end() + 1] or " "))
    ]
