"""The team loop's shared material: the gold spans of the seed articles and three annotators who
each make their own mistakes. Used by tests/system/test_team_loop.py (the CLI) and
tests/ui/test_app_adjudicate.py (the adjudication screen)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DATA

from tui.core import team
from tui.core.store import NewArticle, Store

GOLD = {
    r["hash"]: r
    for r in map(json.loads, (DATA / "seeds_gold.jsonl").read_text(encoding="utf-8").splitlines())
}


def gold_keys(h: str) -> set[tuple[int, int, str]]:
    return {(s["start"], s["end"], s["label"]) for s in GOLD[h]["spans"]}


def annotate(path: Path, who: str, mistakes) -> None:  # type: ignore[no-untyped-def]
    """Tag the gold spans of every article as ``who`` (as the reader does, through the store),
    with ``mistakes(article index, spans) -> spans`` applied, and mark each article done."""
    with Store(path, annotator=who) as s:
        for n, aid in enumerate(sorted(s.article_ids(), key=lambda i: s.article(i).hash)):
            keys = sorted(gold_keys(s.article(aid).hash))
            for start, end, label in mistakes(n, keys):
                s.tag(aid, start, end, label)
            s.set_status(aid, "done")


def alice_mistakes(n, keys):  # misses the first entity of each article
    return keys[1:]


def bob_mistakes(n, keys):  # a wrong label on the third entity of the first article
    out = list(keys)
    if n == 0:
        s, e, lb = out[2]
        out[2] = (s, e, "MISC")
    return out


def carol_mistakes(n, keys):  # cuts the last entity one character short on the second article
    out = list(keys)
    if n == 1:
        s, e, lb = out[-1]
        out[-1] = (s, e - 1, lb)
    return out


# --- lint on a shared team database (tests/system/test_lint_team.py, tests/ui/test_app_lint_team.py)

#: Three short news items (AFP-style French wording) that name the same three entities.
LINT_TEXTS = (
    "Olaf Scholz a rencontré Emmanuel Macron à Berlin mardi. Scholz a salué la visite.",
    "Olaf Scholz et Emmanuel Macron se retrouvent à Berlin pour un sommet européen.",
    "À Berlin, le chancelier Olaf Scholz a reçu Emmanuel Macron pour un dîner.",
)
SCHOLZ, MACRON, BERLIN = "Olaf Scholz", "Emmanuel Macron", "Berlin"


def at(text: str, form: str) -> tuple[int, int]:
    s = text.index(form)
    return s, s + len(form)


def lint_team_db(path: Path) -> list[int]:
    """A team-mode database of :data:`LINT_TEXTS`, all done by alice and bob. Alice tags every
    name the same way (Scholz and Macron PER, Berlin LOC). Bob tags Macron ORG everywhere,
    Berlin LOC twice and ORG in the third article, and "Olaf Scholz " (trailing space) in the
    first. Returns the article ids."""
    with Store(path, annotator="lead") as s:
        ids, _, _ = s.insert_articles(
            [NewArticle(text=t, raw=t, title=f"t{i}") for i, t in enumerate(LINT_TEXTS)]
        )
        for name in ("PER", "ORG", "LOC"):
            if name not in s.label_names():
                s.add_label(name)
        team.set_team_mode(s, True)
    with Store(path, annotator="alice") as alice, Store(path, annotator="bob") as bob:
        for aid, text in zip(ids, LINT_TEXTS, strict=True):
            for form, label in ((SCHOLZ, "PER"), (MACRON, "PER"), (BERLIN, "LOC")):
                alice.tag(aid, *at(text, form), label)
            alice.set_status(aid, "done")
            bob.tag(aid, *at(text, MACRON), "ORG")
            bob.tag(aid, *at(text, BERLIN), "ORG" if aid == ids[2] else "LOC")
            bob.set_status(aid, "done")
        s_, e = at(LINT_TEXTS[0], SCHOLZ)
        bob.tag(ids[0], s_, e + 1, "PER", text=LINT_TEXTS[0][s_ : e + 1])
    return list(ids)
