"""A multi-process soak on one database (issue #12): used by tests/system/test_soak.py (short, in CI)
and bench/soak.py (long runs, by hand).

Two headless apps (tests/helpers/app_child.py, real key bindings, each its own annotator and its
own article) tag, relabel, delete, undo and redo by random keys and journal what their screen
shows after every key; meanwhile ``newsmark import`` adds a folder, and a churn loop runs
``newsmark stats``, ``newsmark export`` and opens and closes connections (in this process and in
others). At the end:

- every state an app showed for its article is the replay of the action log up to the last
  action that app had seen (so nothing it showed as done is missing or different in SQLite);
- the spans in SQLite equal the replay of the whole action log;
- ``PRAGMA integrity_check`` is ok, every imported file is there;
- every export file is one snapshot: its spans equal the replay of the log up to one action id.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHILD = HERE / "app_child.py"

TEXTS = [
    "Emmanuel Macron a rencontré Olaf Scholz à Berlin avec Ursula von der Leyen. La réunion avec "
    "Siemens AG et Airbus a duré deux heures à Paris, puis à Lyon.",
    "Anna Schmidt works for Acme Corp in Paris with Bob Jones and Carol King. They met Microsoft "
    "and Google in Tokyo and Osaka last week, then flew to Seoul.",
]
MOVES = ["right", "left", "w", "b", "w", "w", "right_curly_bracket", "g"]


def soak_keys(rng: random.Random, steps: int) -> list[str]:
    """Annotation keys that stay on the article (no done/skip/next): tag, relabel, delete,
    undo, redo, moves and selections."""
    keys: list[str] = []
    while len(keys) < steps:
        r = rng.random()
        if r < 0.3:
            keys.append(rng.choice(MOVES))
        elif r < 0.38:
            keys.append(rng.choice(["shift+right", "ctrl+shift+right"]))
        elif r < 0.62:
            keys.append(rng.choice("1234"))
        elif r < 0.70:
            keys += [rng.choice("1234"), rng.choice("1234")]  # tag then relabel
        elif r < 0.80:
            keys.append("d")
        elif r < 0.92:
            keys.append("u")
        else:
            keys.append("ctrl+r")
    return keys[:steps]


def make_db(path: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from tui.core.store import NewArticle, Store

    with Store(path, annotator="setup") as s:
        s.insert_articles(
            [
                NewArticle(text=t, raw=t, title=f"Article {i + 1}", lang="fr" if i == 0 else "en")
                for i, t in enumerate(TEXTS)
            ]
        )
    return path


def make_folder(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"story{i:03d}.txt").write_text(
            f"Story {i}\n\nThe council of Lyon met Claire Dubois about budget line {i}. "
            "Officials in Geneva said it mattered.\n",
            encoding="utf-8",
        )
    return folder


def actions(db: Path) -> list[tuple[int, list[dict]]]:
    conn = sqlite3.connect(db)
    try:
        return [
            (aid, json.loads(ops))
            for aid, ops in conn.execute("SELECT id, ops FROM actions ORDER BY id")
        ]
    finally:
        conn.close()


def apply(state: dict[int, tuple], ops: list[dict]) -> None:
    for op in ops:
        if op["op"] == "insert":
            s = op["span"]
            state[s["id"]] = (s["article_id"], s["start"], s["end"], s["label"], s["text"])
        elif op["op"] == "delete":
            state.pop(op["span"]["id"], None)
        elif op["op"] == "update":
            a = op["after"]
            old = state[a["id"]]
            state[a["id"]] = (*old[:3], a["label"], old[4])


def by_article(state: dict[int, tuple]) -> dict[int, list[list]]:
    out: dict[int, list[list]] = {}
    for aid, start, end, label, text in state.values():
        out.setdefault(aid, []).append([start, end, label, text])
    return {k: sorted(v) for k, v in out.items()}


@dataclass
class Result:
    keys: int = 0
    actions: int = 0
    exports: int = 0
    stats: int = 0
    churn: int = 0
    shown_checked: int = 0
    problems: list[str] = field(default_factory=list)


def run_soak(
    tmp: Path, *, steps: int, seed: int, import_files: int = 30, timeout: float = 600
) -> Result:
    """Run it all in ``tmp``; ``Result.problems`` lists every broken promise (empty: all held)."""
    db = make_db(tmp / "soak.db")
    folder = make_folder(tmp / "incoming", import_files)
    rng = random.Random(seed)
    res = Result()
    apps = []
    for i in range(2):
        journal = tmp / f"app{i}.jsonl"
        keys = soak_keys(rng, steps)
        res.keys += len(keys)
        out = open(tmp / f"app{i}.out", "wb")  # noqa: SIM115
        env = {**os.environ, "NEWSMARK_ANNOTATOR": f"app{i}"}  # undo steps through its own actions
        proc = subprocess.Popen(
            [
                sys.executable,
                str(CHILD),
                "--db",
                str(db),
                "--journal",
                str(journal),
                "--index",
                str(i),
                "--keys",
                ",".join(keys),
            ],
            cwd=tmp,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
        apps.append((proc, journal, out))

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "tui", "--db", str(db), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def both_annotating() -> bool:
        """Both apps have their reader open and have not started to quit."""
        for proc, journal, _ in apps:
            if proc.poll() is not None or not journal.exists():
                return False
            text = journal.read_text(encoding="utf-8")
            if '"step": 0' not in text or '"done"' in text or f'"step": {steps}' in text:
                return False
        return True

    deadline = time.monotonic() + timeout
    importer = None
    exports: list[Path] = []
    n = 0
    while any(p.poll() is None for p, _, _ in apps) and time.monotonic() < deadline:
        n += 1
        if importer is None and n == 2:
            importer = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tui",
                    "--db",
                    str(db),
                    "import",
                    str(folder),
                    "--jobs",
                    "1",
                ],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        step = n % 3
        if step == 0:
            r = cli("stats", "--json")
            res.stats += 1
            if r.returncode != 0:
                res.problems.append(f"stats failed: {r.stderr.strip()[-500:]}")
        elif step == 1:
            path = tmp / f"export{n:04d}.jsonl"
            r = cli("export", str(path), "--status", "all", "--no-lint")
            res.exports += 1
            if r.returncode != 0:
                res.problems.append(f"export failed: {r.stderr.strip()[-500:]}")
            elif path.exists():
                exports.append(path)
        else:  # open-close churn: here (SQLite only) and in another process
            conn = sqlite3.connect(db)
            conn.execute("SELECT count(*) FROM spans").fetchone()
            conn.close()
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                    "c.execute('SELECT count(*) FROM actions').fetchone(); c.close()",
                    str(db),
                ],
                timeout=60,
                check=False,
            )
            res.churn += 1
            if both_annotating() and not Path(str(db) + "-wal").exists() and both_annotating():
                res.problems.append("the -wal was gone while the apps ran")
    for proc, _, out in apps:
        if proc.poll() is None:
            proc.kill()
            res.problems.append("an app did not finish in time")
        proc.wait()
        out.close()
    if importer is not None:
        _, err = importer.communicate(timeout=300)
        if importer.returncode != 0:
            res.problems.append(f"import failed: {err.decode(errors='replace')[-500:]}")

    for i, (proc, _, _) in enumerate(apps):
        if proc.returncode != 0:
            res.problems.append(
                f"app{i} exited {proc.returncode}: "
                + (tmp / f"app{i}.out").read_text(errors="replace")[-1500:]
            )

    log = actions(db)
    res.actions = len(log)
    # every state an app showed = the replay of the log up to what it had seen
    for i, (_, journal, _) in enumerate(apps):
        recs = [
            json.loads(x) for x in journal.read_text(encoding="utf-8").splitlines() if x.strip()
        ]
        for rec in recs:
            if rec.get("errors"):
                res.problems.append(f"app{i} showed errors: {rec['errors']}")
            if "spans" not in rec:
                continue
            state: dict[int, tuple] = {}
            for aid, ops in log:
                if aid > rec["max_action"]:
                    break
                apply(state, ops)
            want = by_article(state).get(rec["aid"], [])
            if want != rec["spans"]:
                res.problems.append(
                    f"app{i} step {rec['step']} ({rec['key']}): showed {rec['spans']}, "
                    f"the log says {want}"
                )
            res.shown_checked += 1
        if not recs or not recs[-1].get("done"):
            res.problems.append(f"app{i} did not finish its keys")

    # the spans in SQLite = the replay of the whole log
    state = {}
    states_after: list[dict[int, list[list]]] = [by_article(state)]
    for _, ops in log:
        apply(state, ops)
        states_after.append(by_article(state))
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute('SELECT article_id, start, "end", label, text FROM spans').fetchall()
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            res.problems.append("integrity_check is not ok")
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()
    stored: dict[int, list[list]] = {}
    for aid, start, end, label, text in rows:
        stored.setdefault(aid, []).append([start, end, label, text])
    stored = {k: sorted(v) for k, v in stored.items()}
    if stored != states_after[-1]:
        res.problems.append(f"SQLite holds {stored}, the log replays to {states_after[-1]}")
    if articles != len(TEXTS) + import_files:
        res.problems.append(f"{articles} articles, want {len(TEXTS) + import_files}")

    # each export is one snapshot: its spans are the replay up to one point of the log
    for path in exports:
        got: dict[int, list[list]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if rec["spans"]:
                got[rec["meta"]["id"]] = sorted(
                    [s["start"], s["end"], s["label"], s["text"]] for s in rec["spans"]
                )
        if got not in states_after:
            res.problems.append(f"{path.name} is not one snapshot of the log: {got}")
    return res
