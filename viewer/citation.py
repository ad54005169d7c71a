"""A quote with its citation, as a reporter pastes it: “…” — 이름 직함(소속), 「제목」, 매체, 날짜.

The format is one setting (a template with {quote}, {speaker}, {title}, {org}, {headline},
{outlet}, {date}); parts the quote lacks are left out with their brackets and commas, so a quote
without a title or an outlet still reads cleanly.
"""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

DEFAULT_FORMAT = "“{quote}” — {speaker} {title}({org}), 「{headline}」, {outlet}, {date}"
SETTING = "citation_format"
FIELDS = ("quote", "speaker", "title", "org", "headline", "outlet", "date")
_FIELD = re.compile(r"\{(\w+)\}")


def citation_fields(row) -> dict[str, str]:
    """The template's values for a QuoteRow (missing ones are '')."""
    date = (row.published or "")[:10]
    return {
        "quote": " ".join((row.text or "").split()),
        "speaker": row.speaker or "",
        "title": row.title or "",
        "org": row.org or "",
        "headline": row.headline or "",
        "outlet": getattr(row, "outlet", None) or "",
        "date": date.replace("-", ".") if date else "",
    }


def format_citation(row, template: str | None = None) -> str:
    """The quote as `template` cites it; empty parts vanish with their brackets and separators."""
    template = template or DEFAULT_FORMAT
    values = citation_fields(row)
    text = _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), template)
    return tidy(text)


def tidy(text: str) -> str:
    """Drop what an empty field leaves behind: (), 「」, “”, [], doubled commas and spaces."""
    prev = None
    while prev != text:
        prev = text
        text = re.sub(r"\s*(\(\s*\)|「\s*」|『\s*』|\[\s*\]|<\s*>)", "", text)
        text = re.sub(r"\s*,(\s*,)+", ",", text)  # , , → ,
        text = re.sub(r"(—|-)\s*,", r"\1", text)  # — , → —
        text = re.sub(r"\s+,", ",", text)
        text = re.sub(r",\s*$", "", text.rstrip())
        text = re.sub(r"[ \t]{2,}", " ", text)
        text = re.sub(r"\s*(—|-)\s*$", "", text)
    return text.strip()


def template_of(settings) -> str:
    value = settings.value(SETTING, DEFAULT_FORMAT) if settings is not None else DEFAULT_FORMAT
    return str(value) if value else DEFAULT_FORMAT


class CitationFormatDialog(QDialog):
    """Edit the citation template, with the current quote as a live example."""

    def __init__(self, template: str, example_row=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("인용 형식")
        self.resize(640, 220)
        self.example_row = example_row
        self.edit = QLineEdit(template)
        self.edit.setObjectName("citationFormat")
        help_ = QLabel("쓸 수 있는 칸: " + " ".join("{" + f + "}" for f in FIELDS)
                       + "\n비어 있는 칸은 괄호·쉼표와 함께 빠집니다.")
        help_.setObjectName("paneMeta")
        help_.setTextFormat(Qt.TextFormat.PlainText)
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        default = QPushButton("기본값")
        default.clicked.connect(lambda: self.edit.setText(DEFAULT_FORMAT))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(default, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("발언을 복사할 때 붙일 출처 형식:"))
        lay.addWidget(self.edit)
        lay.addWidget(help_)
        lay.addWidget(QLabel("예:"))
        lay.addWidget(self.preview, 1)
        lay.addWidget(buttons)
        self.edit.textChanged.connect(self._update)
        self._update()

    def template(self) -> str:
        return self.edit.text().strip() or DEFAULT_FORMAT

    def _update(self) -> None:
        if self.example_row is None:
            self.preview.setText("(발언을 하나 고르면 예시가 보입니다)")
        else:
            self.preview.setText(format_citation(self.example_row, self.template()))
