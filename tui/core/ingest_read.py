"""Reading an input's bytes: the declared charset, encoding detection, size limits, gzip, and
files that change while they are read.

Each rule here answers a case seen on real input:

- ``<meta charset=utf-8>`` over cp1252 bytes decoded as cp1250 ("naïve" stored as "naďve"):
  a charset the file declares is used when its bytes agree with it; detection runs only when
  they do not, and among equally likely legacy encodings it prefers the common Windows ones
  (cp1252 first: the usual mislabelled "UTF-8" page), not a Mac or DOS code page.
- one limit (``--max-size``) applies to whatever must be held in memory at once: a whole text,
  HTML or JSON document (file, gzip or standard input alike) or one JSONL line; the message names
  the limit and the flag that raises it.
- gzip says which it is: too large once decompressed (the limit, the flag), or damaged.
- a file that changes while it is read is read again, or reported; never stored as a prefix.

Core module: no Textual, no Rich.
"""

from __future__ import annotations

import os
import re
import zlib
from contextvars import ContextVar, Token
from pathlib import Path

#: The default of ``--max-size``: the most of one document (or JSONL line) held in memory.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Legacy encodings to prefer, in order, among those detection finds equally likely.
PREFERRED = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1257",
    "cp1255",
    "cp1256",
    "iso8859_15",
    "koi8_r",
)
#: How much worse (charset_normalizer's "chaos") a preferred encoding may be and still win.
CHAOS_SLACK = 0.02
#: WHATWG: these labels mean windows-1252 in every browser.
LABEL_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "l1": "cp1252",
}
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_.:-]{2,40})""",
    re.IGNORECASE,
)
_RETRIES = 3


class ReadError(Exception):
    """An input that cannot be read; the message is meant for the user."""


def limit_text(limit: int) -> str:
    """The limit as users write it (``20 MB``), for messages."""
    if limit >= 2**20:
        return f"{limit / 2**20:g} MB"
    return f"{limit / 2**10:g} KB" if limit >= 2**10 else f"{limit} bytes"


def too_large(detail: str, limit: int, what: str = "too large", need: int = 0) -> str:
    """``too large (52.4 MB, over the 20 MB limit); split it, or raise the limit with --max-size
    (e.g. --max-size 60MB)``: the example fits ``need`` bytes when the size is known."""
    example = max(2 * limit, need + need // 10) // 2**20 + 1
    return (
        f"{what} ({detail}over the {limit_text(limit)} limit); split it, or raise the limit "
        f"with --max-size (e.g. --max-size {example}MB)"
    )


_MAX_BYTES: ContextVar[int] = ContextVar("newsmark_max_bytes", default=DEFAULT_MAX_BYTES)


def max_bytes() -> int:
    """The limit of the import running in this context (``--max-size``)."""
    return _MAX_BYTES.get()


def set_max_bytes(limit: int | None) -> Token[int]:
    """Set the limit for this context; give the token to ``reset_max_bytes`` when done."""
    return _MAX_BYTES.set(limit if limit else DEFAULT_MAX_BYTES)


def reset_max_bytes(token: Token[int]) -> None:
    _MAX_BYTES.reset(token)


def parse_size(text: str) -> int:
    """``20MB``, ``1.5GB``, ``500k``, ``1048576``: bytes (MB = 2**20)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", text.lower())
    if not m:
        raise ValueError(f"{text!r} is not a size; write e.g. 50MB or 2GB")
    n = float(m.group(1)) * 1024 ** " kmgt".index(m.group(2) or " ")
    if n < 1:
        raise ValueError(f"{text!r}: the limit must be at least one byte")
    return int(n)


# --- charset ----------------------------------------------------------------------------------


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML ``<meta>`` or XML declaration names in the first 4 KB, as a Python
    codec name, or None (undeclared, or a name Python does not know)."""
    import codecs

    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii", "replace").strip().lower()
    label = LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_legacy(data: bytes) -> tuple[str, str]:
    """Text of bytes that are not UTF-8, and a note saying which encoding was used and why."""
    declared = declared_charset(data)
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        try:
            return data.decode(declared), f"decoded as {declared} (declared in the file)"
        except (UnicodeDecodeError, LookupError):
            pass
    text, enc = detect(data)
    why = f" (the file says {declared}, but its bytes are not)" if declared else ""
    return text, f"not UTF-8, decoded as {enc}{why}"


def detect(data: bytes) -> tuple[str, str]:
    """charset_normalizer's guess, with a preference for the common Windows code pages among the
    guesses it rates (nearly) as likely: on a short French text cp1250, cp1252 and cp775 tie."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise ReadError("binary file or unknown encoding, not text; convert it to UTF-8")
    best = matches[0]
    close = [m for m in matches if m.chaos <= best.chaos + CHAOS_SLACK]
    ranked = sorted(
        close,
        key=lambda m: PREFERRED.index(m.encoding) if m.encoding in PREFERRED else len(PREFERRED),
    )
    pick = ranked[0] if ranked and ranked[0].encoding in PREFERRED else best
    return str(pick), pick.encoding


# --- bytes ------------------------------------------------------------------------------------


def read_file(path: Path, limit: int) -> bytes:
    """A whole file, refused beyond ``limit``; read again if it changes while being read."""
    for _ in range(_RETRIES):
        try:
            with open(path, "rb") as fh:
                before = os.fstat(fh.fileno())
                if before.st_size > limit:
                    raise ReadError(
                        too_large(f"{before.st_size / 1e6:.1f} MB, ", limit, need=before.st_size)
                    )
                data = fh.read(limit + 1)
                after = os.fstat(fh.fileno())
        except OSError as exc:
            raise ReadError(
                f"cannot read ({exc.strerror or exc}); check the path and its permissions"
            ) from None
        if len(data) > limit:
            raise ReadError(too_large("it grew while read, ", limit))
        if before.st_size == after.st_size == len(data) and before.st_mtime_ns == after.st_mtime_ns:
            return data
    raise ReadError(
        "the file changed while it was read (is it still being written?); "
        "import it again once it is complete"
    )


def read_stream(fh: object, limit: int) -> bytes:
    """Standard input (or any binary stream), refused beyond ``limit``."""
    data = fh.read(limit + 1)  # type: ignore[attr-defined]
    if len(data) > limit:
        raise ReadError(too_large("standard input, ", limit))
    return data


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompressed gzip data (every member); too large and damaged are told apart."""
    out = bytearray()
    rest = data
    while rest:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += d.decompress(rest, limit + 1 - len(out))
        except zlib.error as exc:
            raise ReadError(f"broken gzip ({exc}); the file is damaged, get it again") from None
        if len(out) > limit or (d.unconsumed_tail and not d.eof):
            raise ReadError(too_large("", limit, "too large once decompressed"))
        if not d.eof:
            raise ReadError(
                "broken gzip (the compressed data ends early: truncated); the file is damaged, get it again"
            )
        rest = d.unused_data.lstrip(b"\x00")
    return bytes(out)
