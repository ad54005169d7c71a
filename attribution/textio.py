"""Reading article files whatever their encoding, with a clear error for what is not text."""
from __future__ import annotations

import codecs
import os
from pathlib import Path


def max_bytes() -> int:
    """Largest file read as one article: news articles are kilobytes; a 50 MB file is a dump, not an article.
    $BALHEON_MAX_ARTICLE_MB raises the limit."""
    try:
        return int(float(os.environ.get("BALHEON_MAX_ARTICLE_MB", "5")) * 1024 * 1024)
    except ValueError:
        return 5 * 1024 * 1024


class ArticleReadError(Exception):
    """A file that cannot be read as an article; the message is meant for the user."""


def decode_bytes(data: bytes, name: str = "input") -> str:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 (BOM or detected), CP949/EUC-KR."""
    if not data:
        return ""
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            raise ArticleReadError(f"{name}: looks like a binary file ({kind}), not a text article")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name)
    if b"\x00" in data[:65536]:
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _mostly_text(text) and _readable_share(text) >= 0.9:
                return text
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
    """The text of one article file, or ArticleReadError with a message for the user.

    Text files are decoded here; a PDF, HWP/HWPX, Word file or saved web page is read by its reader
    (`attribution.readers`), so `parse` and `eval` take them too. A spreadsheet or corpus file holds many
    articles and is refused here (`attribution.readers.read_records` reads them)."""
    from .readers import kind_of, read_document

    if kind_of(path).module == "text":  # .txt, .md, and any file of another name that is named explicitly
        return read_text_file(path)
    return read_document(path).text


def read_text_file(path: str | Path) -> str:
    """Read one text file as an article, whatever its encoding, or raise ArticleReadError."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise ArticleReadError(f"{p}: is a folder, not a file")
        if not p.is_file():
            raise ArticleReadError(f"{p}: not a regular file")
        if size > max_bytes():
            raise ArticleReadError(
                f"{p}: too large for one article ({size / (1024 * 1024):.0f} MB; the limit is "
                f"{max_bytes() / (1024 * 1024):.0f} MB, set BALHEON_MAX_ARTICLE_MB to change it)"
            )
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


_BINARY_MAGIC = (
    (b"\x89PNG", "PNG image"), (b"GIF8", "GIF image"), (b"\xff\xd8\xff", "JPEG image"), (b"PK\x03\x04", "zip archive"),
    (b"%PDF", "PDF"), (b"\x1f\x8b", "gzip archive"), (b"SQLite format 3", "SQLite database"),
    (b"\xd0\xcf\x11\xe0", "old Office/HWP document"), (b"HWP Document File", "HWP document"),
)


def _readable_share(text: str) -> float:
    """Share of characters a Korean article is made of: Hangul, printable ASCII, punctuation and spaces.
    (Hanja are left out on purpose: random bytes read as UTF-16 come out as a stream of them.)"""
    sample = text[:20000]
    if len(sample) < 8:
        return 0.0
    ok = sum(
        1
        for ch in sample
        if (ch.isascii() and (ch.isprintable() or ch in "\n\r\t"))
        or "\uac00" <= ch <= "\ud7a3" or "\u3000" <= ch <= "\u303f" or "\u2000" <= ch <= "\u206f"
        or "\u3130" <= ch <= "\u318f" or "\uff00" <= ch <= "\uffef"
    )
    return ok / len(sample)


def _mostly_text(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for ch in text[:100_000] if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    return bad <= max(2, len(text[:100_000]) // 1000)
