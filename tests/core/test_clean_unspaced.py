"""The plain-text cleaner on short articles in scripts written without spaces between words
(Japanese, Chinese, Thai) and in Korean.

Eighty characters of Japanese say as much as two hundred Latin ones: a news brief of two or
three paragraphs of 40-75 characters has no line long enough to be body text by length alone.
The cleaner must still find it, and drop the menus, share buttons, related-article lists and
copyright lines around it, instead of keeping the whole scrape.

The briefs below were written for these tests (invented places, papers and events; no text of
any real page): each is laid out the way a scrape of a news page comes, one block per line.
"""

from __future__ import annotations

import json

import pytest
from conftest import DATA

from tui.core.clean import clean_text

#: The scrape of issue 15 (a Japanese brief whose name and ruby reading were broken into lines).
JA_ISSUE = [
    "美術館に新館長 : 京都日報",
    "ホーム",
    "ニュース",
    "京都市京セラ美術館の次期館長に学芸課長の森田浩二氏が就くことが決まった。同館が１日発表した。"
    "現館長の西村",
    "晃嗣",
    "（",
    "こうじ",
    "）",
    "館長（６８）は３月末で退く。",
    "森田氏は１９９８年、学芸員として同館に入った。２０１５年からは近代絵画の展覧会を数多く手がけ、"
    "評価を高めた。",
    "関連キーワード",
]

JA_HEAD = ["図書館が夜間開館を試行へ | 北海日報", "ホーム", "社会", "経済", "スポーツ", "地域"]
JA_HEAD += ["ログイン", "図書館が夜間開館を試行へ", "2026年3月10日 18:05"]
JA_BODY = [
    "札幌市は１０日、市立中央図書館の開館時間を午後９時まで延ばす試行を来月から始めると発表した。",
    "仕事帰りの利用者から要望が多かったという。期間は３か月で、利用状況を見て本格実施を判断する。",
    "市の担当者は「若い世代にも足を運んでほしい」と話している。",
]
JA_FOOT = ["この記事をシェアする", "ツイート", "ブックマーク", "関連記事"]
JA_FOOT += ["市内の公園で桜の開花を確認", "地下鉄の新駅、名称案を公募へ"]
JA_FOOT += ["小学校の給食費、来年度から無償に", "Copyright © 北海日報社 All rights reserved."]

ZH_HEAD = ["本市新增三条公交线路 - 江南晚报", "首页", "新闻", "财经", "体育", "视频", "登录"]
ZH_HEAD += ["本市新增三条公交线路", "2026-03-10 09:12 来源：江南晚报"]
ZH_BODY = [
    "记者昨日从市交通运输局获悉，本市将于下月一日起新开通三条公交线路，主要连接城东新区与地铁站。",
    "新线路均采用纯电动公交车，早晚高峰发车间隔为八分钟。市民可通过手机应用查询实时到站信息。",
    "交通部门表示，将根据客流情况继续优化线路。",
]
ZH_FOOT = ["分享到：", "微信", "微博", "QQ空间", "相关阅读", "城东新区地铁站预计年底完工"]
ZH_FOOT += ["本周末全市气温回升 最高可达二十度", "版权所有 © 2026 江南晚报 未经授权不得转载"]

TH_HEAD = ["เทศบาลเปิดสวนสาธารณะแห่งใหม่ริมแม่น้ำ - ข่าวเชียงใหม่รายวัน", "หน้าแรก", "ข่าว"]
TH_HEAD += ["กีฬา", "บันเทิง", "เศรษฐกิจ", "เทศบาลเปิดสวนสาธารณะแห่งใหม่ริมแม่น้ำ"]
TH_BODY = [
    "เทศบาลนครเชียงใหม่เปิดสวนสาธารณะแห่งใหม่ริมแม่น้ำปิงเมื่อวันที่ 5 มีนาคม โดยมีประชาชนเข้าร่วมพิธีเปิดกว่า 300 คน",
    "สวนแห่งนี้มีพื้นที่ประมาณ 20 ไร่ มีทางเดินและทางจักรยานยาว 2 กิโลเมตร รวมทั้งลานกิจกรรมสำหรับเด็ก",
    "นายกเทศมนตรีกล่าวว่า ทางเทศบาลจะดูแลความสะอาดทุกวันและเปิดให้บริการตั้งแต่หกโมงเช้าถึงสองทุ่ม",
]
TH_FOOT = ["แชร์", "Facebook", "Twitter", "LINE", "ข่าวที่เกี่ยวข้อง"]
TH_FOOT += ["ตลาดนัดวันอาทิตย์กลับมาเปิดอีกครั้ง", "ฝนตกหนักหลายอำเภอ เตือนระวังน้ำท่วม"]
TH_FOOT += ["© 2026 ข่าวเชียงใหม่รายวัน สงวนลิขสิทธิ์"]

