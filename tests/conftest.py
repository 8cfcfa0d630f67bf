"""Shared fixtures. Every test gets its own data dir and database: the user's real config,
data and clipboard never leak in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("NEWSMARK_ANNOTATOR", "tester")
    monkeypatch.delenv("NEWSMARK_DB", raising=False)
    monkeypatch.delenv("NEWSMARK_DEBUG", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


@pytest.fixture
def anyio_backend() -> str:
    """The app tests run on asyncio (Textual's loop), not trio."""
    return "asyncio"


@pytest.fixture
def lib_db(tmp_path: Path) -> Path:
    """A small library: the articles of ``app_support.make_library``."""
    from app_support import make_library

    return make_library(tmp_path / "lib.db")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def store(db_path: Path):
    from tui.core.store import Store

    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def cli():
    """Run the click entry point in-process; returns (exit_code, stdout, stderr)."""
    from tui.cli import main

    def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
        runner = CliRunner()
        res = runner.invoke(
            main, list(args), input=input, prog_name="newsmark", catch_exceptions=False
        )
        return res.exit_code, res.stdout, res.stderr

    return run


@pytest.fixture
def newsmark():
    """Run the real console entry (``python -m tui``) in a child process."""

    def run(
        *args: str, input: bytes | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        e = dict(os.environ)
        e.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "tui", *args],
            input=input,
            capture_output=True,
            cwd=ROOT,
            env=e,
            timeout=120,
        )

    return run
