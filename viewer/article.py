"""The article pane: plain text only, every quote highlighted in its speaker's colour."""
from __future__ import annotations

import bisect
import logging

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextFormat, QTextOption
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QTextEdit, QToolButton, QVBoxLayout, QWidget

from db import highlight_spans

from . import style
from .models import article_label

log = logging.getLogger(__name__)

QUOTE_ID_PROP = QTextFormat.Property.UserProperty + 1
SEARCH_COLOR = QColor("#ffe066")


def _sanitize(text: str) -> str:
    """Same length, no characters that QTextDocument drops or reinterprets."""
    return text.replace("\r", "\n").replace("\x00", "\ufffd")


class _Utf16Map:
    """Python code-point offsets → QTextDocument (UTF-16) positions; identity for BMP-only text."""

    def __init__(self, text: str):
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def __call__(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect.bisect_left(self._astral, offset)


def _evidence_spans(q, to_doc, n: int) -> list[tuple[int, int, str]]:
    """The speaker mention and cue verb of a quote row as document spans (rows without them give none)."""
    out = []
    for kind in ("mention", "cue"):
        start, end = getattr(q, f"{kind}_start", None), getattr(q, f"{kind}_end", None)
        try:
            s, e = to_doc(int(start)), to_doc(int(end))
        except (TypeError, ValueError):
            continue
        if 0 <= s < e <= n:
            out.append((s, e, kind))
    return out


def evidence_of(pane, quote_id: int) -> list[tuple[int, int, str]]:
    """For tests and tools: the evidence spans the pane marks when `quote_id` is selected."""
    return list(pane._evidence.get(quote_id, ()))


class ArticleText(QTextBrowser):
    """Read-only, never loads resources or follows links; reports clicks on a quote."""

    quoteClicked = Signal(int)  # quote id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.viewport().installEventFilter(self)
        self.document().setDocumentMargin(14)

    def loadResource(self, kind, name):  # noqa: N802 - Qt override: nothing external, ever
        return None

    def eventFilter(self, obj, event):
        if obj is self.viewport() and event.type() == QEvent.Type.MouseButtonRelease:
            try:
                if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
                    qid = self.quote_id_at(event.position().toPoint())
                    if qid is not None:
                        self.quoteClicked.emit(qid)
            except Exception:
                log.exception("article click")
        return super().eventFilter(obj, event)

    def quote_id_at(self, pos) -> int | None:
        cursor = self.cursorForPosition(pos)
        return self.quote_id_at_position(cursor.position())

    def quote_id_at_position(self, position: int) -> int | None:
        c = QTextCursor(self.document())
        c.setPosition(min(position + 1, max(0, self.document().characterCount() - 1)))
        value = c.charFormat().property(QUOTE_ID_PROP)
        if value is None:
            c.setPosition(position)
            value = c.charFormat().property(QUOTE_ID_PROP)
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None


class ArticlePane(QWidget):
    """Headline/meta label above the article text, with a button that opens the source."""

    quoteClicked = Signal(int)
    openSourceRequested = Signal(int)  # article id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.header = style.header_label("기사를 선택하세요")
        self.header.setWordWrap(True)
        self.open_btn = QToolButton()
        self.open_btn.setObjectName("openSource")
        self.open_btn.setText("원문 열기")
        self.open_btn.setToolTip("기사 파일(또는 주소)을 기본 프로그램으로 엽니다")
        self.open_btn.setEnabled(False)
        self.open_btn.clicked.connect(lambda: self.article_id is not None and self.openSourceRequested.emit(self.article_id))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.header, 1)
        top.addWidget(self.open_btn, 0, Qt.AlignmentFlag.AlignTop)
        self.meta = QLabel("")
        self.meta.setObjectName("paneMeta")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.text = ArticleText(self)
        self.text.setObjectName("articleText")
        self.text.quoteClicked.connect(self.quoteClicked)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(top)
        lay.addWidget(self.meta)
        lay.addWidget(self.text, 1)
        self.article_id: int | None = None
        self.article = None  # the ArticleRow shown
        self._spans: dict[int, tuple[int, int, int | None]] = {}  # quote id -> (doc start, doc end, speaker id)
        # quote id -> (doc start, doc end): the same words quoted in the headline (one statement)
        self._headline_spans: dict[int, tuple[int, int]] = {}
        # quote id -> [(doc start, doc end, "mention" | "cue")]: where the parser found the speaker and the verb
        self._evidence: dict[int, list[tuple[int, int, str]]] = {}
        self.current_quote: int | None = None
        self.query: str | None = None
        self._search: list[tuple[int, int]] = []  # document spans of the search term
        self._quote_selections: list = []

    def clear(self, message: str = "기사를 선택하세요") -> None:
        self.article_id = None
        self.article = None
        self._spans = {}
        self._headline_spans = {}
        self._evidence = {}
        self._search = []
        self._quote_selections = []
        self.current_quote = None
        self.header.setText(message)
        self.meta.setText("")
        self.open_btn.setEnabled(False)
        self.text.clear()

    def plain_text(self) -> str:
        return self.text.toPlainText()

    def show_article(self, article, quotes) -> None:
        """Insert the text as plain characters, then colour each quote span."""
        self.article_id = article.id
        self.article = article
        self.current_quote = None
        self._quote_selections = []
        self.header.setText(article_label(article))
        url = getattr(article, "url", None)
        row = getattr(article, "source_row", None)
        self.open_btn.setEnabled(bool(article.source_path or url))
        self.open_btn.setToolTip(f"기사 주소를 엽니다: {url}" if url else "기사 파일을 기본 프로그램으로 엽니다")
        source = article.source_path and (f"{article.source_path} ({row}행)" if row else article.source_path)
        meta = [x for x in ((article.published or "")[:16] or "날짜 없음", article.outlet, article.reporter,
                            source, url) if x]
        self.meta.setText(" · ".join(str(m) for m in meta))
        text = _sanitize(article.text or "")
        to_doc = _Utf16Map(text)
        doc = self.text.document()
        self.text.setExtraSelections([])
        # A fresh, unformatted document: QTextEdit.setPlainText would reuse the cursor's char
        # format (the previous quote's background) for the whole new text.
        self.text.clear()
        self.text.setCurrentCharFormat(QTextCharFormat())
        doc.setPlainText(text)
        self._spans = {}
        self._headline_spans = {}
        self._evidence = {}
        self._plain = text
        self._to_doc = to_doc
        n = doc.characterCount() - 1
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for q in quotes:
            try:
                s, e = to_doc(int(q.start)), to_doc(int(q.end))
            except (TypeError, ValueError):
                continue
            if not (0 <= s < e <= n):
                continue
            fmt = QTextCharFormat()
            fmt.setBackground(style.speaker_highlight(q.speaker_id))
            fmt.setProperty(QUOTE_ID_PROP, int(q.id))
            fmt.setToolTip("")
            spans = [(s, e)]
            if getattr(q, "in_headline", False):
                try:
                    hs, he = to_doc(int(q.headline_start)), to_doc(int(q.headline_end))
                except (TypeError, ValueError):
                    hs = he = -1
                if 0 <= hs < he <= n:
                    self._headline_spans[int(q.id)] = (hs, he)
                    spans.append((hs, he))
            for a, b in spans:
                cursor.setPosition(a)
                cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(fmt)
            self._spans[int(q.id)] = (s, e, q.speaker_id)
            self._evidence[int(q.id)] = _evidence_spans(q, to_doc, n)
        cursor.endEditBlock()
        self._find_search()
        self._apply_selections()
        self.text.moveCursor(QTextCursor.MoveOperation.Start)

    # -- the search term --------------------------------------------------------------------------
    def set_search(self, query: str | None) -> None:
        """Mark every occurrence of the search (as the statement lists do) in the article."""
        query = (query or "").strip() or None
        if query == self.query:
            return
        self.query = query
        self._find_search()
        self._apply_selections()

    def search_spans(self) -> list[tuple[int, int]]:
        return list(self._search)

    def _find_search(self) -> None:
        self._search = []
        text = getattr(self, "_plain", "")
        if self.query and text and self.article_id is not None:
            to_doc = self._to_doc
            self._search = [(to_doc(s), to_doc(e)) for s, e in highlight_spans(text, self.query)]

    def _apply_selections(self) -> None:
        sels = []
        for s, e in self._search:
            sel = QTextEdit.ExtraSelection()
            c = QTextCursor(self.text.document())
            c.setPosition(s)
            c.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = c
            f = QTextCharFormat()
            f.setBackground(SEARCH_COLOR)
            sel.format = f
            sels.append(sel)
        self.text.setExtraSelections(sels + self._quote_selections)

    def headline_span(self, quote_id: int) -> tuple[int, int] | None:
        """Where the headline quotes the same words (a statement marked as in the headline)."""
        return self._headline_spans.get(quote_id)

    def has_quote(self, quote_id: int) -> bool:
        return quote_id in self._spans

    def quote_ids(self) -> list[int]:
        return list(self._spans)

    def span(self, quote_id: int) -> tuple[int, int] | None:
        s = self._spans.get(quote_id)
        return (s[0], s[1]) if s else None

    def select_quote(self, quote_id: int) -> bool:
        """Scroll to the quote and select it; a strong outline marks it even without focus."""
        span = self._spans.get(quote_id)
        if span is None:
            return False
        s, e, speaker_id = span
        self.current_quote = quote_id
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(s)
        cursor.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
        sel = QTextEdit.ExtraSelection()
        sel.cursor = QTextCursor(cursor)
        fmt = QTextCharFormat()
        base = style.speaker_color(speaker_id)
        fmt.setBackground(base.lighter(135))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(base.darker(150))
        fmt.setFontWeight(QFont.Weight.DemiBold)
        sel.format = fmt
        selections = [sel]
        hspan = self._headline_spans.get(quote_id)
        if hspan is not None:  # the same statement in the headline
            head = QTextEdit.ExtraSelection()
            hc = QTextCursor(self.text.document())
            hc.setPosition(hspan[0])
            hc.setPosition(hspan[1], QTextCursor.MoveMode.KeepAnchor)
            head.cursor = hc
            head.format = fmt
            selections.append(head)
        for es, ee, kind in self._evidence.get(quote_id, ()):
            # The evidence: the phrase that named the speaker and the reporting verb, marked where they stand.
            mark = QTextEdit.ExtraSelection()
            c = QTextCursor(self.text.document())
            c.setPosition(es)
            c.setPosition(ee, QTextCursor.MoveMode.KeepAnchor)
            mark.cursor = c
            f = QTextCharFormat()
            # Extra selections cannot change the font (no relayout): colour and underline carry the mark.
            f.setFontUnderline(True)
            f.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            if kind == "mention":
                f.setBackground(base.lighter(120))
                f.setUnderlineColor(base.darker(200))
            else:
                f.setBackground(QColor("#e4e4e4"))
                f.setUnderlineColor(QColor("#333333"))
            mark.format = f
            selections.append(mark)
        self._quote_selections = selections
        self._apply_selections()
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        # Put the quote near the top third rather than on the bottom edge, so its context shows.
        start = QTextCursor(self.text.document())
        start.setPosition(s)
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.value() + self.text.cursorRect(start).top() - self.text.viewport().height() // 4)
        return True

    def selected_text(self) -> str:
        return self.text.textCursor().selectedText().replace("\u2029", "\n")
