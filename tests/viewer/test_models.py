"""The lazy models: qtmodeltester, paging, SQL sorting, and data() that never raises."""
from __future__ import annotations

from PySide6.QtCore import Qt

from db import QuoteFilter
from viewer import models
from viewer.models import QuoteTableModel, SpeakerTableModel


def test_speaker_model_passes_modeltester(qtmodeltester, store):
    m = SpeakerTableModel(store)
    m.refresh()
    assert m.rowCount() == store.speaker_count() == 8
    qtmodeltester.check(m)


def test_quote_model_passes_modeltester(qtmodeltester, store):
    m = QuoteTableModel(store, QuoteFilter(), keys=tuple(QuoteTableModel.ALL))
    m.refresh()
    assert m.rowCount() == 12
    qtmodeltester.check(m)


def test_empty_and_storeless_models_pass_modeltester(qtmodeltester, store):
    qtmodeltester.check(SpeakerTableModel(None))
    m = QuoteTableModel(store, QuoteFilter(query="존재하지않는낱말"))
    m.refresh()
    assert m.rowCount() == 0
    qtmodeltester.check(m)


def test_rows_are_fetched_lazily_in_pages(store, monkeypatch):
    monkeypatch.setattr(models, "PAGE", 3)
    calls = []
    real = store.quote_rows
    monkeypatch.setattr(store, "quote_rows", lambda ids: calls.append(list(ids)) or real(ids))
    m = QuoteTableModel(store, QuoteFilter())
    m.refresh()
    assert calls == []  # nothing loaded until a view asks
    m.data(m.index(4, 0))
    assert len(calls) == 1 and len(calls[0]) == 3  # the page holding row 4
    m.data(m.index(5, 1))
    assert len(calls) == 1  # same page: cached


def test_sorting_requeries_in_sql(store):
    m = SpeakerTableModel(store)
    m.sort(0, Qt.SortOrder.AscendingOrder)
    names = [m.data(m.index(r, 0)) for r in range(m.rowCount())]
    assert names == sorted(names)
    m.sort(4, Qt.SortOrder.DescendingOrder)
    counts = [m.data(m.index(r, 4)) for r in range(m.rowCount())]
    assert counts == sorted(counts, reverse=True) and counts[0] == 3


def test_speaker_types_are_visually_distinct(store):
    m = SpeakerTableModel(store)
    m.refresh()
    by_type = {}
    for r in range(m.rowCount()):
        row = m.row_object(r)
        by_type.setdefault(row.type, r)
    person, org, anon = by_type["person"], by_type["organization"], by_type["anonymous"]
    assert m.data(m.index(org, 1)) == "기관" and m.data(m.index(anon, 1)) == "익명"
    assert m.data(m.index(org, 0), Qt.ItemDataRole.FontRole).bold()
    assert m.data(m.index(anon, 0), Qt.ItemDataRole.FontRole).italic()
    assert m.data(m.index(person, 0), Qt.ItemDataRole.FontRole) is None


def test_data_never_raises_when_the_store_fails(store):
    m = QuoteTableModel(store, QuoteFilter())
    m.refresh()

    def boom(ids):
        raise RuntimeError("disk on fire")

    store.quote_rows = boom
    assert m.data(m.index(0, 0)) == "…"
    assert m.data(m.index(0, 0), Qt.ItemDataRole.ToolTipRole) is None
    assert m.data(m.index(99, 0)) is None


