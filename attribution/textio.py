"""Reading article files whatever their encoding, with a clear error for what is not text."""
from __future__ import annotations

import codecs
from pathlib import Path

MAX_BYTES = 200 * 1024 * 1024


class ArticleReadError(Exception):
    """A file that cannot be read as an article; the message is meant for the user."""


def decode_bytes(data: bytes, name: str = "input") -> str:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 (BOM or detected), CP949/EUC-KR."""
    if not data:
        return ""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name)
    utf16 = _guess_bomless_utf16(data)
    if utf16:
        return _strict(data, utf16, name)
    if b"\x00" in data[:65536]:
        raise ArticleReadError(f"{name}: looks like a binary file (contains NUL bytes), not a text article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_text(text):
        return text
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:1_000_000]).best()
    except Exception:  # pragma: no cover - optional detector failing is not the user's problem
        best = None
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and _mostly_text(text):
            return text
    raise ArticleReadError(
        f"{name}: cannot decode the text (not UTF-8, UTF-16 or CP949/EUC-KR); save it as UTF-8 and try again"
    )


def read_article(path: str | Path) -> str:
    """Read one article file as text, or raise ArticleReadError with a message for the user."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise ArticleReadError(f"{p}: not a regular file")
        if size > MAX_BYTES:
            raise ArticleReadError(f"{p}: too large for an article ({size // (1024 * 1024)} MB)")
        data = p.read_bytes()
    except ArticleReadError:
        raise
    except PermissionError:
        raise ArticleReadError(f"{p}: permission denied") from None
    except FileNotFoundError:
        raise ArticleReadError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise ArticleReadError(f"{p}: is a folder, not a file") from None
    except OSError as exc:
        raise ArticleReadError(f"{p}: cannot read ({exc.strerror or exc})") from None
    return decode_bytes(data, str(p))


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ArticleReadError(f"{name}: damaged {encoding.upper()} text (undecodable bytes)") from None


def _guess_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows NUL in every other byte for ASCII-heavy text."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _mostly_text(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for ch in text[:100_000] if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    return bad <= max(2, len(text[:100_000]) // 1000)
