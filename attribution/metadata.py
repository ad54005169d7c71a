"""Article metadata read from the text itself: headline, publication date, outlet, reporter.

Pure functions over the article text: scraped articles carry their own byline and date lines
(「입력 : 2025. 12. 17(수) 16:49」, 「[천지일보=강은영 기자]」), and press releases give only a
month and a day with its weekday (「6월 30일(화)」), from which the year follows.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import asdict, dataclass

# How far into the text a date or byline is looked for (they sit at the top or the very bottom).
_HEAD_CHARS = 1500
_TAIL_CHARS = 800
_MAX_HEADLINE = 120
_WEEKDAYS = "월화수목금토일"


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    headline: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    outlet: str | None = None
    reporter: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def extract_metadata(text: str, today: _dt.date | None = None) -> ArticleMeta:
    """Headline, date, outlet and reporter found in `text`; None for what is not there.

    `today` anchors dates written without a year (defaults to the current date).
    """
    if not text:
        return ArticleMeta()
    today = today or _dt.date.today()
    outlet, reporter = find_byline(text)
    return ArticleMeta(
        headline=find_headline(text),
        published=find_date(text, today),
        outlet=outlet,
        reporter=reporter,
    )


# -- headline -------------------------------------------------------------------------------------

_NOT_HEADLINE = re.compile(
    r"^\s*(입력|수정|등록|발행|기사입력|송고)\s*[:：]|^\s*[\[(（【][^\])）】\n]{0,20}=|^[□○∘◦•\-–▶◆■※]"
)


def find_headline(text: str) -> str | None:
    """The first non-empty line, if it reads like a headline: short, not a sentence ending in 다."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) > _MAX_HEADLINE or _NOT_HEADLINE.search(line):
            return None
        # 「…고 밝혔다.」 is a lead sentence; short 「…지원한다」 without a period is a press-release headline.
        if line.endswith(("다.", "다 .")) or (line.endswith("다") and len(line) > 40):
            return None
        if line.endswith(".") and len(line) > 60:
            return None
        return line
    return None


# -- dates ----------------------------------------------------------------------------------------

_YMD_SEP = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})(?!\d)")
_YMD_KO = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_MD_WEEKDAY = re.compile(r"(?<!\d)(\d{1,2})\s*월\s*(\d{1,2})\s*일\s*[(（]\s*([월화수목금토일])\s*(?:요일)?\s*[)）]")
_DATE_LABEL = re.compile(r"(입력|등록|발행|기사입력|송고|작성|게재|보도|승인|배포)\s*(일시|일자|일)?\s*[:：]?\s*$")


