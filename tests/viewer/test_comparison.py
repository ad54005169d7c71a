"""Speakers side by side: the words first, readable for two to four speakers at 1400×900, with each
speaker's stance mix and a shared search marked in every column, counted per speaker."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from db import QuoteFilter

from .test_window import speaker_id, type_text

LONG_TALKERS = ("정병선", "이재성", "김기홍", "김기선")  # corpus speakers whose quotes run 64–170 characters


def select(window, names):
    window.speakers.select_ids([speaker_id(window, n) for n in names])
    return window.statements.columns


@pytest.mark.parametrize("n", [2, 3, 4])
def test_every_column_shows_the_words_at_1400x900(window, qtbot, n):
    window.resize(1400, 900)
    cols = select(window, LONG_TALKERS[:n])
    assert len(cols) == n
    qtbot.waitUntil(lambda: all(c.view.isVisible() and c.model.rowCount() for c in cols), timeout=5000)
    for c in cols:
        qtbot.waitUntil(lambda c=c: c.view.visualRect(c.model.index(0, 0)).height() > 0, timeout=5000)
        shown = c.delegate.visible_text(c.model.index(0, 0))
        assert len(shown) >= 40, (c.speaker.name, c.view.width(), shown)
        # the first card's words are the start of the quote, wrapped (not elided)
        row = c.model.row_object(0)
        assert " ".join(row.text.split()).startswith(shown[:40])
        assert c.view.viewport().width() >= 180
    # nothing is cut off to the right: the columns fit the pane without a horizontal scroll bar
    assert not window.statements.scroll.horizontalScrollBar().isVisible()


def test_cards_carry_stance_date_and_article_with_the_rest_in_the_tooltip(window, qtbot):
    [col] = select(window, ["이재성"])
    m = col.model
    assert [k for k, _h, _s in m.columns][0] == "text"  # the list shows the words
    row = m.row_object(0)
    tip = m.data(m.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert row.verb in tip and "기사: 전남도, AI 시대" in tip and "2025-12-17" in tip
    # one card is as tall as its wrapped words need (more than one line for a long quote)
    h = col.view.visualRect(m.index(0, 0)).height()
    assert h > 3 * col.view.fontMetrics().lineSpacing()


def test_headers_keep_each_speakers_stance_mix(window, qtbot, store):
    cols = select(window, ["박민수", "이재성"])
    for c in cols:
        mix = store.stance_mix(c.speaker.id)
        qtbot.waitUntil(lambda c=c, mix=mix: c.bar.mix == mix, timeout=5000)
        assert c.mix.text().startswith("입장: ") and c.bar.isVisible()
    assert "비판 2" in cols[0].mix.text() and "요구 1" in cols[0].mix.text()


def test_a_shared_search_is_marked_in_every_column_and_counted_per_speaker(window, qtbot, store):
    park, official = speaker_id(window, "박민수"), speaker_id(window, "기획재정부")
    window.speakers.select_ids([park, official])
    type_text(window.filters.search, "정부")
    window.filters.flush()
    cols = window.statements.columns
    assert [c.speaker.id for c in cols] == [park, official]
    for c in cols:
        assert c.delegate.query == "정부"
        qtbot.waitUntil(lambda c=c: c.match_count is not None, timeout=5000)
        n = store.quote_count(QuoteFilter(speaker_ids=(c.speaker.id,), query="정부"))
        total = store.quote_count(QuoteFilter(speaker_ids=(c.speaker.id,)))
        assert c.match_count == (n, total)
        assert c.matches.isVisible() and c.matches.text() == f"‘정부’ 일치 {n}건 / 전체 {total}건"
    assert cols[0].match_count == (2, 3)
    # the article pane marks the same word
    cols[0].view.setFocus()
    cols[0].view.selectRow(0)
    spans = window.article.search_spans()
    text = window.article.plain_text()
    assert spans and all(text[s:e] == "정부" for s, e in spans)
    window.filters.search.clear()
    window.filters.flush()
    assert not window.statements.columns[0].matches.isVisible() and window.article.search_spans() == []


def test_sorting_the_columns(window, qtbot, store):
    [col] = select(window, ["정병선"])
    dates = lambda: [col.model.row_object(r).id for r in range(col.model.rowCount())]  # noqa: E731
    newest = dates()
    window.statements.sort.setCurrentIndex(window.statements.sort.findText("오래된순"))
    assert dates() == store.quote_ids(QuoteFilter(speaker_ids=(col.speaker.id,)), sort="date", descending=False)
    assert newest == store.quote_ids(QuoteFilter(speaker_ids=(col.speaker.id,)), sort="date", descending=True)