KO_HEAD = ["구립도서관 야간 개관 시범 운영 - 한빛일보", "홈", "정치", "경제", "사회", "스포츠"]
KO_HEAD += ["로그인", "구립도서관 야간 개관 시범 운영", "입력 2026.03.10 14:20"]
KO_BODY = [
    "서울 마포구는 다음 달부터 구립중앙도서관을 밤 10시까지 여는 시범 운영을 시작한다고 10일 밝혔다.",
    "퇴근 후 도서관을 찾는 주민들의 요청이 많았다는 설명이다. 시범 기간은 석 달이다.",
    '구 관계자는 "이용 현황을 보고 확대 여부를 결정하겠다"고 말했다.',
]
KO_FOOT = [
    "공유하기",
    "페이스북",
    "카카오톡",
    "링크복사",
    "관련 기사",
    "마포구, 공원 산책로 새단장 마쳐",
]
KO_FOOT += ["주말 서울 낮 기온 20도까지 올라", "Copyright © 한빛일보. 무단전재 및 재배포 금지."]

HI_HEAD = ["नगर निगम ने शुरू की रात्रि बस सेवा - जनवाणी समाचार", "होम", "देश", "राज्य", "खेल"]
HI_HEAD += ["मनोरंजन", "नगर निगम ने शुरू की रात्रि बस सेवा"]
HI_BODY = [
    "नगर निगम ने सोमवार को शहर में रात्रि बस सेवा शुरू की।",
    "पहले चरण में चार मार्गों पर बसें चलेंगी। किराया दिन के समान रहेगा।",
    "निगम आयुक्त ने कहा कि यात्रियों की संख्या देखकर मार्ग बढ़ाए जाएंगे।",
]
HI_FOOT = ["शेयर करें", "फेसबुक", "व्हाट्सऐप", "संबंधित खबरें", "शहर में बारिश से कई सड़कें जलमग्न"]
HI_FOOT += ["स्कूलों में गर्मी की छुट्टियां घोषित", "© 2026 जनवाणी समाचार। सर्वाधिकार सुरक्षित।"]

KM_HEAD = ["ក្រុងបើកផ្សារថ្មីនៅមាត់ទន្លេ - កាសែតភ្នំពេញថ្ងៃនេះ", "ទំព័រដើម", "ព័ត៌មាន", "កីឡា"]
KM_HEAD += ["សេដ្ឋកិច្ច", "ក្រុងបើកផ្សារថ្មីនៅមាត់ទន្លេ"]
KM_BODY = [
    "សាលាក្រុងបានបើកផ្សារថ្មីមួយនៅមាត់ទន្លេកាលពីថ្ងៃអាទិត្យ ដោយមានប្រជាពលរដ្ឋចូលរួមជាច្រើន។",
    "ផ្សារនេះមានតូបលក់ដូរប្រមាណ ២០០ ហើយបើកពីម៉ោង ៦ ព្រឹកដល់ម៉ោង ៨ យប់។",
    "អភិបាលក្រុងបាននិយាយថា ផ្សារនេះនឹងជួយដល់អ្នកលក់តូចៗ។",
]
KM_FOOT = ["ចែករំលែក", "Facebook", "Telegram", "ព័ត៌មានពាក់ព័ន្ធ", "ភ្លៀងធ្លាក់ខ្លាំងនៅខេត្តកំពត"]
KM_FOOT += ["© 2026 កាសែតភ្នំពេញថ្ងៃនេះ"]

BRIEFS = {
    "km": (KM_HEAD, KM_BODY, KM_FOOT),
    "hi": (HI_HEAD, HI_BODY, HI_FOOT),
    "ja": (JA_HEAD, JA_BODY, JA_FOOT),
    "zh": (ZH_HEAD, ZH_BODY, ZH_FOOT),
    "th": (TH_HEAD, TH_BODY, TH_FOOT),
    "ko": (KO_HEAD, KO_BODY, KO_FOOT),
}


def test_issue_brief_keeps_the_article_and_drops_the_menus() -> None:
    c = clean_text("\n".join(JA_ISSUE))
    assert c.meta["warnings"] == []
    paras = c.text.split("\n\n")
    assert len(paras) == 2
    # the sentence broken at the name and its reading is one paragraph again
    assert paras[0].startswith("京都市京セラ美術館の次期館長に")
    assert paras[0].endswith("館長（６８）は３月末で退く。")
    assert paras[1] == JA_ISSUE[9]
    for chrome in ("ホーム", "ニュース", "関連キーワード", "京都日報"):
        assert chrome not in c.text


