"""Sample files of every format Balheon reads, written by the tests themselves from Korean text written
for them (no article is copied from anywhere): a press release and a news story with quotes in the
「“…”고 밝혔다」 form, and writers for TXT, PDF (reportlab; hard-wrapped as an HWP export is), DOCX
(python-docx), HWPX (a zip of OWPML XML built here), HWP 5.0 (hwp-converter-ai's writer, and python-hwpx
saving the HWPX built here), HTML (EUC-KR or UTF-8), BigKinds-shaped XLSX (openpyxl), CSV and JSONL.
"""
from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from typing import Iterable, Sequence
from xml.sax.saxutils import escape

PRESS_RELEASE = """한빛시, 공공심야약국 12곳으로 늘린다

- 내년 1월부터 밤 12시까지 운영…시민 불편 줄인다

□ 한빛시(시장 정다은)는 심야 시간에 문을 여는 공공심야약국을 현재 5곳에서 12곳으로 늘린다고 3일 밝혔다. 새로 지정되는 약국은 동별로 고르게 배치되며 평일과 주말 모두 밤 12시까지 문을 연다.

□ 정다은 한빛시장은 “밤늦게 아픈 아이를 안고 약국을 찾아 헤매는 부모가 없도록 하겠다”고 밝혔다. 시는 약사회와 협약을 맺고 약국 한 곳마다 운영비의 절반을 지원하기로 했다.

□ 오세진 한빛시 보건정책과장은 “약국마다 인건비 부담이 커 그동안 참여가 적었다”며 “지원 단가를 현실에 맞게 올렸다”고 설명했다.

□ 한빛시약사회 김도윤 회장은 “회원 약국들이 시민 건강을 지키는 일에 적극적으로 참여할 것”이라고 말했다.

□ 시는 내년 상반기 이용 실태를 조사해 운영 시간을 더 늘리는 방안도 검토할 계획이다. 오 과장은 “이용자가 많은 곳부터 새벽 2시까지 운영하는 방안을 살펴보겠다”고 덧붙였다."""

NEWS_TITLE = "시민단체 “도심 재개발, 주민 의견 먼저 들어야”"
NEWS_BODY = [
    "한빛시가 추진하는 도심 재개발 사업을 두고 시민단체와 시가 맞서고 있다.",
    "한빛시민연대 이수진 사무국장은 4일 시청 앞 기자회견에서 “주민 의견을 듣지 않은 재개발은 멈춰야 한다”고 밝혔다.",
    "이 국장은 “상인들이 쫓겨나는 일이 되풀이돼서는 안 된다”며 “시는 공청회부터 열어야 한다”고 덧붙였다.",
    "이에 대해 한빛시 도시계획과 관계자는 “이미 세 차례 설명회를 열었다”고 반박했다.",
    "그러면서 “보상 절차도 법에 따라 진행하고 있다”고 강조했다.",
]
NEWS = NEWS_TITLE + "\n\n" + "\n\n".join(NEWS_BODY)


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def quotes_of(text: str) -> list[tuple]:
    """What the comparisons compare: each quote's words, speaker, speaker type, title, organisation and verb."""
    from attribution import parse_text

    return [(q.text, q.speaker, q.speaker_type, q.title, q.org, q.verb) for q in parse_text(text).quotes]


# -- documents ---------------------------------------------------------------------------------------

def write_txt(text: str, path: Path) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    return path