def _valid(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def find_date(text: str, today: _dt.date | None = None) -> str | None:
    """The article's date as YYYY-MM-DD.

    A date after a label (입력, 등록, 발행…) wins; otherwise the first full date near the top or
    the bottom; otherwise a month-day with a weekday, whose year is the one within ten years of
    today where that day falls on that weekday (closest to today).
    """
    today = today or _dt.date.today()
    head, tail = text[:_HEAD_CHARS], text[-_TAIL_CHARS:] if len(text) > _HEAD_CHARS else ""
    candidates: list[tuple[int, int, _dt.date]] = []  # (priority, position, date)
    for region_index, region in enumerate((head, tail)):
        for pattern in (_YMD_SEP, _YMD_KO):
            for m in pattern.finditer(region):
                d = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                if d is None:
                    continue
                labelled = _DATE_LABEL.search(region[max(0, m.start() - 20) : m.start()]) is not None
                priority = 0 if labelled else 1 + region_index
                candidates.append((priority, m.start(), d))
    if candidates:
        candidates.sort(key=lambda c: (c[0], c[1]))
        return candidates[0][2].isoformat()
    mentioned = {int(y) for y in _YEAR.findall(text)}
    for m in _MD_WEEKDAY.finditer(head):
        d = year_from_weekday(int(m.group(1)), int(m.group(2)), _WEEKDAYS.index(m.group(3)), today, mentioned=mentioned)
        if d is not None:
            return d.isoformat()
    return None


# A year written in the text (「포럼 2020」, 「2020년」), not part of a longer number or an amount (2020억원).
_YEAR = re.compile(r"(?<![\d.,-])((?:19|20)\d\d)(?![\d.,]\d|-\d{4}|\s*(?:억|만|천|원|명|개|건|곳|대|%))")


def year_from_weekday(month: int, day: int, weekday: int, today: _dt.date, span: int = 10,
                      mentioned: set[int] | frozenset[int] = frozenset()) -> _dt.date | None:
    """The date month/day within `span` years of today that falls on `weekday` (0=Monday).

    A year the article itself mentions wins among those that fit (「6월 30일(화)」 in a text that
    names 「포럼 2020」 is 2020, though 2026-06-30 is a Tuesday too); otherwise the closest to
    today, preferring dates that are not in the future (an article is about the past).
    """
    matches = [
        d
        for year in range(today.year - span, today.year + span + 1)
        if (d := _valid(year, month, day)) is not None and d.weekday() == weekday
    ]
    if not matches:
        return None
    named = [d for d in matches if d.year in mentioned]
    if named:
        matches = named
    # An article is not dated in the future: prefer the closest past date when there is one.
    past = [d for d in matches if d <= today + _dt.timedelta(days=1)]
    return min(past or matches, key=lambda d: abs((d - today).days))


# -- outlet and reporter --------------------------------------------------------------------------

_NAME = r"([가-힣]{2,4})"
# [천지일보=강은영 기자], (서울=NSP통신) 강은태 기자 =, (서울=뉴스1) 홍길동 기자
_BRACKET_EQ = re.compile(r"[\[(（【]\s*([^\[\]()（）【】=\n]{1,20}?)\s*=\s*([^\[\]()（）【】\n]{0,25}?)\s*[\])）】]")
_REPORTER_IN = re.compile(_NAME + r"\s*(?:기자|특파원|선임기자|객원기자|인턴기자)")
_REPORTER_AFTER = re.compile(r"^\s*" + _NAME + r"\s*(?:기자|특파원|선임기자|객원기자|인턴기자)")
# 이현규 기자 gnnews1@example.com  /  홍길동 기자 (hong@x.com)  /  이현규 기자 gnnews1@… (address cut off)
_REPORTER_EMAIL = re.compile(
    _NAME + r"\s*(?:기자|특파원|선임기자|객원기자|인턴기자)\s*[(<]?\s*[\w.+-]+@"
)
_REPORTER_LINE = re.compile(r"^\s*" + _NAME + r"\s*(?:기자|특파원)\s*$", re.MULTILINE)
# 박강열 / 안영혁 기자  /  김가람·이나래 기자
_REPORTERS = re.compile(r"^\s*([가-힣]{2,4}(?:\s*[/·,]\s*[가-힣]{2,4})+)\s*기자", re.MULTILINE)
# 장효인(hijang@example.co.kr) on a line of its own
_NAME_EMAIL_LINE = re.compile(r"^\s*" + _NAME + r"\s*\(\s*[\w.+-]+@[^)\n]*\)\s*$", re.MULTILINE)
_OUTLET_WORDS = re.compile(r"(일보|신문|뉴스|통신|방송|데일리|타임즈|타임스|저널|경제|투데이|미디어|TV|tv|닷컴|포스트|헤럴드)$")
_PLACE = re.compile(
    r"^(서울|부산|대구|인천|광주|대전|울산|세종|수원|제주|창원|전주|청주|춘천|포항|안동|여수|목포|경기|강원|충북|충남|"
    r"전북|전남|경북|경남|워싱턴|뉴욕|베이징|도쿄|파리|런던|모스크바|브뤼셀|홍콩|[가-힣]{1,4}(?:시|군|구|도))$"
)
_NOT_A_NAME = frozenset({"본지", "취재", "사진", "영상", "인턴", "수습", "객원", "선임", "전문", "편집"})


def find_byline(text: str) -> tuple[str | None, str | None]:
    """(outlet, reporter) from a byline near the top or bottom of the article."""
    head = text[:_HEAD_CHARS]
    tail = text[-_TAIL_CHARS:] if len(text) > _HEAD_CHARS else ""
    outlet = reporter = None
    for region in (head, tail):
        for m in _BRACKET_EQ.finditer(region):
            left, right = m.group(1).strip(), m.group(2).strip()
            # [천지일보=강은영 기자]: outlet on the left; (서울=NSP통신): place on the left, outlet on the right.
            inner = _REPORTER_IN.search(right)
            if _PLACE.match(left) and right and not inner:
                outlet = outlet or right
                after = _REPORTER_AFTER.match(region[m.end() :])
                if after and after.group(1) not in _NOT_A_NAME:
                    reporter = reporter or after.group(1)
            elif inner and inner.group(1) not in _NOT_A_NAME:
                outlet = outlet or left
                reporter = reporter or inner.group(1)
            elif _OUTLET_WORDS.search(left):
                outlet = outlet or left
            if outlet and reporter:
                return outlet, reporter
    if reporter is None:
        for region in (head, tail):
            many = _REPORTERS.search(region)
            if many:
                return outlet, ", ".join(re.split(r"\s*[/·,]\s*", many.group(1)))
            m = _REPORTER_EMAIL.search(region) or _REPORTER_LINE.search(region) or _NAME_EMAIL_LINE.search(region)
            if m and m.group(1) not in _NOT_A_NAME:
                return outlet, m.group(1)
    return outlet, reporter
