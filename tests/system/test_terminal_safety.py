"""Hostile article data never reaches the terminal as control: no escape sequence, control
character or bidi override from the data is written, and Rich markup in the data is shown
literally.

The hostile articles are inserted with ``Store.insert_articles`` directly (not through the
cleaner), so the display layer is tested on its own. Two captures:

- in-process ``run_test``: every segment the compositor draws for the library (list, preview)
  and the reader (header, text, status line, span panel, raw view, a notification quoting the
  title) is checked for control/bidi characters and for link styles made from markup;
- a real terminal: ``newsmark --db X`` under a pty (TERM=xterm-256color), the bytes it writes
  while the library and the hostile article are shown are checked for the data's OSC 52
  clipboard write, OSC 0 title, OSC 8 link, CSI sequences, raw C1 controls and U+202E.
  Textual writes its own CSI sequences (colours, cursor): the assertions target the ones
  carried by the data.

Titles, authors, list rows and notifications drop escape sequences whole (``safe_line``); the
text view keeps every code point of the text (span offsets index it) and draws C0 controls as
their Unicode pictures (␛ ␇ ␍), C1 controls as U+FFFD and bidi overrides not at all.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

from app_support import screen_text, settle
from conftest import ROOT

from tui.app import NewsmarkApp
from tui.core.store import NewArticle, Store
from tui.screens.reader import ReaderScreen
from tui.widgets.span_panel import SpanPanel

# Each hostile piece is next to a marker word, so the test can tell data-made bytes from
# Textual's own escape sequences.
HOSTILE = (
    "\x1b[31mREDMARK\x1b[0m "
    "\x1b[2JCLEARMARK "
    "\x1b]52;c;UFdORUQtQ0xJUA==\x07CLIPMARK "
    "\x1b]0;PWNED-TITLE\x07TITLEMARK "
    "\x1b]8;;https://evil.example/\x1b\\LINKMARK\x1b]8;;\x1b\\ "
    "\x9b2JCSIMARK \x9d0;PWNED-C1\x9c OSCMARK "
    "\u202eBIDIMARK\u202c "
    "\x07\x08\x00\x7f\rCTRLMARK "
    "[bold]BOLDMARK[/bold] [link=https://x]MARKUPLINK[/link] [red]REDTAG"
)
TEXT = (
    "Anna Schmidt met Acme Corp in Berlin. "
    + HOSTILE
    + "\n\nSecond paragraph: "
    + HOSTILE
    + " The end."
)
TITLE = "Title " + HOSTILE
MARKERS = [
    "REDMARK",
    "CLEARMARK",
    "CLIPMARK",
    "TITLEMARK",
    "LINKMARK",
    "CSIMARK",
    "OSCMARK",
    "BIDIMARK",
    "CTRLMARK",
    "BOLDMARK",
]
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def make_db(path: Path) -> Path:
    with Store(path) as s:
        ids, _, _ = s.insert_articles(
            [
                NewArticle(
                    text=TEXT,
                    raw="<p>" + HOSTILE + "</p>",
                    title=TITLE,
                    lang="en",
                    author="Author " + HOSTILE,
                    publisher="Pub \u202e\x1b]0;PWNED-PUB\x07",
                    source="https://example.org/\x1b]8;;https://evil.example/\x07x",
                    published="2024-01-01\x1b[2J",
                ),
                NewArticle(text="A calm second article.", raw="calm", title="Calm", lang="en"),
            ]
        )
        t = s.require_article(ids[0]).text
        for word, label in (("REDMARK", "ORG"), ("BOLDMARK", "PER"), ("BIDIMARK", "LOC")):
            start = t.index(word)
            s.tag(ids[0], start, start + len(word), label)
        start = t.index("[link=https://x]")
        s.tag(ids[0], start, start + len("[link=https://x]MARKUPLINK"), "MISC")
        s.set_tags(ids[0], ["tag\x1b]52;c;QUJD\x07", "[bold]t"])
    return path


def check_segments(app: NewsmarkApp, where: str) -> str:
    """Every drawn segment: no control/bidi character, no link style (markup is never parsed)."""
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        for seg in strip:
            assert not UNSAFE.search(seg.text), f"{where}, row {y}: {seg.text!r}"
            if seg.style is not None:
                assert not seg.style.link, (
                    f"{where}, row {y}: link {seg.style.link!r} on {seg.text!r}"
                )
    return screen_text(app)


def test_rendered_screens_are_clean(tmp_path: Path) -> None:
    db = make_db(tmp_path / "hostile.db")

    async def run() -> None:
        app = NewsmarkApp(db, config_dir=tmp_path / "config")
        async with app.run_test(size=(130, 40)) as pilot:
            await settle(app, pilot)
            text = check_segments(app, "library")  # list and preview of article 1
            assert "[bold]BOLDMARK[/bold]" in text
            assert "REDMARK" in text and "PWNED" not in text

            await pilot.press("enter")
            await settle(app, pilot)
            scr = app.screen
            assert isinstance(scr, ReaderScreen)
            text = check_segments(app, "reader")
            for marker in MARKERS:
                assert marker in text, marker
            assert "[bold]BOLDMARK[/bold]" in text and "[link=https://x]MARKUPLINK[/link]" in text
            assert "[red]REDTAG" in text
            # the header (title, author, publisher) drops the sequences whole; the text view keeps
            # every code point (offsets!) but draws controls as visible pictures: ␛ ␇ ␍ and � for C1
            header = text.splitlines()[0]
            assert "PWNED" not in header and "TITLEMARK" in header
            assert "␛]0;PWNED-TITLE␇TITLEMARK" in text and "␛[31mREDMARK" in text
            assert "�2JCSIMARK" in text and "␍CTRLMARK" in text

            # the status line quotes the span under the cursor; the span panel lists them all
            scr.view.set_cursor(scr.article.text.index("[link=https://x]"))
            scr.update_status()
            await pilot.press("s")
            await settle(app, pilot)
            assert scr.query_one(SpanPanel).display
            text = check_segments(app, "span panel")
            assert "[link=https://x]MARKUPLINK" in text

            await pilot.press("escape", "r")  # the raw input
            await settle(app, pilot)
            assert scr.raw
            text = check_segments(app, "raw view")
            assert "␛]52;c;UFdORUQtQ0xJUA==␇CLIPMARK" in text
            await pilot.press("r")

            # a notification quoting the title (done moves on and says so)
            await pilot.press("a")
            await settle(app, pilot)
            assert any("Done: Title REDMARK" in str(n.message) for n in app._notifications), [
                str(n.message) for n in app._notifications
            ]
            for n in app._notifications:
                assert not UNSAFE.search(str(n.message)), n.message
            text = check_segments(app, "notification")
        assert app.return_code in (0, None)

    asyncio.run(run())


# --- the bytes a real terminal receives ----------------------------------------------------------


CSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]")


def read_until(fd: int, buf: bytearray, pred, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred(buf):
            return True
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                return pred(buf)
            if not data:
                return pred(buf)
            buf.extend(data)
    return pred(buf)


def visible(buf: bytes) -> bytes:
    """The output with Textual's CSI sequences removed: roughly the characters drawn."""
    return CSI.sub(b"", buf)