def write_pdf(text: str, path: Path, wrap: int | None = None, font_size: float = 11) -> Path:
    """A PDF with the text set line by line. `wrap`: break every paragraph after that many characters,
    wherever it falls (inside a word too), as 한글 lays out Korean and a PDF export keeps it: a space that
    falls at a break stays at the end of its line or the start of the next. Paragraphs are set apart by
    a wider gap, the headline larger."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HYSMyeongJo-Medium"))  # built into reportlab: no font file needed
    c = canvas.Canvas(str(path))
    y = 800.0
    for n, para in enumerate(paragraphs(text)):
        size = font_size + 4 if n == 0 else font_size
        lines = [para[i:i + wrap] for i in range(0, len(para), wrap)] if wrap else [para]
        for line in lines:
            if y < 60:
                c.showPage()
                y = 800.0
            c.setFont("HYSMyeongJo-Medium", size)
            c.drawString(50, y, line)
            y -= size * 1.5
        y -= size * 1.2
    c.showPage()
    c.save()
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A PDF whose only page is a picture (what a scanner makes): no text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("RGB", (200, 100), "white")
    for x in range(20, 180):
        img.putpixel((x, 50), (0, 0, 0))
    c = canvas.Canvas(str(path))
    c.drawImage(ImageReader(img), 50, 600, width=400, height=200)
    c.showPage()
    c.save()
    return path


def encrypt_pdf(src: Path, dst: Path, user_password: str, owner_password: str = "owner") -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(src)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    with open(dst, "wb") as fh:
        writer.write(fh)
    return dst


def write_docx(text: str, path: Path, table: Sequence[Sequence[str]] | None = None, boxed: bool = False) -> Path:
    """A Word file with one paragraph per paragraph of `text`; `boxed` sets the body in a one-cell table
    (as press releases often do); `table` adds a table of cells after it."""
    import docx

    document = docx.Document()
    paras = paragraphs(text)
    document.add_paragraph(paras[0], style="Title")
    if boxed:
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        cell.paragraphs[0].text = paras[1]
        for p in paras[2:]:
            cell.add_paragraph(p)
    else:
        for p in paras[1:]:
            document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    document.save(str(path))
    return path


_HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
_HS = "http://www.hancom.co.kr/hwpml/2011/section"


def _run_xml(text: str) -> str:
    """One run of an OWPML paragraph: a tab and a line break inside the text are child elements of <hp:t>,
    with the text after them as their tail, as 한글 writes them."""
    parts = []
    for k, line in enumerate(text.split("\n")):
        if k:
            parts.append("<hp:lineBreak/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append('<hp:tab width="4000" leader="0" type="1"/>')
            parts.append(escape(piece))
    return f'<hp:run charPrIDRef="0"><hp:t>{"".join(parts)}</hp:t></hp:run>'


def write_hwpx(text: str, path: Path, raw_paragraphs: Iterable[str] | None = None, encrypted: bool = False) -> Path:
    """An HWPX package (zip of OWPML XML) with one <hp:p> per paragraph of `text` (or `raw_paragraphs`,
    which may hold tabs and line breaks)."""
    paras = list(raw_paragraphs) if raw_paragraphs is not None else paragraphs(text)
    body = "".join(
        f'<hp:p id="{i}" paraPrIDRef="0" styleIDRef="0" pageBreak="0" columnBreak="0" merged="0">{_run_xml(p)}</hp:p>'
        for i, p in enumerate(paras)
    )
    section = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
               f'<hs:sec xmlns:hs="{_HS}" xmlns:hp="{_HP}">{body}</hs:sec>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip")
        z.writestr("version.xml", '<?xml version="1.0" encoding="UTF-8"?><hv:HCFVersion '
                   'xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" tagetApplication="WORDPROCESSOR" major="5" '
                   'minor="1" micro="0" buildNumber="1" os="1" xmlVersion="1.4" application="Hancom Office Hangul" '
                   'appVersion="11.0.0.0"/>')
        z.writestr("META-INF/container.xml", '<?xml version="1.0" encoding="UTF-8"?><ocf:container '
                   'xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container"><ocf:rootfiles><ocf:rootfile '
                   'full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/></ocf:rootfiles>'
                   '</ocf:container>')
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><odf:manifest '
                   'xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                   + ('<odf:file-entry odf:full-path="Contents/section0.xml"><odf:encryption-data/></odf:file-entry>'
                      if encrypted else '') + '</odf:manifest>')
        z.writestr("Contents/content.hpf", '<?xml version="1.0" encoding="UTF-8"?><opf:package '
                   'xmlns:opf="http://www.idpf.org/2007/opf/"><opf:manifest><opf:item id="header" '
                   'href="Contents/header.xml" media-type="application/xml"/><opf:item id="section0" '
                   'href="Contents/section0.xml" media-type="application/xml"/></opf:manifest><opf:spine>'
                   '<opf:itemref idref="header"/><opf:itemref idref="section0"/></opf:spine></opf:package>')
        z.writestr("Contents/header.xml", '<?xml version="1.0" encoding="UTF-8"?><hh:head '
                   'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" version="1.4" secCnt="1"/>')
        z.writestr("Contents/section0.xml", section)
    return path


def write_hwp(text: str, path: Path) -> Path:
    """A real HWP 5.0 file (an OLE compound file of HWP records) by hwp-converter-ai's writer (MIT), one
    paragraph per paragraph of `text` (given as Markdown paragraphs, which it writes as 한글 paragraphs)."""
    from hwp_converter_ai import HwpWriter

    HwpWriter().from_markdown(text, Path(path))
    return path


def write_hwp_via_python_hwpx(hwpx_path: Path, path: Path) -> Path:
    """The HWPX package at `hwpx_path` saved as HWP 5.0 by python-hwpx (tabs and line breaks included)."""
    from hwpx import HwpxDocument

    HwpxDocument.open(str(hwpx_path)).save_to_path(str(path))
    return path


def set_hwp_flags(path: Path, flags: int) -> Path:
    """Set property bits in an HWP file's FileHeader stream (0x02 password, 0x04 distribution document), in
    place with olefile (BSD): the 256-byte stream is stored uncompressed, its properties at offset 36."""
    import olefile

    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        header = bytearray(ole.openstream("FileHeader").read())
        props = int.from_bytes(header[36:40], "little") | flags
        header[36:40] = props.to_bytes(4, "little")
        ole.write_stream("FileHeader", bytes(header))
    return path


def write_html(path: Path, title: str, body: Sequence[str], *, encoding: str = "utf-8", outlet: str | None = "한빛일보",
               author: str | None = "박지성 기자", published: str | None = "2024-03-12T09:30:00+09:00",
               url: str | None = "https://news.example.kr/article/2024/0312/1234") -> Path:
    """A news page as a browser saves it: menus, the story, related links, a footer."""
    metas = [f'<meta charset="{encoding}">', f"<title>{escape(title)} - {escape(outlet or '뉴스')}</title>",
             f'<meta property="og:title" content="{escape(title, {chr(34): "&quot;"})}">']
    if url:
        metas.append(f'<meta property="og:url" content="{url}"><link rel="canonical" href="{url}">')
    if outlet:
        metas.append(f'<meta property="og:site_name" content="{escape(outlet)}">')
    if author:
        metas.append(f'<meta name="author" content="{escape(author)}">')
    if published:
        metas.append(f'<meta property="article:published_time" content="{published}">')
    html = (
        '<!DOCTYPE html><html lang="ko"><head>' + "".join(metas) + "</head><body>"
        '<header><nav><ul><li><a href="/">홈</a></li><li><a href="/politics">정치</a></li><li><a href="/society">사회</a>'
        "</li><li><a href=\"/hot\">많이 본 뉴스</a></li></ul></nav></header>"
        f'<main><article><h1 class="headline">{escape(title)}</h1>'
        f'<div class="byline">{escape(author or "")} 입력 2024.03.12 09:30</div><div id="article-body">'
        + "".join(f"<p>{escape(p)}</p>" for p in body)
        + "</div></article>"
        '<aside class="related"><h3>관련 기사</h3><ul><li><a href="/a/9">다른 기사 “엉뚱한 인용”</a></li>'
        '<li><a href="/a/10">또 다른 기사</a></li></ul></aside></main>'
        "<footer><p>Copyright 한빛일보. 무단 전재 및 재배포 금지.</p></footer></body></html>"
    )
    path.write_bytes(html.encode(encoding))
    return path


# -- tables ------------------------------------------------------------------------------------------

BIGKINDS_HEADER = ["뉴스 식별자", "일자", "언론사", "기고자", "제목", "통합 분류1", "통합 분류2", "통합 분류3",
                   "사건/사고 분류1", "사건/사고 분류2", "사건/사고 분류3", "인물", "위치", "기관", "키워드", "특성추출",
                   "본문", "URL", "분석제외 여부"]


def bigkinds_row(n: int, title: str, body: str, *, date: str = "20240312", outlet: str = "한빛일보",
                 author: str = "박지성 기자", url: str | None = None) -> list:
    return [f"01100101.2024{n:010d}", date, outlet, author, title, "사회>지역", "", "", "", "", "", "", "한빛시", "",
            "재개발,주민", "", body, url if url is not None else f"https://news.example.kr/article/{n}", ""]


def write_xlsx(path: Path, rows: Iterable[Sequence], header: Sequence[str] = BIGKINDS_HEADER) -> Path:
    """A workbook as BigKinds downloads it: one sheet, the header in row 1, one article per row."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("sheet")
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(str(path))
    return path


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence], encoding: str = "utf-8-sig",
              delimiter: str = ",") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        for row in rows:
            w.writerow(row)
    return path


