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
TEXT = ("Anna Schmidt met Acme Corp in Berlin. " + HOSTILE + "\n\nSecond paragraph: " + HOSTILE
        + " The end.")
TITLE = "Title " + HOSTILE
MARKERS = ["REDMARK", "CLEARMARK", "CLIPMARK", "TITLEMARK", "LINKMARK", "CSIMARK", "OSCMARK",
           "BIDIMARK", "CTRLMARK", "BOLDMARK"]
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def make_db(path: Path) -> Path:
    with Store(path) as s:
        ids, _, _ = s.insert_articles([
            NewArticle(text=TEXT, raw="<p>" + HOSTILE + "</p>", title=TITLE, lang="en",
                       author="Author " + HOSTILE, publisher="Pub \u202e\x1b]0;PWNED-PUB\x07",
                       source="https://example.org/\x1b]8;;https://evil.example/\x07x",
                       published="2024-01-01\x1b[2J"),
            NewArticle(text="A calm second article.", raw="calm", title="Calm", lang="en"),
        ])
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
                assert not seg.style.link, f"{where}, row {y}: link {seg.style.link!r} on {seg.text!r}"
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
                str(n.message) for n in app._notifications]
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
        assert read_until(fd, buf, lambda b: b"BOLDMARK" in visible(bytes(b)), 30), bytes(buf)[-2000:]
        os.write(fd, b"\r")  # enter: open it in the reader
        assert read_until(fd, buf, lambda b: b"Second paragraph" in visible(bytes(b)), 20), bytes(buf)[-2000:]
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
        before = out[max(0, m.start() - 8):m.start()]
        assert before.endswith(("␛]0;".encode(), "\ufffd0;".encode())), out[m.start() - 40:m.end()]
    assert b"\x1b]0;" not in out  # no window title set at all
    assert b"\x1b]8;;https://evil" not in out and b"\x1b]8;;https://x" not in out
    for m in re.finditer(rb"https://evil\.example", out):  # only ever as text view pictures
        assert out[:m.start()].endswith("␛]8;;".encode()), out[m.start() - 40:m.end()]
    assert b"\x1b[31mREDMARK" not in out and b"\x1b[2JCLEARMARK" not in out
    assert b"\xc2\x9b" not in out and b"\xc2\x9d" not in out and b"\xc2\x9c" not in out  # C1 CSI/OSC/ST
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
    src.write_text('{"text": "Hello\\u0000 Anna Schmidt here.", "spans": [{"start": 7, "end": 19, "label": "PER"}]}\n'
                   '{"text": "Second record fine."}\n', encoding="utf-8")
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