@pytest.mark.parametrize("lang", sorted(BRIEFS))
def test_short_brief_body_kept_chrome_dropped(lang: str) -> None:
    head, body, foot = BRIEFS[lang]
    c = clean_text("\n".join(head + body + foot))
    assert c.text == "\n\n".join(body)
    assert c.meta["warnings"] == []
    assert c.meta["lang_guess"] == lang
    assert c.title == next(h for h in reversed(head) if h in head[0])  # the headline


@pytest.mark.parametrize("lang", sorted(BRIEFS))
def test_brief_of_one_paragraph_pair_between_chrome(lang: str) -> None:
    """Two paragraphs with a share bar above and a link list below: the same article."""
    head, body, foot = BRIEFS[lang]
    c = clean_text("\n".join(head[1:6] + foot[:4] + body[:2] + foot[4:]))
    assert c.text == "\n\n".join(body[:2])


@pytest.mark.parametrize("lang", sorted(BRIEFS))
def test_page_of_menus_and_headlines_is_not_an_article(lang: str) -> None:
    """No prose at all: nothing is taken for the article, the whole text is kept and said so."""
    head, _body, foot = BRIEFS[lang]
    raw = "\n".join(head + foot)
    c = clean_text(raw)
    assert c.meta.get("guard") == "whole"
    assert c.meta["warnings"] == ["the cleaner found no article body; the whole text was kept"]


#: A copyright notice of the footer, long enough to be good text by itself (written for the test).
NOTICES = {
    "ja": "北海日報デジタルに掲載している記事、写真、図表などの無断転載を禁止します。"
    "著作権は北海日報社またはその情報提供者に属します。ご利用の際は利用規約をお読みください。",
    "ko": "한빛일보의 모든 콘텐츠는 저작권법의 보호를 받으며, 무단 전재와 복사, 배포 등을 금지합니다. "
    "기사 제보와 문의는 고객센터로 연락해 주시기 바랍니다.",
    "zh": "本网站所刊登的江南晚报各种新闻、信息和各种专题专栏资料，均为江南晚报版权所有，"
    "未经协议授权，禁止下载使用。如需转载请联系本报版权部门。",
}


@pytest.mark.parametrize("lang", sorted(NOTICES))
def test_brief_outweighs_a_long_footer_notice(lang: str) -> None:
    """The footer's one long line is good text by itself; the brief's paragraphs are not, but
    together they are the article."""
    head, body, foot = BRIEFS[lang]
    c = clean_text("\n".join([*head, *body, *foot, NOTICES[lang]]))
    assert c.text == "\n\n".join(body)


def test_list_of_one_sentence_teasers_is_not_an_article() -> None:
    """Teasers end like sentences, one a line: a list, not a paragraph (the whole page is kept
    and the user told, as before)."""
    teasers = [
        "市内の公園で桜が開花し、多くの花見客が訪れた。",
        "地下鉄の新駅の名称案を市が公募すると決めた。",
        "小学校の給食費が来年度から無償になる見通しだ。",
        "駅前の再開発ビルに図書館の分館が入ることになった。",
    ]
    c = clean_text("\n".join(JA_HEAD[:7] + ["新着ニュース", *teasers] + JA_FOOT[-1:]))
    assert c.meta.get("guard") == "whole"


def test_a_spaced_page_without_good_lines_is_left_to_the_guard() -> None:
    """Only unspaced-script pages look for a run of short prose lines: a list of unrelated
    English sentences is kept whole (and said so), not cut to two of them."""
    lines = [  # 50-59 characters: near-good, none good by itself
        "Where is the station, and is it far from the hotel?",
        "The weather was fine in the town. We went out early.",
        "Can we meet tomorrow at noon at the end of the bridge?",
    ]
    c = clean_text("\n".join(["Home", "News", *lines, "Contact"]))
    assert c.meta.get("guard") == "whole"


#: Thai paragraphs: one long, two of 60-80 characters (written for the test).
TH_BODY_MIXED = [
    "ตำรวจจับกุมผู้ต้องสงสัยลักทรัพย์ร้านทองกลางเมืองได้แล้ว หลังเกิดเหตุเมื่อคืนวันเสาร์ที่ผ่านมา"
    " โดยคนร้ายใช้อาวุธปืนข่มขู่พนักงาน",
    "เจ้าของร้านระบุว่ามีทองหายไปประมาณ 10 บาท คิดเป็นเงินกว่าสี่แสนบาท",
    "ผู้ต้องสงสัยให้การรับสารภาพ ตำรวจจะส่งตัวฟ้องศาลในวันพรุ่งนี้",
]


