"""What every reader shares: checks on the file before a library sees it, the library's absence as a
message, and the clean-up of what formats say about an article (dates, bylines, addresses)."""
from __future__ import annotations

import datetime as _dt
import importlib
import os
import re
import unicodedata
import zipfile
from pathlib import Path

from ..textio import ArticleReadError, max_bytes


def document_max_bytes() -> int:
    """Largest document file read (PDF, HWP, Word, a web page): they carry pictures and fonts, so the
    limit is on the file, not the text: $BALHEON_MAX_DOCUMENT_MB (default 200)."""
    try:
        return int(float(os.environ.get("BALHEON_MAX_DOCUMENT_MB", "200")) * 1024 * 1024)
    except ValueError:
        return 200 * 1024 * 1024


def check_file(path: Path, limit: int | None = None) -> int:
    """The file's size, after refusing what is no regular file or is larger than `limit` bytes."""
    try:
        if path.is_dir():
            raise ArticleReadError(f"{path}: is a folder, not a file")
        size = path.stat().st_size
        if not path.is_file():
            raise ArticleReadError(f"{path}: not a regular file")
        if not os.access(path, os.R_OK):
            raise ArticleReadError(f"{path}: permission denied")
    except FileNotFoundError:
        raise ArticleReadError(f"{path}: no such file") from None
    except PermissionError:
        raise ArticleReadError(f"{path}: permission denied") from None
    except OSError as exc:
        raise ArticleReadError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if limit is not None and size > limit:
        raise ArticleReadError(
            f"{path}: too large ({size / 2**20:.0f} MB; the limit is {limit / 2**20:.0f} MB, "
            "set BALHEON_MAX_DOCUMENT_MB to change it)"
        )
    if size == 0:
        raise ArticleReadError(f"{path}: empty file (no text)")
    return size


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    check_file(path, limit)
    try:
        return path.read_bytes()
    except PermissionError:
        raise ArticleReadError(f"{path}: permission denied") from None
    except OSError as exc:
        raise ArticleReadError(f"{path}: cannot read ({exc.strerror or exc})") from None


def need(module: str, package: str, path: Path, what: str):
    """Import the library a reader stands on, or say which package to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ArticleReadError(
            f"{path}: reading {what} needs the Python package {package} (pip install {package})"
        ) from None


def check_text(path: Path, text: str, what: str = "the document") -> str:
    """Refuse extracted text that is no article: empty, or more than one article can be."""
    if not text.strip():
        raise ArticleReadError(f"{path}: {what} has no text")
    if len(text) > max_bytes():
        raise ArticleReadError(
            f"{path}: too much text for one article ({len(text):,} characters; the limit is "
            f"{max_bytes():,}, set BALHEON_MAX_ARTICLE_MB to change it)"
        )
    return text


# Zip containers (DOCX, XLSX, HWPX): what they claim to unpack to is what zipfile lets them unpack to,
# so a look at the directory stops a small file that would fill the memory.
MAX_UNPACKED = 2 * 1024**3
MAX_RATIO = 1000


def check_zip(path: Path, what: str) -> None:
    """Refuse a zip container that is damaged, not a zip, or unpacks to far more than it holds."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise ArticleReadError(f"{path}: damaged, or not {what} (not a zip container)") from None
    except OSError as exc:
        raise ArticleReadError(f"{path}: cannot read ({exc.strerror or exc})") from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNPACKED or (total > 100 * 2**20 and total / packed > MAX_RATIO):
        raise ArticleReadError(
            f"{path}: unpacks to {total / 2**20:,.0f} MB from {packed / 2**20:,.1f} MB; refused as damaged or hostile"
        )


# -- what formats say about an article ----------------------------------------------------------

_DATE_NUM = re.compile(r"^\s*((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{0,6})\s*$")  # 20240312, 20240312093000
_DATE_SEP = re.compile(r"^\s*((?:19|20)\d{2})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})")  # 2024-03-12T…, 2024. 3. 12


def iso_date(value: object) -> str | None:
    """A date as YYYY-MM-DD from what tables and pages write: 20240312 (BigKinds' 일자), 2024-03-12,
    2024.03.12, 2024년 3월 12일, an ISO timestamp, a spreadsheet date. None for anything else."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    m = _DATE_NUM.match(text) or _DATE_SEP.match(text)
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


_ROLE = re.compile(r"\s*(?:선임|수석|객원|인턴|수습|전문|편집)?\s*(?:기자|특파원|논설위원|위원|칼럼니스트|PD)\b\s*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Words of a byline line that name no one (「입력 2024.03.12」 is taken for an author by page extractors).
_NOT_NAMES = frozenset({"입력", "수정", "등록", "송고", "승인", "발행", "기사입력", "최종수정", "업데이트", "작성", "게재", "By", "by"})


def clean_reporter(value: object) -> str | None:
    """Reporters' names as the store keeps them ("홍길동" or "홍길동, 김철수") from a byline cell or tag:
    「홍길동 기자」, 「홍길동 기자 hong@x.com」, 「홍길동·김철수 기자」, 「홍길동/김철수」."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value))
    text = _EMAIL.sub(" ", text)
    text = re.sub(r"[\[(（<][^\])）>]*[\])）>]", "  ", text)  # [한빛일보], (서울): not names
    text = re.sub(r"[\[\]()<>（）]", " ", text)
    names = []
    for part in re.split(r"\s*[,/·;|]\s*|\s{2,}", text):
        part = _ROLE.sub(" ", part).strip(" =-:")
        part = " ".join(w for w in part.split() if w not in _NOT_NAMES and not re.search(r"\d", w))
        if part and part not in names:
            names.append(part)
    joined = ", ".join(names)
    return joined[:200] or None


def clean_url(value: object) -> str | None:
    """An http(s) address, or None: the viewer opens it, so nothing else (file:, javascript:) is kept."""
    if value is None:
        return None
    text = str(value).strip()
    if re.match(r"^https?://[^\s/$.?#][^\s]*$", text, re.IGNORECASE) and len(text) <= 2000:
        return text
    return None


def clean_cell(value: object) -> str | None:
    """A metadata cell as text: trimmed, one line, None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(value))).strip()
    return text[:500] or None


def compose(title: str | None, body: str) -> str:
    """The text the parser reads when a format keeps the headline apart from the body: the headline,
    a blank line, the body (as a saved article reads). A body that already starts with it is kept as is."""
    body = body.strip("\n")
    if not title:
        return body
    title = title.strip()
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    if first == title:
        return body
    return f"{title}\n\n{body}"
