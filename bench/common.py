"""What the benchmarks share: result rows, timing helpers, the machine description."""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PY = sys.executable


@dataclass
class Row:
    """One line of the results table."""

    what: str
    value: str  # newsmark's figure, absolute
    target: str
    ok: bool | None  # None: not measured
    baseline: str = "—"  # the baseline's figure, absolute, measured in the same run
    ratio: str = "—"
    note: str = ""


@dataclass
class Ctx:
    quick: bool
    big_n: int  # the "100k" corpus (10k with --quick)
    small_n: int  # the "10k" corpus (1k with --quick)
    export_n: int = 0  # the export's corpus (big_n unless --export-articles)
    details: dict[str, list[str]] = field(default_factory=dict)
    tmp: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="newsmark-bench-")))

    def say(self, key: str, line: str) -> None:
        """A line for the benchmark's section of the details, echoed to the terminal."""
        self.details.setdefault(key, []).append(line)
        print(f"  {line}", flush=True)

    def cleanup(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def ms(seconds: float) -> str:
    v = seconds * 1000
    return f"{v:,.0f} ms" if v >= 100 else f"{v:.1f} ms" if v >= 1 else f"{v:.2f} ms"


def kn(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else f"{n:,}"


def ratio(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}×"


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs)


def cpu() -> float:
    """CPU seconds of this process and of its reaped children (worker pools)."""
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds incl. reaped children, result)."""
    c0, t0 = cpu(), time.perf_counter()
    out = fn()
    t1, c1 = time.perf_counter(), cpu()
    return t1 - t0, c1 - c0, out


def run_child(args: list[str], timeout: float = 3600) -> dict[str, Any]:
    """Run ``args`` under ``_child.py rss``: returns {wall, maxrss_kb, rc, stderr} of that child
    alone (``RUSAGE_CHILDREN`` of a fresh wrapper process)."""
    out = subprocess.run(
        [PY, str(BENCH / "_child.py"), "rss", "--", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise RuntimeError(f"child failed: {' '.join(args)}\n{out.stderr[-2000:]}") from None


def copy_db(src: Path, dst_dir: Path, name: str | None = None) -> Path:
    dst = dst_dir / (name or src.name)
    for suffix in ("", "-wal", "-shm"):
        Path(str(dst) + suffix).unlink(missing_ok=True)
    # Through SQLite's backup API: consistent even if a -wal is beside the source.
    with sqlite3.connect(str(src)) as s, sqlite3.connect(str(dst)) as d:
        s.backup(d)
    s.close()
    d.close()
    return dst


def _version(mod: str) -> str:
    try:
        from importlib.metadata import version

        return version(mod)
    except Exception:
        return "?"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _mem_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 2**20:.0f} GB"
    except OSError:
        pass
    return "?"


def machine() -> dict[str, str]:
    try:
        commit = (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
            or "?"
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "tui"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if dirty:
            commit += " + uncommitted changes in tui/"
    except OSError:
        commit = "?"
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{platform.system()} {platform.release()}, {_cpu_model()}, "
        f"{os.cpu_count()} cores, {_mem_gb()} RAM",
        "load average at start": f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "versions": ", ".join(
            f"{m} {_version(m)}"
            for m in ("newsmark", "textual", "rich", "langdetect", "trafilatura", "regex")
        ),
        "commit": commit,
    }