@pytest.mark.parametrize("order", [(0, 1, 2), (1, 2, 0)])
def test_thai_clauses_end_sentences_for_the_context_too(order: tuple[int, ...]) -> None:
    """Thai has no full stop: a long line of clauses ends a sentence, so a shorter paragraph
    next to a long one is kept like a sentence next to the article, before or after it."""
    body = [TH_BODY_MIXED[i] for i in order]
    c = clean_text("\n".join(TH_HEAD + body + TH_FOOT))
    assert c.text == "\n\n".join(body)


#: One line inside the article that is not prose: a photo caption, an ad label, a dateline.
INTERRUPTIONS = {
    "ja": ["写真：記者会見する市の担当者", "広告", "2026年3月10日 18:05"],
    "zh": ["图为新投入使用的电动公交车", "广告", "2026-03-10 09:12"],
    "ko": ["사진은 마포구립중앙도서관 전경", "광고", "입력 2026.03.10 14:20"],
    "hi": ["फोटो: नई रात्रि बस सेवा", "विज्ञापन", "10 मार्च 2026"],
}


@pytest.mark.parametrize(
    ("lang", "which"), [(lang, k) for lang in sorted(INTERRUPTIONS) for k in range(3)]
)
def test_one_line_inside_a_brief_does_not_end_it(lang: str, which: int) -> None:
    insert = INTERRUPTIONS[lang][which]
    head, body, foot = BRIEFS[lang]
    c = clean_text("\n".join(head + body[:1] + [insert] + body[1:] + foot))
    assert c.text == "\n\n".join(body)


#: One-sentence teasers of other stories (written for the test).
JA_TEASERS = [
    "市内の公園で桜が開花し、多くの花見客が訪れた。",
    "地下鉄の新駅の名称案を市が公募すると決めた。",
    "小学校の給食費が来年度から無償になる見通しだ。",
]


@pytest.mark.parametrize("where", ["above", "below"])
def test_teasers_next_to_a_brief_stay_out(where: str) -> None:
    """A list of one-sentence teasers one line away from the brief (under a "related" heading,
    or a sidebar between the dateline and the article) is not part of it."""
    if where == "below":
        raw = JA_HEAD + JA_BODY + ["関連記事", *JA_TEASERS] + JA_FOOT[-1:]
    else:
        raw = JA_HEAD[:-1] + JA_TEASERS + JA_HEAD[-1:] + JA_BODY + JA_FOOT
    c = clean_text("\n".join(raw))
    assert c.text == "\n\n".join(JA_BODY)


def test_footer_directory_of_blurbs_is_not_the_article() -> None:
    """A footer listing the publisher's services (a name, two sentences about it, the next
    name...) outweighs a short article of long lines; it is still not the article."""
    body = [
        "北海市の中央卸売市場で１０日、今年初めてのサクランボの競りが行われ、最高値は１箱３０万円"
        "だった。昨年の最高値を５万円上回り、市場関係者は初物の人気の高さに驚いていた。",
        "競り落とした市内の果物店の店主は「お客さんに季節の訪れを感じてもらいたい」と話し、"
        "店頭で１１日から展示するという。販売はしない予定だ。",
    ]
    services = [
        (
            "北海日報プレミアム",
            "地域の話題を深く掘り下げる会員向けサービスです。初月は無料でお試しいただけます。",
        ),
        (
            "ほっかい旅ナビ",
            "道内の観光地やグルメ情報をお届けします。季節ごとの特集も充実しています。",
        ),
        (
            "北海日報こども新聞",
            "小中学生向けに時事ニュースを分かりやすく解説します。毎週金曜日に発行しています。",
        ),
        (
            "しごと北海",
            "道内の求人情報を掲載する就職支援サイトです。専門の相談員が転職をお手伝いします。",
        ),
        (
            "北海日報文化センター",
            "料理や語学など多彩な講座を開いています。オンライン講座も始めました。",
        ),
        ("ほっかいスポーツ", "地元チームの試合結果や選手の話題を速報します。アプリでも読めます。"),
    ]
    foot = ["関連サービス", *(x for pair in services for x in pair), JA_FOOT[-1]]
    c = clean_text("\n".join(JA_HEAD + body + JA_FOOT[:3] + foot))
    assert c.text == "\n\n".join(body)


def test_real_chinese_passage_in_a_scrape() -> None:
    """Text nobody here wrote (spaCy's Chinese example sentences, a passage on the language)
    laid out as a short article of four paragraphs under 60 characters, in site chrome."""
    zh = json.loads((DATA / "zh_sentences.json").read_text(encoding="utf8"))["zh"]
    body = [zh[0], zh[1], "".join(zh[3:6]), zh[2]]
    c = clean_text("\n".join(ZH_HEAD[:7] + body + ZH_FOOT))
    assert c.text == "\n\n".join(body)
    assert c.meta["warnings"] == []
