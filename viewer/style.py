"""Colours, icons and the Hangul font: the look of the viewer in one place."""
from __future__ import annotations

import logging
from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QLabel

from attribution.resources import resource_path

log = logging.getLogger(__name__)

ICON_DIR = resource_path("icons")
STYLE_PATH = resource_path("style.qss")

# Families known to cover Hangul well, best first.
HANGUL_FAMILIES = (
    "NanumGothic",
    "NanumBarunGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Malgun Gothic",
    "Apple SD Gothic Neo",
    "AppleGothic",
    "UnDotum",
    "Baekmuk Gulim",
)

FONT_HELP = (
    "한글을 표시할 글꼴을 찾지 못했습니다. 한글 글꼴을 설치한 뒤 다시 실행하세요.\n"
    "No font covering Hangul was found; Korean text may show as boxes.\n\n"
    "Debian/Ubuntu: sudo apt-get install fonts-nanum\n"
    "Fedora: sudo dnf install google-noto-sans-cjk-fonts\n"
    "macOS/Windows: a Korean font (Apple SD Gothic Neo / Malgun Gothic) ships with the system."
)


def pick_hangul_family() -> str | None:
    """The first installed family that can render Hangul, or None."""
    families = QFontDatabase.families()
    present = {f.lower(): f for f in families}
    for name in HANGUL_FAMILIES:
        if name.lower() in present:
            return present[name.lower()]
    for fam in families:
        if QFontDatabase.WritingSystem.Korean in QFontDatabase.writingSystems(fam):
            return fam
    return None


def apply_hangul_font(app) -> str | None:
    """Make a Hangul font the application font; returns its family (None = none installed)."""
    family = pick_hangul_family()
    if family:
        font = QFont(family)
        font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
        app.setFont(font)
    return family


def header_label(text: str = "") -> QLabel:
    """A pane's title line (styled by the stylesheet's #paneHeader; text shown literally)."""
    lab = QLabel(text)
    lab.setObjectName("paneHeader")
    lab.setTextFormat(Qt.TextFormat.PlainText)
    return lab


def load_stylesheet() -> str:
    try:
        return STYLE_PATH.read_text(encoding="utf-8")
    except OSError as exc:  # an incomplete installation: the window still opens, plain
        log.warning("cannot read the style sheet %s: %s", STYLE_PATH, exc.strerror or exc)
        return ""


def _hue(speaker_id: int) -> float:
    """Golden-ratio steps: consecutive ids (speakers of one article) get far-apart hues."""
    return (0.58 + int(speaker_id) * 0.618033988749895) % 1.0


def speaker_color(speaker_id: int | None) -> QColor:
    """A stable, saturated colour per speaker (swatches, text accents)."""
    if speaker_id is None:
        return QColor("#888888")
    return QColor.fromHsvF(_hue(speaker_id), 0.62, 0.78)


def speaker_highlight(speaker_id: int | None) -> QColor:
    """A light background of the speaker's colour, readable under black text."""
    if speaker_id is None:
        return QColor("#e6e6e6")
    return QColor.fromHsvF(_hue(speaker_id), 0.28, 1.0)


# Stance names the parser may produce; unknown names get a stable hashed colour.
STANCE_COLORS = {
    "commitment": "#2e7d32",
    "support": "#388e3c",
    "agreement": "#43a047",
    "praise": "#66bb6a",
    "positive": "#43a047",
    "criticism": "#c62828",
    "opposition": "#d32f2f",
    "denial": "#ad1457",
    "refutation": "#ad1457",
    "negative": "#c62828",
    "concern": "#ef6c00",
    "warning": "#e65100",
    "demand": "#6a1b9a",
    "request": "#7b1fa2",
    "proposal": "#5e35b1",
    "assessment": "#1565c0",
    "claim": "#1565c0",
    "assertion": "#1565c0",
    "explanation": "#00838f",
    "prediction": "#00695c",
    "speculation": "#00796b",
    "question": "#4e342e",
    "neutral": "#607d8b",
    "report": "#546e7a",
}

STANCE_LABELS = {
    "commitment": "약속",
    "support": "지지",
    "agreement": "동의",
    "praise": "칭찬",
    "positive": "긍정",
    "criticism": "비판",
    "opposition": "반대",
    "denial": "부인",
    "refutation": "반박",
    "negative": "부정",
    "concern": "우려",
    "warning": "경고",
    "demand": "요구",
    "request": "요청",
    "proposal": "제안",
    "assessment": "평가",
    "claim": "주장",
    "assertion": "주장",
    "explanation": "설명",
    "prediction": "전망",
    "speculation": "추측",
    "question": "질문",
    "neutral": "중립",
    "report": "전달",
}


def stance_label(stance: str | None) -> str:
    if not stance:
        return ""
    return STANCE_LABELS.get(stance, stance)


def stance_color(stance: str | None) -> QColor:
    if not stance:
        return QColor("#9e9e9e")
    if stance in STANCE_COLORS:
        return QColor(STANCE_COLORS[stance])
    return QColor.fromHsvF(_hue(sum(map(ord, stance))), 0.55, 0.62)


TYPE_LABELS = {"person": "인물", "organization": "기관", "anonymous": "익명", "unknown": "미상"}


def type_label(kind: str | None) -> str:
    return TYPE_LABELS.get(kind or "unknown", kind or "")


_GLYPH_COLORS = {
    "person": "#3b6ea5",
    "organization": "#7a5c2e",
    "anonymous": "#8a8a8a",
    "unknown": "#8a8a8a",
}


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """An icon from resources/icons (SVG), or a small painted fallback."""
    path = ICON_DIR / f"{name}.svg"
    if path.is_file():
        ic = QIcon(str(path))
        if not ic.isNull():
            return ic
    log.warning("cannot load the icon %s; drawing a plain one", path)
    pm = QPixmap(32, 32)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(_GLYPH_COLORS.get(name, "#3b6ea5")))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(QRectF(2, 2, 28, 28))
    p.end()
    return QIcon(pm)


def type_icon(kind: str | None) -> QIcon:
    return icon(kind if kind in _GLYPH_COLORS else "unknown")
