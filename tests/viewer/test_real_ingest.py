"""The window on data the real parser produced: ingest the bundled articles plus texts of our own.

Expectations are read from the store (what the parser found), so parser improvements do not break
these tests; the hand-attributed corpus in corpus.py covers exact interaction details.
"""
from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from db import QuoteFilter

OWN = {
    "own_budget.txt": (
        "국회 예산 심사 본격화\n"
        "입력 2024.11.04\n"
        "박민수 국회 예산결산특별위원장은 4일 “정부 예산안은 민생을 외면했다”며 “전면 재검토가 필요하다”고 주장했다.\n"
        "이에 대해 기획재정부는 “재정 건전성을 함께 고려했다”고 해명했다.\n"
    ),
    "own_markup.txt": (
        "<b>x</b><img src=x> 시민단체 성명\n"
        "참여연대는 성명을 내고 “<b>x</b><img src=x> 정부는 즉각 사과해야 한다”고 밝혔다.\n"
    ),
}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, samples_dir):
    from db.ingest import ingest_paths

    root = tmp_path_factory.mktemp("real")
    src = root / "articles"
    src.mkdir()
    for p in samples_dir.glob("*.txt"):
        (src / p.name).write_bytes(p.read_bytes())
    for name, text in OWN.items():
        (src / name).write_text(text, encoding="utf-8")
    db = root / "real.db"
    report = ingest_paths(str(db), [str(src)], jobs=1)
    assert report.added == 4 and not report.failed
    return db


@pytest.fixture
def real_window(qtbot, ingested, tmp_path, settings):
    import shutil

    from viewer.app import create_window

    db = tmp_path / "real.db"
    shutil.copy(ingested, db)
    win = create_window(str(db), settings, first_run_samples=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_parsed_speakers_and_side_by_side(real_window, qtmodeltester):
    win = real_window
    store = win.store
    assert store.quote_count(QuoteFilter()) > 0, "the parser found no quotes in the sample articles"
    m = win.speakers.model
    qtmodeltester.check(m)
    assert m.rowCount() == store.speaker_count() >= 2
    ids = [m.id_at(0), m.id_at(1)]
    win.speakers.select_ids(ids)
    cols = win.statements.columns
    assert [c.speaker.id for c in cols] == ids
    for c in cols:
        assert c.count() == store.quote_count(QuoteFilter(speaker_ids=(c.speaker.id,)))
        qtmodeltester.check(c.model)


def test_parsed_quote_lands_in_its_article_and_back(real_window, qtbot):
    win = real_window
    store = win.store
    sid = win.speakers.model.id_at(0)
    win.speakers.select_ids([sid])
    col = win.statements.columns[0]
    col.view.setFocus()
    col.view.selectRow(0)
    qid = col.model.id_at(0)
    q = store.quote_rows([qid])[0]
    text = win.article.plain_text()
    cur = win.article.text.textCursor()
    assert (cur.selectionStart(), cur.selectionEnd()) == (q.start, q.end)
    assert " ".join(text[q.start : q.end].split()) == " ".join(q.text.split())
    # the parser's evidence is marked too: the phrase that named the speaker and the reporting verb
    from viewer.article import evidence_of

    marks = {kind: text[s:e] for s, e, kind in evidence_of(win.article, qid)}
    if q.mention_start is not None:
        assert marks["mention"] == text[q.mention_start : q.mention_end]
    if q.cue_start is not None:
        assert marks["cue"] == text[q.cue_start : q.cue_end] and marks["cue"]
    assert len(win.article.text.extraSelections()) == 1 + len(marks)
    # click another highlighted quote of the same article (any speaker) and land on its speaker
    others = [r for r in store.article_quotes(q.article_id) if r.id != qid and r.speaker_id is not None]
    if not others:
        pytest.skip("the parser found a single attributed quote in this article")
    target = others[-1]
    c = QTextCursor(win.article.text.document())
    c.setPosition(target.start + 1)
    win.article.text.setTextCursor(QTextCursor(win.article.text.document()))  # no selection
    qtbot.mouseClick(win.article.text.viewport(), Qt.MouseButton.LeftButton, pos=win.article.text.cursorRect(c).center())
    assert win.speakers.selected_ids() == [target.speaker_id]
    assert win.article.current_quote == target.id


def test_search_export_and_markup_on_parsed_data(real_window, qtbot, tmp_path):
    win = real_window
    store = win.store
    win.filters.search.setText("정부")
    win.filters.flush()
    n = store.quote_count(QuoteFilter(query="정부"))
    assert n >= 1 and win.statements.total() == n
    out = tmp_path / "real.csv"
    with qtbot.waitSignal(win.exportFinished, timeout=20000):
        win.export_to(str(out))
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == n and all("정부" in r["발언"] for r in rows)
    markup = [i for i in store.quote_ids(QuoteFilter(query="사과")) if "<img" in store.article(store.quote_rows([i])[0].article_id).text]
    if markup:
        win.show_quote(markup[0])
        assert "<b>x</b><img src=x>" in win.article.plain_text()
        assert "<img" not in win.article.text.document().toHtml()