def test_stance_tooltip_shows_evidence_as_plain_text(store):
    m = QuoteTableModel(store, QuoteFilter(), keys=("text", "stance"))
    m.refresh()
    tip = m.data(m.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert "test evidence" in tip and "&lt;b&gt;" in tip and "<b>" not in tip


def test_big_speaker_list_loads_only_visible_pages(qtbot, tmp_path, settings):
    """3,000 speakers: ids in windows of 2,000 as the view scrolls, rows only for the pages shown."""
    from db import Store
    from viewer.app import create_window

    db = tmp_path / "big.db"
    s = Store.open(db)
    with s.batch():
        for i in range(3000):
            s.create_speaker(f"화자{i:04}", type=("person", "organization", "anonymous")[i % 3], org=f"기관{i % 50}")
    s.close()
    win = create_window(str(db), settings, first_run_samples=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    m = win.speakers.model
    qtbot.waitUntil(lambda: m.total() == 3000, timeout=3000)
    assert m.rowCount() == models.ID_PAGE
    assert win.speakers.header.text() == "화자 3,000명"
    qtbot.waitUntil(lambda: len(m._cache) > 0, timeout=3000)  # the view painted its first rows
    assert len(m._cache) <= 2 * models.PAGE
    win.speakers.view.scrollToBottom()  # asks for the next window
    qtbot.waitUntil(lambda: m.rowCount() == 3000, timeout=3000)
    win.speakers.view.scrollToBottom()
    qtbot.wait(50)
    assert m.ids() == Store.open(db, readonly=True).speaker_ids()
    assert m.data(m.index(2999, 0)).startswith("화자")
    # a speaker beyond the first window is found when something asks to select it (a highlight click)
    last = m.ids()[-1]
    win.speakers.model.refresh()
    qtbot.waitUntil(lambda: m.rowCount() == models.ID_PAGE, timeout=3000)
    announced = []
    win.speakers.selectionChangedIds.connect(announced.append)
    win.speakers.select_ids([last])
    assert win.speakers.selected_ids() == [last] and announced == [[last]]
    assert len(m._cache) <= 4 * models.PAGE
    win.close()


def test_ids_come_in_windows_as_the_view_scrolls(qtmodeltester, store, monkeypatch):
    """Paging: the first window and the total at once, more through canFetchMore/fetchMore."""
    whole = store.quote_ids(QuoteFilter())
    m = QuoteTableModel(store, QuoteFilter())
    m.page_ids = 5
    calls = []
    real = store.quote_ids
    monkeypatch.setattr(store, "quote_ids", lambda *a, **k: calls.append(k.get("offset")) or real(*a, **k))
    m.refresh()
    assert m.rowCount() == 5 and m.total() == 12 and m.canFetchMore()
    m.fetchMore()
    assert m.rowCount() == 10 and m.ids() == whole[:10]
    m.fetchMore()
    assert m.rowCount() == 12 and not m.canFetchMore() and m.ids() == whole
    assert calls == [0, 5, 10]
    m.refresh()
    assert m.rowCount() == 5
    assert m.find_row(whole[-1]) == 11 and m.rowCount() == 12  # a quote further down: the rest is fetched
    m.refresh()
    assert m.all_ids() == whole
    m.refresh()
    qtmodeltester.check(m)


def test_a_window_for_an_old_filter_is_dropped(store):
    m = QuoteTableModel(store, QuoteFilter())
    m.page_ids = 5
    m.refresh()
    gen = m._generation
    m.set_filter(QuoteFilter(query="정부"))
    n = m.rowCount()
    m._append([999999], 5, gen)
    assert m.rowCount() == n and 999999 not in m.ids()


def test_quote_tooltip_says_how_the_speaker_was_found(store):
    m = QuoteTableModel(store, QuoteFilter(), keys=("text", "stance"))
    m.refresh()
    tips = [m.data(m.index(r, 0), Qt.ItemDataRole.ToolTipRole) for r in range(m.rowCount())]
    assert tips and all("화자 판단:" in t and "신뢰도" in t for t in tips)


def test_a_quote_filter_narrows_speakers_window_first_then_the_rest(qtbot, store, monkeypatch):
    """The first window of a narrowed speaker list comes at once, the rest when one pass lands."""
    monkeypatch.setattr(models, "ID_PAGE", 2)
    m = SpeakerTableModel(store)
    f = QuoteFilter(query="정부")
    expected = store.speaker_ids(quotes=f)
    assert len(expected) > 2
    with qtbot.waitSignal(m.substringLoaded, timeout=10000):
        m.set_query("", quotes=f)
    assert m.ids() == expected and not m.completing() and m.total() == len(expected)
    assert store.speaker_ids(quotes=f, limit=2) == expected[:2]  # the walked window is the list's start