def test_real_terminal_bytes_carry_no_data_escapes(tmp_path: Path) -> None:
    db = make_db(tmp_path / "pty.db")
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="140", LINES="40", COLORTERM="truecolor")
    env.pop("TEXTUAL", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: a 140x40 terminal, then newsmark
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "tui", "--db", str(db)], env)
        finally:
            os._exit(127)
    buf = bytearray()
    try:
        # the library, with the hostile article's row and preview
        assert read_until(fd, buf, lambda b: b"BOLDMARK" in visible(bytes(b)), 30), bytes(buf)[
            -2000:
        ]
        os.write(fd, b"\r")  # enter: open it in the reader
        assert read_until(fd, buf, lambda b: b"Second paragraph" in visible(bytes(b)), 20), bytes(
            buf
        )[-2000:]
        read_until(fd, buf, lambda b: False, 0.8)  # whatever else it draws
        os.write(fd, b"r")  # the raw input
        read_until(fd, buf, lambda b: False, 0.8)
        os.write(fd, b"\x11")  # ctrl+q
        read_until(fd, buf, lambda b: False, 5)
    finally:
        try:
            wpid, status = os.waitpid(pid, os.WNOHANG)
            if wpid == 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        finally:
            os.close(fd)
    out = bytes(buf)
    assert b"Traceback" not in out
    # nothing the data carried reached the terminal as a control sequence
    assert b"\x1b]52" not in out  # no clipboard write at all
    # OSC 0 titles: dropped whole from the header (the publisher's never shows), and drawn as
    # harmless pictures in the text view (␛]0;… and �0; for the C1 form)
    assert b"PWNED-PUB" not in out
    for m in re.finditer(rb"PWNED", out):
        before = out[max(0, m.start() - 8) : m.start()]
        assert before.endswith(("␛]0;".encode(), "\ufffd0;".encode())), out[
            m.start() - 40 : m.end()
        ]
    assert b"\x1b]0;" not in out  # no window title set at all
    assert b"\x1b]8;;https://evil" not in out and b"\x1b]8;;https://x" not in out
    for m in re.finditer(rb"https://evil\.example", out):  # only ever as text view pictures
        assert out[: m.start()].endswith("␛]8;;".encode()), out[m.start() - 40 : m.end()]
    assert b"\x1b[31mREDMARK" not in out and b"\x1b[2JCLEARMARK" not in out
    assert (
        b"\xc2\x9b" not in out and b"\xc2\x9d" not in out and b"\xc2\x9c" not in out
    )  # C1 CSI/OSC/ST
    assert b"\xe2\x80\xae" not in out  # U+202E
    # the only OSC written at all is Textual's own pointer shape (OSC 22), ended by its BEL
    assert set(re.findall(rb"\x1b\](\d*)", out)) <= {b"22"}, set(re.findall(rb"\x1b\](\d*)", out))
    own = re.sub(rb"\x1b\]22;[a-z-]*(\x07|\x1b\\)", b"", out)
    assert b"\x07" not in own and b"\x00" not in own and b"\x7f" not in own  # BEL, NUL, DEL
    assert b"\x08CTRLMARK" not in out and b"\rCTRLMARK" not in out
    text = visible(out)
    assert b"\x1bCLIPMARK" not in out and b"\x07CLIPMARK" not in out
    for marker in MARKERS:
        assert marker.encode() in text, marker
    assert b"[bold]BOLDMARK[/bold]" in text  # markup shown literally
    assert b"[link=https://x]MARKUPLINK[/link]" in text


