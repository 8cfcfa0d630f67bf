"""brat standoff: a folder of ``NAME.txt`` (the text) and ``NAME.ann`` (the annotations).

Export: OUT is a folder; each article is ``<id, six digits>.txt`` + ``.ann`` with one text-bound
annotation per span (``T1<TAB>ORG 0 5<TAB>Apple``; offsets are code points, as brat's server
counts), plus an ``annotation.conf`` listing the labels so brat shows them. A span that crosses a
line break is written as brat does, in fragments (``T1<TAB>LOC 0 5;6 10<TAB>North Carolina``).
The folder is written beside OUT under a temporary name and renamed into place, so an
interrupted export leaves the previous folder whole; an existing OUT holding anything but brat
files is refused, never overwritten.

Import: ``T`` lines become spans (a discontinuous one whose gaps are only whitespace is joined;
others are skipped and reported), except event triggers (a ``T`` that an ``E`` line names as its
trigger, or whose type ``annotation.conf`` lists under ``[events]``): those, events, relations,
attributes, normalisations and notes are not entities and are counted, kind by kind, in a note.
An article whose file name is a number keeps it as its id; the document name is kept
(``meta["brat_document"]``) and the export writes the document under it again.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import ExportOptions, Format

BRAT_FILES = {".txt", ".ann", ".conf"}


def ann_lines(rec: dict[str, Any]) -> list[str]:
    text = rec["text"]
    out = []
    for n, sp in enumerate(
        sorted(rec["spans"], key=lambda d: (d["start"], d["end"], d["label"])), 1
    ):
        frags = []
        pos = sp["start"]
        for piece in text[sp["start"] : sp["end"]].split("\n"):
            if piece:
                frags.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        offsets = ";".join(f"{s} {e}" for s, e in frags)
        shown = " ".join(text[s:e] for s, e in frags)
        out.append(f"T{n}\t{sp['label']} {offsets}\t{shown}\n")
    return out


def annotation_conf(labels: list[str]) -> str:
    return (
        "[entities]\n"
        + "".join(f"{lb}\n" for lb in labels)
        + "\n[relations]\n\n[events]\n\n[attributes]\n"
    )


def _check_target(target: Path) -> None:
    from .base import ExportError

    if target.exists():
        if not target.is_dir():
            raise ExportError(f"{target}: is a file; --format brat writes a folder")
        strangers = [p.name for p in target.iterdir() if p.is_dir() or p.suffix not in BRAT_FILES]
        if strangers:
            raise ExportError(
                f"{target}: holds other files ({', '.join(sorted(strangers)[:3])}); "
                "give a new or a brat export folder"
            )
    elif not target.parent.is_dir():
        raise ExportError(f"{target}: folder {target.parent} does not exist")


@contextmanager
def open_sink(
    out: str | Path, options: ExportOptions
) -> Iterator[Callable[[dict[str, Any]], None]]:
    from ..destinations import folder_target, new_dir_mode, swap_in
    from .base import ExportError

    target = folder_target(out)
    _check_target(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    os.chmod(tmp, new_dir_mode())  # mkdtemp makes it 0700; the export gets the user's umask
    try:
        used: set[str] = set()

        def write(rec: dict[str, Any]) -> None:
            stem = _stem(rec, used)
            with open(tmp / f"{stem}.txt", "w", encoding="utf-8", newline="") as fh:
                fh.write(rec["text"])
            with open(tmp / f"{stem}.ann", "w", encoding="utf-8", newline="") as fh:
                fh.writelines(ann_lines(rec))

        yield write
        with open(tmp / "annotation.conf", "w", encoding="utf-8") as fh:
            fh.write(annotation_conf(options.labels))
        for p in tmp.iterdir():
            with open(p, "rb") as written:
                os.fsync(written.fileno())
        swap_in(
            tmp, target
        )  # one exchange: a reader or a kill -9 sees the old folder or the new one
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ExportError(
            f"{target}: writing failed ({exc.strerror or exc}); the previous folder is unchanged"
        ) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _stem(rec: dict[str, Any], used: set[str]) -> str:
    """The document's brat name when it came from brat (and is a plain, unused file name),
    else the article id on six digits."""
    name = rec["meta"].get("brat_document")
    if not (
        isinstance(name, str) and re.fullmatch(r"[\w][\w.+-]{0,150}", name) and name not in used
    ):
        name = f"{rec['meta']['id']:06d}"
    used.add(name)
    return name


FORMAT = Format(
    "brat", "", open_sink, stdout=False, description="brat standoff folder (.txt + .ann)"
)


KINDS = {
    "R": "relation",
    "E": "event",
    "A": "attribute",
    "M": "attribute",
    "N": "normalisation",
    "#": "note",
    "*": "equivalence",
}


def event_types(conf: str | None) -> set[str]:
    """Types listed under ``[events]`` in an ``annotation.conf``."""
    out: set[str] = set()
    section = ""
    for line in (conf or "").splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
        elif section == "events" and line and not line.startswith("#"):
            out.add(line.split()[0].lstrip("!-"))
    return out


def read(
    text: str, ann: str, where: str, conf: str | None = None
) -> tuple[dict[str, Any], list[tuple[str, str, bool]]]:
    """A record (``text``, ``spans``) of a ``.txt``/``.ann`` pair, and problems ``(where, message, fatal)``."""
    spans: list[dict[str, Any]] = []
    problems: list[tuple[str, str, bool]] = []
    lines = ann.split("\n")
    triggers = {
        f.split(":", 1)[1]
        for ln in lines
        if ln.startswith("E") and "\t" in ln
        for f in ln.split("\t")[1].split()[:1]
        if ":" in f
    }
    events = event_types(conf)
    other: dict[str, int] = {}
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if not line.startswith("T"):
            kind = KINDS.get(line[:1], "other line")
            other[kind] = other.get(kind, 0) + 1
            continue
        fields = line.split("\t", 2)
        try:
            label, offsets = fields[1].split(" ", 1)
            frags = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            if any(len(f) != 2 for f in frags):
                raise ValueError
        except (IndexError, ValueError):
            problems.append(
                (
                    f"{where}:{lineno}",
                    f"cannot read {line!r} (expected T1<TAB>LABEL start end<TAB>text); skipped",
                    True,
                )
            )
            continue
        if fields[0] in triggers or label in events:
            other["event trigger"] = other.get("event trigger", 0) + 1
            continue
        covered = fields[2] if len(fields) > 2 else None
        start, end = frags[0][0], frags[-1][1]
        if len(frags) > 1:
            gaps = [text[a[1] : b[0]] for a, b in zip(frags, frags[1:], strict=False)]
            if all(
                0 <= a[1] <= b[0] <= len(text) for a, b in zip(frags, frags[1:], strict=False)
            ) and all(not g.strip() for g in gaps):
                covered = None  # brat joins fragments with a space; checked by the offsets alone
            else:
                problems.append(
                    (
                        f"{where}:{lineno}",
                        f"{fields[0]} {label} is discontinuous ({offsets}); "
                        "newsmark spans are contiguous: skipped",
                        True,
                    )
                )
                continue
        spans.append({"start": start, "end": end, "label": label, "text": covered})
    if other:
        said = ", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in sorted(other.items()))
        problems.append((where, f"not kept (newsmark keeps entity spans): {said}", False))
    return {"text": text, "spans": spans, "meta": {"status": "done"}}, problems
