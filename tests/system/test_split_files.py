"""``--split`` to a file name (``corpus.jsonl`` -> ``corpus.train.jsonl``, ``corpus.test.jsonl``
beside other files) appears whole or not at all as a set, even under ``kill -9`` (issue #12
point 4), through the CLI entry point in real processes.

The export is SIGKILLed at every rename and removal in turn (the mechanism of
``test_export_safety.py``: the child wraps ``os.replace``/``os.rename``/``os.unlink`` and kills
itself at the k-th call, before or after it; no timing). After each kill the parts present
never mix two exports (train and test never share an article), and the next export to the same
name, one with nothing to export so it leaves a whole set alone, first completes the set from
the journal the killed one left: the whole previous set or the whole new one, no hidden file left.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from tui.core.destinations import new_file_mode
from tui.core.store import NewArticle, Store

TEXTS = [
    f"Report {i}: Anna Schmidt met Acme Corp officials in Berlin about budget line {i}."
    for i in range(12)
]

KILLER = """
import os, signal, sys
spec = sys.argv[1]; n = [0]
def hit(kind):
    if spec.startswith("part-rename:"):  # right after the N-th part is renamed into place
        if kind == "part-in":
            n[0] += 1
            if n[0] == int(spec.split(":")[1]):
                os.kill(os.getpid(), signal.SIGKILL)
        return
    n[0] += 1
    if n[0] == int(spec):
        os.kill(os.getpid(), signal.SIGKILL)
def wrap(real):
    def call(*a, **kw):
        src = os.fspath(a[0]) if a else ""
        dst = os.fspath(a[1]) if len(a) > 1 else ""
        kind = "part-in" if ".newsmark-part." in src and ".newsmark-part." not in dst else ""
        hit(""); out = real(*a, **kw); hit(kind); return out
    return call
os.replace = wrap(os.replace); os.rename = wrap(os.rename)
os.unlink = wrap(os.unlink); os.remove = wrap(os.remove)
from tui.cli import main
sys.argv = ["newsmark"] + sys.argv[2:]
main()
"""


def make_db(path: Path) -> Path:
    with Store(path) as s:
        s.insert_articles(
            [NewArticle(text=t, raw=t, title=f"R{i}", lang="en") for i, t in enumerate(TEXTS)]
        )
        for aid in s.article_ids():
            start = s.article(aid).text.index("Anna Schmidt")
            s.tag(aid, start, start + len("Anna Schmidt"), "PER")
            s.set_status(aid, "done")
    return path


def newsmark(db: Path, *args: str, kill_at: str | None = None) -> subprocess.CompletedProcess:
    """``newsmark`` as a user runs it (a real process); with ``kill_at``, SIGKILLed there."""
    if kill_at is None:
        code = ["-c", "import sys; from tui.cli import main; sys.argv[0] = 'newsmark'; main()"]
    else:
        code = ["-c", KILLER, kill_at]
    return subprocess.run(
        [sys.executable, *code, "--db", str(db), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def state(folder: Path) -> dict[str, bytes]:
    """The parts of the set ``corpus`` present in ``folder``, by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.glob("corpus.*.*")) if p.is_file()}


def hashes(content: bytes) -> set[str]:
    return {json.loads(line)["meta"]["hash"] for line in content.decode().splitlines()}


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def export_set(db: Path, folder: Path, split: str, seed: int) -> dict[str, bytes]:
    folder.mkdir(exist_ok=True)
    res = newsmark(
        db, "export", str(folder / "corpus.jsonl"), "--split", split, "--seed", str(seed)
    )
    assert res.returncode == 0, res.stderr
    return state(folder)