def test_nul_character_does_not_block_spans(cli, tmp_path: Path) -> None:
    """SQLite's length()/substr() stop at a NUL, so the contract trigger refused every span after
    one and a single JSONL record with ``\\u0000`` failed the whole import. The store now
    replaces NUL by U+FFFD (offsets kept) and the import says so."""
    src = tmp_path / "nul.jsonl"
    src.write_text(
        '{"text": "Hello\\u0000 Anna Schmidt here.", "spans": [{"start": 7, "end": 19, "label": "PER"}]}\n'
        '{"text": "Second record fine."}\n',
        encoding="utf-8",
    )
    db = tmp_path / "nul.db"
    code, out, err = cli("--db", str(db), "import", str(src))
    assert code == 0, err
    assert "nul.jsonl:1: NUL characters replaced by U+FFFD" in err + out
    with Store(db) as s:
        assert s.article_count() == 2
        (sp,) = s.spans(1)
        assert (sp.start, sp.end, sp.text) == (7, 19, "Anna Schmidt")
        assert s.require_article(1).text == "Hello\ufffd Anna Schmidt here."
        s.tag(1, 20, 24, "MISC")  # and later tags after it are stored too
        assert [x.text for x in s.spans(1)] == ["Anna Schmidt", "here"]


# --- every CLI command, through a pseudo-terminal (issue 13, points 8 and 9) ----------------------