def write_jsonl(path: Path, objects: Iterable[object]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for obj in objects:
            fh.write((obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False)) + "\n")
    return path


# -- many distinct articles --------------------------------------------------------------------------

_SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
_GIVEN = ["민준", "서연", "도윤", "하은", "지호", "수아", "예준", "지유", "시우", "하린", "준서", "서윤"]
_ORGS = [("한빛시", "시장"), ("두리군", "군수"), ("새솔구", "구청장"), ("한빛시의회", "의장"), ("누리교육청", "교육감")]
_TOPICS = ["공공심야약국", "도심 재개발", "버스 노선 개편", "어린이 놀이터", "하천 정비", "청년 주택", "전통시장 주차장"]


def _josa(word: str, with_final: str, without: str) -> str:
    last = word[-1]
    final = "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 != 0
    return word + (with_final if final else without)


def story(n: int) -> tuple[str, str, str]:
    """Article number n, distinct from every other: (headline, body, speaker's name). Invented people,
    places and words, quotes in the 「“…”고 밝혔다」 form."""
    name = _SURNAMES[n % len(_SURNAMES)] + _GIVEN[(n // len(_SURNAMES)) % len(_GIVEN)]
    org, title = _ORGS[n % len(_ORGS)]
    topic = _TOPICS[n % len(_TOPICS)]
    headline = f"{org}, {topic} 사업 {n + 1}단계 착수"
    body = "\n\n".join([
        f"{_josa(org, '이', '가')} {topic} 사업의 {n + 1}단계를 이달 시작한다고 {n % 27 + 1}일 밝혔다.",
        f"{name} {org} {_josa(title, '은', '는')} “주민이 바로 느낄 수 있는 변화를 {n + 2}개월 안에 보여드리겠다”고 밝혔다.",
        f"{name[0]} {_josa(title, '은', '는')} “예산 {n + 3}억원을 아껴 쓰겠다”며 “진행 상황은 매달 알리겠다”고 말했다.",
    ])
    return headline, body, name
