"""The CLI through its real entry point: help, exit codes, messages, first run."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import DATA, ROOT, SEEDS


def test_help_on_every_command(cli, newsmark) -> None:
    res = newsmark("--help")
    assert res.returncode == 0 and b"Usage: newsmark" in res.stdout
    for args in (
        ["import"],
        ["export"],
        ["clean"],
        ["lang"],
        ["stats"],
        ["labels"],
        ["labels", "add"],
        ["labels", "remove"],
        ["reclean"],
    ):
        code, out, err = cli(*args, "--help")
        assert code == 0, (args, err)
        assert "Usage:" in out


def test_first_run_creates_default_db_with_seeds(newsmark, tmp_path: Path) -> None:
    res = newsmark("stats", "--json", env={"XDG_DATA_HOME": str(tmp_path / "xdg")})
    assert res.returncode == 0, res.stderr
    st = json.loads(res.stdout)
    assert st["articles"] == 2
    db = tmp_path / "xdg" / "newsmark" / "newsmark.db"
    assert db.exists()
    titles = [r[0] for r in sqlite3.connect(db).execute("SELECT title FROM articles ORDER BY id")]
    assert any(t and t.startswith("Microsoft va investir") for t in titles)


def test_env_var_selects_db(newsmark, tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    res = newsmark("import", str(SEEDS), env={"NEWSMARK_DB": str(db)})
    assert res.returncode == 0, res.stderr
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] == 2


def test_foreign_database_is_one_line_error(newsmark, tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite"
    c = sqlite3.connect(db)
    c.execute("CREATE TABLE t(x)")
    c.commit()
    c.close()
    before = db.read_bytes()
    res = newsmark("--db", str(db), "stats")
    assert res.returncode == 1
    err = res.stderr.decode()
    assert err.count("\n") == 1 and "another application" in err and "Traceback" not in err
    assert db.read_bytes() == before


def test_clean_json_and_text(newsmark) -> None:
    res = newsmark("clean", str(SEEDS / "000_f73bc229463aa444.txt"), "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["language"] == "fr" and out["text"].startswith("Microsoft a annoncé")
    assert out["author"] == "Bohdan Kaminskyi"
    res = newsmark("clean", "--html", str(DATA / "article_en.html"))
    assert res.returncode == 0 and b"four hundred volunteers" in res.stdout


def test_clean_missing_file(newsmark, tmp_path: Path) -> None:
    res = newsmark("clean", str(tmp_path / "nope.txt"))
    assert res.returncode == 1 and b"nope.txt: cannot read" in res.stderr


def test_labels_commands(cli, db_path: Path) -> None:
    db = str(db_path)
    assert cli("--db", db, "import", str(DATA / "annotated.jsonl"))[0] == 1
    code, _, err = cli("--db", db, "labels", "add", "PRODUCT", "--colour", "#ffaa00", "--key", "5")
    assert code == 0, err
    code, _, err = cli("--db", db, "labels", "add", "BAD NAME")
    assert code == 1 and "one word" in err
    code, _, err = cli("--db", db, "labels", "remove", "PER")
    assert code == 1 and "used by 3 span(s)" in err and "--force" in err
    code, _, err = cli("--db", db, "labels", "rename", "GPE", "LOC2")
    assert code == 0
    code, _, err = cli("--db", db, "labels", "colour", "LOC2", "blue")
    assert code == 1 and "#rrggbb" in err
    code, _, _ = cli("--db", db, "labels", "key", "LOC2", "6")
    assert code == 0
    code, _, err = cli("--db", db, "labels", "remove", "PER", "--force")
    assert code == 0 and "3 span(s)" in err
    conn = sqlite3.connect(db_path)
    labels = conn.execute("SELECT name, colour, hotkey FROM labels ORDER BY ord").fetchall()
    assert ("PRODUCT", "#ffaa00", "5") in labels
    assert [k for n, _, k in labels if n == "LOC2"] == ["6"]
    assert "PER" not in [n for n, _, _ in labels]
    assert conn.execute("SELECT count(*) FROM spans WHERE label = 'LOC2'").fetchone()[0] == 1
    code, out, _ = cli("--db", db, "labels")
    assert "PRODUCT" in out and "LOC2" in out


def test_stats(cli, db_path: Path) -> None:
    cli("--db", str(db_path), "import", str(SEEDS))
    code, out, _ = cli("--db", str(db_path), "stats", "--json")
    st = json.loads(out)
    assert st["articles"] == 2 and st["by_status"] == {"new": 2} and st["by_language"] == {"fr": 2}
    code, out, _ = cli("--db", str(db_path), "stats")
    assert "2 article(s)" in out


def test_bad_status_is_usage_error(cli, store, db_path: Path) -> None:
    from click.testing import CliRunner

    from tui.cli import main

    res = CliRunner().invoke(main, ["--db", str(db_path), "export", "-", "--status", "finished"])
    assert res.exit_code == 2 and "finished" in res.stderr


def test_python_m_tui_runs(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "-m", "tui", "--version"], capture_output=True, cwd=ROOT)
    assert res.returncode == 0 and b"0.1.0" in res.stdout


def test_core_modules_do_not_import_textual_or_rich() -> None:
    code = (
        "import sys\n"
        "import tui.core.store, tui.core.ingest, tui.core.clean, tui.core.language, tui.core.tokens, tui.core.export, tui.cli, tui.core.reclean\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'trafilatura', 'langdetect')]\n"
        "print(','.join(sorted(bad)))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == ""