#: One hostile string: OSC 52 (clipboard), OSC 0 (title), CSI 2J, 8-bit CSI/OSC/ST, bidi override
#: and isolate, BEL, and a newline that would forge a second message line.
EVIL = "\x1b]52;c;QUJD\x07\x1b]0;PWN\x07\x1b[2J\x9b2J\x9d0;X\x9c\u202eRLO\u2066\x07"
EVIL_WORD = EVIL  # has no whitespace: fits a label name, a tag, a hotkey-less word
EVIL_LINE = EVIL + "\nforged: line"
# what must never reach the terminal: ESC, any C1 control (UTF-8 encoded), bidi overrides and
# isolates, BEL, and the other C0 controls but CR/LF (the terminal's own line ends) and tab
FORBIDDEN = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)


def run_in_pty(args: list[str], cwd: Path, stdin: bytes | None = None) -> tuple[int, bytes]:
    """``python -m tui ARGS`` with stdout and stderr on a pseudo-terminal: every byte it writes."""
    import subprocess

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", *args],
        cwd=cwd,
        env=env,
        stdout=slave,
        stderr=slave,
        stdin=subprocess.PIPE if stdin is not None else slave,
    )
    os.close(slave)
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    out = bytearray()
    while True:
        r, _, _ = select.select([master], [], [], 60)
        if not r:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        out.extend(data)
    code = proc.wait(timeout=60)
    os.close(master)
    return code, bytes(out)