def test_a_split_to_file_names_is_whole_under_kill_9_at_every_step(tmp_path: Path) -> None:
    """A previous three-part set replaced by a two-part one: its ``dev`` goes too."""
    db = make_db(tmp_path / "k.db")
    out = tmp_path / "out"
    old = export_set(db, out, "40/30/30", 1)
    new = export_set(db, tmp_path / "expected", "50/50", 7)
    assert set(old) == {"corpus.train.jsonl", "corpus.dev.jsonl", "corpus.test.jsonl"}
    assert set(new) == {"corpus.train.jsonl", "corpus.test.jsonl"}
    every = set().union(*map(hashes, new.values()))
    assert len(every) == 12 and all(hashes(v) for v in old.values())
    assert old["corpus.train.jsonl"] != new["corpus.train.jsonl"]
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")  # the user's files, kept
    (out / "corpus.jsonl").write_text("not a part\n", encoding="utf-8")
    pristine = tmp_path / "pristine"
    shutil.copytree(out, pristine)
    args = ["export", str(out / "corpus.jsonl"), "--split", "50/50", "--seed", "7"]
    recovered = mixed = 0
    for k in range(1, 60):
        shutil.rmtree(out)
        shutil.copytree(pristine, out)
        res = newsmark(db, *args, kill_at=str(k))
        seen = state(out)
        if res.returncode == 0:
            assert seen == new and hidden(out) == []
            break
        assert res.returncode == -9, res.stderr
        parts = seen  # the parts a kill -9 at step k left
        # every part present is whole, and all come from one export: never old beside new
        assert all(v == old.get(n) for n, v in parts.items()) or all(
            v == new.get(n) for n, v in parts.items()
        ), (k, sorted(parts))
        found = [hashes(v) for v in parts.values()]
        assert sum(map(len, found)) == len(set().union(*found)), k  # no article in two parts
        if set(parts) not in (set(old), set(new)):
            mixed += 1  # killed half-way through the set: the next export must finish it
        journal = (out / ".corpus.jsonl.newsmark-set").exists()
        # the next export to the name, with nothing to export: only recovery touches the set
        after = newsmark(
            db, "export", str(out / "corpus.jsonl"), "--split", "50/50", "--status", "skipped"
        )
        assert after.returncode == 0, after.stderr
        assert "nothing to export" in after.stderr
        healed = state(out)
        assert healed in (old, new), (k, sorted(healed))
        if journal:
            recovered += 1
            assert healed == new and "completed the set" in after.stderr, (k, after.stderr)
        assert hidden(out) == [], k
        assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
        assert (out / "corpus.jsonl").read_text(encoding="utf-8") == "not a part\n"
    else:
        pytest.fail("the export never finished")
    assert recovered >= 4 and mixed >= 2, (recovered, mixed)


def test_a_previous_three_part_set_is_replaced_by_a_two_part_one(tmp_path: Path) -> None:
    db = make_db(tmp_path / "r.db")
    export_set(db, tmp_path, "40/30/30", 1)
    os.chmod(tmp_path / "corpus.train.jsonl", 0o600)
    got = export_set(db, tmp_path, "50/50", 7)
    assert set(got) == {"corpus.train.jsonl", "corpus.test.jsonl"}
    assert stat.S_IMODE((tmp_path / "corpus.train.jsonl").stat().st_mode) == 0o600  # kept
    assert stat.S_IMODE((tmp_path / "corpus.test.jsonl").stat().st_mode) == new_file_mode()
    assert sum(len(hashes(v)) for v in got.values()) == 12
    assert hidden(tmp_path) == []


def test_killed_between_two_part_renames_a_spacy_set_is_completed_next_time(
    tmp_path: Path,
) -> None:
    pytest.importorskip("spacy", reason="spaCy is not installed (pip install 'newsmark[spacy]')")
    db = make_db(tmp_path / "s.db")
    fmt = ["--format", "spacy"]
    out = tmp_path / "out"
    out.mkdir()
    res = newsmark(db, "export", str(out / "corpus.spacy"), "--split", "50/50", "--seed", "1", *fmt)
    assert res.returncode == 0, res.stderr
    old = state(out)
    args = ["export", str(out / "corpus.spacy"), "--split", "50/50", "--seed", "7", *fmt]
    res = newsmark(db, *args, kill_at="part-rename:1")
    assert res.returncode == -9, res.stderr
    seen = state(out)
    assert len(seen) == 1 and not set(seen.items()) & set(old.items())  # one new part, alone
    res = newsmark(db, *args)
    assert res.returncode == 0, res.stderr
    assert "completed the set" in res.stderr
    assert hidden(out) == [] and set(state(out)) == set(old)
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    texts = [
        {d.text for d in DocBin().from_disk(p).get_docs(Vocab())} for p in out.glob("corpus.*")
    ]
    assert not texts[0] & texts[1] and texts[0] | texts[1] == set(TEXTS)


def test_the_app_asks_before_replacing_the_parts_of_a_set(tmp_path: Path) -> None:
    """The export dialog with ``--split`` to a file name whose parts exist (``out`` itself does
    not): it asks first; "no" leaves the previous set, "yes" replaces it, its ``dev`` included."""
    from app_support import export_over_existing

    db = make_db(tmp_path / "app.db")
    old = export_set(db, tmp_path, "40/30/30", 1)
    out = tmp_path / "corpus.jsonl"

    def kept() -> None:
        assert state(tmp_path) == old

    export_over_existing(db, tmp_path / "config", out, kept, split="50/50")
    got = state(tmp_path)
    assert set(got) == {"corpus.train.jsonl", "corpus.test.jsonl"} and not out.exists()
    assert sum(len(hashes(v)) for v in got.values()) == 12
    assert hidden(tmp_path) == []