def hostile_cli_db(tmp: Path) -> tuple[Path, Path]:
    """A database whose every stored string is hostile, and an input file with a hostile name."""
    db = tmp / "cli.db"
    with Store(db) as s:
        s.add_label("ORG" + EVIL_WORD, description="desc " + EVIL_LINE)
        (aid,), _, _ = s.insert_articles(
            [
                NewArticle(
                    text="Anna met Acme in Berlin. " + EVIL_LINE + " The end.",
                    raw="raw " + EVIL_LINE,
                    title="T " + EVIL_LINE,
                    author="A " + EVIL_LINE,
                    source="https://x.example/" + EVIL_LINE,
                    publisher="P " + EVIL_LINE,
                    published="2024 " + EVIL_LINE,
                    lang="en" + EVIL_WORD,
                )
            ]
        )
        s.tag(aid, 0, 4, "ORG" + EVIL_WORD)
        s.tag(aid, 5, 8, "ORG" + EVIL_WORD)
        s.tag(aid, 9, 14, "PER")
        s.set_tags(aid, ["tag" + EVIL_WORD])
        s.set_note(aid, "note " + EVIL_LINE)
        s.set_status(aid, "done")
    name = "in" + EVIL.replace("\u2066", "") + "\nname.jsonl"  # a file name with OSC/CSI/C1/newline
    src = tmp / name
    src.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "text": "Record " + EVIL_LINE + " about Lyon.",
                        "title": EVIL_LINE,
                        "author": EVIL_LINE,
                        "url": EVIL_LINE,
                        "meta": {"tags": [EVIL_WORD], "note": EVIL_LINE},
                        "spans": [{"start": 0, "end": 6, "label": "L" + EVIL_WORD}],
                    }
                ),
                "{not json " + EVIL,
                json.dumps({"text": "Bad field", "title": {"x": EVIL}}),
                json.dumps(
                    {
                        "text": "Span " + EVIL,
                        "spans": [{"start": 0, "end": 99, "label": "X" + EVIL_WORD}],
                    }
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return db, src


def test_every_cli_command_escapes_stored_strings_on_a_terminal(tmp_path: Path) -> None:

    db, src = hostile_cli_db(tmp_path)
    label = "ORG" + EVIL_WORD
    (tmp_path / "dict.tsv").write_text(
        f"Acme{EVIL}\tORG{EVIL_WORD}\nbad line {EVIL}\n", encoding="utf-8"
    )
    runs = [
        ["import", str(src)],
        ["import", str(src), str(tmp_path / ("missing" + EVIL))],
        ["stats"],
        ["stats", "--json"],
        ["labels"],
        ["lint", "--status", "all"],
        ["lint", "--status", "all", "--json"],
        ["export", str(tmp_path / "out.jsonl"), "--status", "all", "--force"],
        ["export", "-", "--status", "all", "--force"],  # the records themselves, on the terminal
        ["export", "-", "--status", "all", "--force", "--format", "conll"],
        ["export", str(tmp_path / "o2.jsonl"), "--status", "all", "--label", "NOPE" + EVIL_WORD],
        ["clean", str(src)],
        ["clean", "--json", str(src)],
        ["lang", str(src)],
        ["reclean", "--all"],
        ["reclean", "999999"],
        ["suggest", "--show-map"],
        ["suggest", "--dictionary", str(tmp_path / "dict.tsv")],
        ["labels", "add", "NEW" + EVIL_WORD, "--description", EVIL_LINE],
        ["labels", "add", "NEW" + EVIL_WORD],  # already exists: the error quotes it
        ["labels", "colour", "NEW" + EVIL_WORD, "#" + EVIL_WORD],
        ["labels", "key", "NEW" + EVIL_WORD, "7"],
        ["labels", "rename", label, "REN" + EVIL_WORD],
        ["labels", "remove", "REN" + EVIL_WORD],
        ["labels", "remove", "REN" + EVIL_WORD, "--force"],
        ["labels", "rename", "NOPE" + EVIL_WORD, "X"],
    ]
    seen = bytearray()
    for args in runs:
        env_args = ["--db", str(db), *args]
        code, out = run_in_pty(env_args, tmp_path)
        assert b"Traceback" not in out and b"internal error" not in out, (args, out)
        bad = FORBIDDEN.search(out)
        assert bad is None, (args, out[max(0, bad.start() - 60) : bad.end() + 20])
        seen.extend(out)
    code, out = run_in_pty(
        ["lang", "--jsonl"],
        tmp_path,
        stdin=(
            json.dumps({"id": EVIL_LINE, "text": "Hello there, how are you today?"})
            + "\n{bad "
            + EVIL
            + "\n"
        ).encode(),
    )
    assert FORBIDDEN.search(out) is None, out
    seen.extend(out)
    text = seen.decode("utf-8", "replace")
    # the data is there, visibly escaped, and a newline never starts a forged line
    assert "\\x1b]52;c;QUJD\\x07" in text and "\\x9b2J" in text and "\\u202eRLO" in text
    assert "\\nforged: line" in text and "\r\nforged: line" not in text
    assert "in\\x1b]52;c;QUJD" in text and "\\nname.jsonl" in text  # the file name
    # JSON output stays JSON, with C1/bidi as \u escapes
    code, out = run_in_pty(["--db", str(db), "stats", "--json"], tmp_path)
    assert "\\u009b" in out.decode() or "\\u202e" in out.decode()
    json.loads(out.decode().replace("\r\n", "\n"))


# --- every screen and prompt of the app (issue 13, points 7 and 9) ------------------------------


def hostile_app_db(tmp: Path) -> tuple[Path, Path]:
    """``make_db``'s article plus a hostile label name, tag, note and keymap value."""
    db = make_db(tmp / "app.db")
    with Store(db) as s:
        s.add_label("LBL" + EVIL_WORD, description="d " + EVIL_LINE)
        s.tag(1, 0, 4, "LBL" + EVIL_WORD)
        s.set_tags(1, ["tag" + EVIL_WORD, "t2" + EVIL_WORD])
        s.set_note(1, "note " + EVIL_LINE)
    config = tmp / "config"
    config.mkdir()
    esc = EVIL.encode("unicode_escape").decode().replace('"', '\\"')
    (config / "keymap.toml").write_text(
        f'"library.search" = "slash,{esc}"\n"no.such{esc}" = "z"\n', encoding="utf-8"
    )
    return db, config


def test_every_screen_and_prompt_draws_no_control(tmp_path: Path) -> None:
    """Library, filters, import, export, lint, labels (and its rename/describe prompts), stats,
    help, the reader and its tags/note/language prompts, label picker, spans, occurrences: no
    drawn segment carries a control or bidi character from the data; the prompts show stored
    values with visible escapes and give back the stored value when left unedited."""
    from textual.widgets import Input

    db, config = hostile_app_db(tmp_path)

    async def visit(pilot, keys: list[str], where: str, back: list[str]) -> str:  # type: ignore[no-untyped-def]
        app = pilot.app
        await pilot.press(*keys)
        await settle(app, pilot)
        text = check_segments(app, where)
        for n in app._notifications:  # the notice's own line breaks aside
            assert not UNSAFE.search(str(n.message).replace("\n", "")), (where, n.message)
        await pilot.press(*back)
        await settle(app, pilot)
        return text

    async def run() -> None:
        app = NewsmarkApp(db, config_dir=config)
        async with app.run_test(size=(150, 45)) as pilot:
            await settle(app, pilot)
            check_segments(app, "library")
            for n in app._notifications:  # the keymap's problems quote its values
                assert not UNSAFE.search(str(n.message)), n.message
            await visit(pilot, ["f"], "filters", ["escape"])
            await visit(pilot, ["i"], "import dialog", ["escape"])
            # an import through the dialog: a folder holding a file with a hostile name and bad records;
            # the notice lists the problems, one escaped line each
            folder = tmp_path / "incoming"
            folder.mkdir()
            (folder / ("bad" + EVIL + "\nname.jsonl")).write_text(
                '{"text": "Fine record about Lyon.", "title": {"x": 1}}\n{oops ' + EVIL + "\n",
                encoding="utf-8",
            )
            await pilot.press("i")
            await settle(app, pilot)
            app.screen.query_one(Input).value = str(folder)
            await pilot.press("enter")
            await settle(app, pilot)
            notices = [str(n.message) for n in app._notifications]
            assert any(
                "bad\\x1b]52;c;QUJD" in m and '\\nname.jsonl:1: "title" is an object' in m
                for m in notices
            ), notices
            for m in notices:
                assert not UNSAFE.search(m.replace("\n", "")), m
            check_segments(app, "import notice")
            await visit(pilot, ["x"], "export dialog", ["escape"])
            await visit(pilot, ["exclamation_mark"], "lint", ["escape"])
            await visit(pilot, ["ctrl+t"], "stats", ["escape"])
            await visit(pilot, ["question_mark"], "help", ["escape"])
            await pilot.press("ctrl+l")
            await settle(app, pilot)
            check_segments(app, "labels")
            # every label's rename prompt: its name shown escaped, unedited gives the name back
            for _ in range(len(Store(db).labels())):
                await visit(pilot, ["r"], "labels rename", [])
                field = app.screen.query_one(Input)
                assert not UNSAFE.search(field.value), field.value
                await pilot.press("enter")
                await settle(app, pilot)
                await visit(pilot, ["e"], "labels describe", ["escape"])
                await pilot.press("down")
            await pilot.press("escape")
            await settle(app, pilot)
            with Store(db) as s:
                assert (
                    "LBL" + EVIL_WORD in s.label_names()
                )  # enter on an unedited prompt renames nothing
            await pilot.press("enter")  # the reader
            await settle(app, pilot)
            check_segments(app, "reader")
            for key, stored in (("t", "tags"), ("m", "note"), ("L", "language")):
                await visit(pilot, [key], f"reader {stored} prompt", [])
                field = app.screen.query_one(Input)
                assert not UNSAFE.search(field.value), (stored, field.value)
                if stored != "language":
                    assert "\\x1b]52;c;QUJD\\x07" in field.value, field.value
                await pilot.press("enter")  # unedited: the stored value is kept as it was
                await settle(app, pilot)
            with Store(db) as s:
                assert sorted(s.tags(1)) == sorted(["tag" + EVIL_WORD, "t2" + EVIL_WORD])
                assert s.note(1) == "note " + EVIL_LINE
            await visit(pilot, ["l"], "label picker", ["escape"])
            await visit(pilot, ["s"], "span panel", ["s"])
            await visit(pilot, ["o"], "occurrences", ["escape"])
            await visit(pilot, ["question_mark"], "help from the reader", ["escape"])

    asyncio.run(run())


def test_every_screen_through_a_real_terminal(tmp_path: Path) -> None:
    """The same tour as above in ``newsmark`` under a pty: the bytes the terminal receives carry
    no OSC/CSI/C1/bidi/BEL from the data (the prompts printed tags and notes raw before)."""
    db, config = hostile_app_db(tmp_path)
    env = dict(
        os.environ,
        TERM="xterm-256color",
        COLUMNS="150",
        LINES="45",
        COLORTERM="truecolor",
        XDG_CONFIG_HOME=str(tmp_path / "xdg"),
    )
    (tmp_path / "xdg").mkdir()
    config.rename(tmp_path / "xdg" / "newsmark")
    env.pop("TEXTUAL", None)
    pid, fd = pty.fork()
    if pid == 0:
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 150, 0, 0))
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "tui", "--db", str(db)], env)
        finally:
            os._exit(127)
    buf = bytearray()
    try:
        assert read_until(fd, buf, lambda b: b"BOLDMARK" in visible(bytes(b)), 30), bytes(buf)[
            -2000:
        ]
        for keys in (
            b"f",
            b"\x1b",
            b"\x0c",
            b"r",
            b"\x1b",
            b"e",
            b"\x1b",
            b"\x1b",
            b"\x14",
            b"\x1b",
            b"?",
            b"\x1b",
            b"\r",
            b"t",
            b"\x1b",
            b"m",
            b"\x1b",
            b"L",
            b"\x1b",
            b"l",
            b"\x1b",
            b"s",
            b"s",
            b"o",
            b"\x1b",
        ):
            os.write(fd, keys)
            read_until(fd, buf, lambda b: False, 0.5)
        assert b"\\x1b]0;PWN\\x07" in visible(bytes(buf))  # a prompt shows the stored value escaped
        os.write(fd, b"\x11")
        read_until(fd, buf, lambda b: False, 5)
    finally:
        try:
            wpid, _ = os.waitpid(pid, os.WNOHANG)
            if wpid == 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        finally:
            os.close(fd)
    out = bytes(buf)
    assert b"Traceback" not in out
    assert b"\x1b]52" not in out and b"\x1b]0;" not in out and b"PWN\x07" not in out
    assert set(re.findall(rb"\x1b\](\d*)", out)) <= {b"22"}, set(re.findall(rb"\x1b\](\d*)", out))
    assert b"\xc2\x9b" not in out and b"\xc2\x9d" not in out and b"\xc2\x9c" not in out
    assert b"\xe2\x80\xae" not in out and b"\xe2\x81\xa6" not in out
    own = re.sub(rb"\x1b\]22;[a-z-]*(\x07|\x1b\\\\)", b"", out)
    assert b"\x07" not in own
