"""Queries that leave the GUI thread: nothing heavy runs on it, stale answers are dropped, and a
speaker list that keeps its selection does not rebuild the statements."""
from __future__ import annotations

import threading
import time

import pytest

from db import QuoteFilter, Store
from viewer import workers
from viewer.models import QuoteTableModel

from .test_window import speaker_id, type_text


def _record_threads(monkeypatch, name: str) -> list[bool]:
    """Patch Store.<name> to note, for each call, whether it ran on the GUI (main) thread."""
    real = getattr(Store, name)
    calls: list[bool] = []

    def spy(self, *a, **kw):
        calls.append(threading.current_thread() is threading.main_thread())
        return real(self, *a, **kw)

    monkeypatch.setattr(Store, name, spy)
    return calls


def test_latest_query_delivers_only_the_newest(qtbot, store, background_queries):
    q = workers.LatestQuery()
    got = []

    def slow(s):
        time.sleep(0.3)
        return "old"

    q.submit(store, slow, got.append)
    assert q.busy()
    q.submit(store, lambda s: s.quote_count(QuoteFilter()), got.append)
    qtbot.waitUntil(lambda: not q.busy(), timeout=10000)
    assert workers.wait_queries(10000)
    qtbot.wait(50)  # let the superseded worker's queued result arrive: it must be dropped
    assert got == [12]


def test_query_within_budget_is_delivered_in_place(store, monkeypatch):
    monkeypatch.setattr(workers, "SYNC_BUDGET_MS", 10000)
    monkeypatch.setattr(workers, "_budget_deadline", None)
    q = workers.LatestQuery()
    got = []
    assert q.submit(store, lambda s: s.speaker_count(), got.append) is True
    assert got == [8] and not q.busy()


def test_one_budget_per_event_loop_turn(qtbot, store, monkeypatch):
    """Two queries started by one action share the wait: the second gets what the first left."""
    monkeypatch.setattr(workers, "SYNC_BUDGET_MS", 200)
    monkeypatch.setattr(workers, "_budget_deadline", None)
    a, b = workers.LatestQuery(), workers.LatestQuery()
    got = []
    t0 = time.perf_counter()
    assert a.submit(store, lambda s: time.sleep(1) or "slow", got.append) is False
    assert b.submit(store, lambda s: time.sleep(1) or "slow too", got.append) is False
    assert time.perf_counter() - t0 < 0.5  # not 2 x 200 ms plus
    qtbot.waitUntil(lambda: len(got) == 2, timeout=10000)
    qtbot.wait(10)  # the turn ended: a new action gets a fresh budget
    assert workers._budget_deadline is None


def test_background_model_keeps_old_rows_until_new_ids(qtbot, qtmodeltester, store, background_queries):
    m = QuoteTableModel(store, QuoteFilter())
    m.background = True
    with qtbot.waitSignal(m.modelReset, timeout=10000):
        m.refresh()
        assert m.loading() and m.rowCount() == 0
    assert m.rowCount() == 12 and not m.loading()
    qtmodeltester.check(m)
    done = []
    m.set_filter(QuoteFilter(query="정부"))
    m.after_load(lambda: done.append(m.rowCount()))
    assert m.loading() and m.rowCount() == 12 and done == []  # old ids until the answer lands
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    assert done == [store.quote_count(QuoteFilter(query="정부"))]
    qtmodeltester.check(m)


def test_search_never_queries_ids_on_the_gui_thread(window, qtbot, store, monkeypatch, background_queries):
    ids_calls = _record_threads(monkeypatch, "quote_ids")
    count_calls = _record_threads(monkeypatch, "quote_count")
    speaker_calls = _record_threads(monkeypatch, "speaker_ids")
    type_text(window.filters.search, "정부")
    window.filters.flush()
    assert window.busy()  # returned at once; the answer comes later
    qtbot.waitUntil(lambda: not window.busy(), timeout=20000)
    expected = store.quote_count(QuoteFilter(query="정부"))
    assert window.statements.total() == expected and f"발언 {expected}건" in window.count_label.text()
    assert ids_calls and not any(ids_calls)
    # the total came from the all-quotes column's ids: no count query at all (the test's own is after)
    assert count_calls.count(False) == 0
    # the search narrows the speaker list (speakers with a matching quote), queried off the GUI thread too
    assert speaker_calls and not any(speaker_calls)


def test_a_cleared_search_wins_over_the_pending_one(window, qtbot, background_queries):
    type_text(window.filters.search, "정부")
    window.filters.flush()
    window.filters.search.clear()
    window.filters.flush()
    qtbot.waitUntil(lambda: not window.busy(), timeout=20000)
    assert workers.wait_queries(20000)
    qtbot.wait(50)
    assert window.statements.total() == 12 and "발언 12건" in window.count_label.text()


def test_selected_speakers_are_counted_in_the_background(window, qtbot, store, background_queries):
    sid = speaker_id(window, "박민수")
    window.speakers.select_ids([sid])
    qtbot.waitUntil(lambda: not window.busy(), timeout=20000)
    cols = window.statements.columns
    assert len(cols) == 1 and cols[0].count() == 3
    assert "발언 12건" in window.count_label.text() and "선택한 화자 3건" in window.count_label.text()


def test_typing_in_the_speaker_filter_keeps_the_statements(window, qtbot):
    col = window.statements.columns[0]
    announced = []
    window.speakers.selectionChangedIds.connect(announced.append)
    for text in ("기", "기획", "기획재"):
        window.speakers.filter.setText(text)
        window.speakers.flush()
    assert window.speakers.model.rowCount() == 2
    assert announced == []  # the (empty) selection did not change
    assert window.statements.columns[0] is col and col.count() == 12


def test_filtering_out_the_selected_speaker_is_announced(window, qtbot):
    sid = speaker_id(window, "박민수")
    window.speakers.select_ids([sid])
    announced = []
    window.speakers.selectionChangedIds.connect(announced.append)
    window.speakers.filter.setText("박민")
    window.speakers.flush()
    assert announced == []  # still listed, still selected
    window.speakers.filter.setText("이재성")
    window.speakers.flush()
    assert announced == [[]]
    assert window.statements.columns[0].speaker is None and window.statements.total() == 12


def test_a_superseded_query_is_interrupted(qtbot, store, background_queries):
    """A newer request stops the SQL of the one still running instead of waiting for it to end."""
    q = workers.LatestQuery()
    got, started, outcome = [], threading.Event(), []
    slow_sql = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000000) "
                "SELECT count(*) FROM n")

    def slow(s):
        started.set()
        t0 = time.perf_counter()
        try:
            return s._all(slow_sql)
        finally:
            outcome.append(time.perf_counter() - t0)

    q.submit(store, slow, got.append)
    assert started.wait(10)
    q.submit(store, lambda s: "new", got.append)
    qtbot.waitUntil(lambda: got == ["new"] and bool(outcome), timeout=10000)
    assert outcome[0] < 5  # interrupted, not counted to two billion
    assert workers.wait_queries(10000)


def test_statement_column_pages_its_ids(window, qtbot, store, background_queries):
    col = window.statements.columns[0]
    whole = store.quote_ids(QuoteFilter())
    col.model.page_ids = 5
    with qtbot.waitSignal(col.model.modelReset, timeout=10000):
        col.model.refresh()
    assert col.model.total() == 12 and col.count() == 12
    assert col.model.rowCount() < 12
    for _ in range(50):  # the view asks for the next window each time its end comes into sight
        col.view.scrollToBottom()
        qtbot.wait(20)
        if col.model.rowCount() == 12:
            break
    assert col.model.ids() == whole
    col.model.refresh()
    qtbot.waitUntil(lambda: not col.model.loading(), timeout=10000)
    assert window.statements.select_quote(whole[-1])  # beyond the first window: fetched on demand
    assert col.selected_quote_ids() == [whole[-1]]


def test_speaker_filter_shows_name_prefixes_first_then_other_matches(window, qtbot, store, background_queries):
    """「국회」: no name starts with it, 박민수 (of 국회) only contains it; he stays selected throughout
    and the selection is not announced as lost while the slower substring query runs."""
    sid = speaker_id(window, "박민수")
    window.speakers.select_ids([sid])
    qtbot.waitUntil(lambda: not window.busy(), timeout=20000)
    announced = []
    window.speakers.selectionChangedIds.connect(announced.append)
    m = window.speakers.model
    with qtbot.waitSignal(m.substringLoaded, timeout=20000):
        window.speakers.filter.setText("국회")
        window.speakers.flush()
    assert m.ids() == store.speaker_ids("국회") and sid in m.ids()
    assert store.speaker_ids("국회", match="prefix") == m.ids()[: len(store.speaker_ids("국회", match="prefix"))]
    assert not m.completing() and window.speakers.header.text() == f"화자 {len(m.ids())}명"
    assert window.speakers.selected_ids() == [sid] and announced == []
    assert window.statements.columns[0].speaker is not None


# -- a selection across resets while the speaker list is still coming in ---------------------------

@pytest.fixture
def gated_substring(monkeypatch):
    """The speaker filter's substring scan waits for the returned event (it stands for the
    100-250 ms LIKE scan over 100,000 speakers), so a test can act while it is pending."""
    gate = threading.Event()
    gate.set()
    real = Store.speaker_ids

    def slow(self, *a, **kw):
        if kw.get("match") == "substring" and threading.current_thread() is not threading.main_thread():
            gate.wait(20)
        return real(self, *a, **kw)

    monkeypatch.setattr(Store, "speaker_ids", slow)
    yield gate
    gate.set()


def _filtered_and_selected(window, qtbot, text: str, name: str) -> int:
    sid = speaker_id(window, name)
    m = window.speakers.model
    with qtbot.waitSignal(m.substringLoaded, timeout=20000):
        window.speakers.filter.setText(text)
        window.speakers.flush()
    window.speakers.select_ids([sid])
    qtbot.waitUntil(lambda: not window.busy() and not m.completing(), timeout=20000)
    assert window.speakers.selected_ids() == [sid]
    return sid


def _settle(window, qtbot) -> None:
    m = window.speakers.model
    qtbot.waitUntil(lambda: not window.busy() and not m.completing(), timeout=20000)
    assert workers.wait_queries(20000)
    qtbot.wait(50)


def _speaker_columns(window) -> list[int]:
    return [c.speaker.id for c in window.statements.columns if c.speaker]


def test_a_reload_keeps_a_speaker_who_only_contains_the_filter(window, qtbot, background_queries, gated_substring):
    sid = _filtered_and_selected(window, qtbot, "국회", "박민수")
    announced = []
    window.speakers.selectionChangedIds.connect(announced.append)
    gated_substring.clear()
    window.reload_all()  # what an import or a correction does
    qtbot.waitUntil(lambda: not window.speakers.model.loading(), timeout=20000)
    assert window.speakers.model.completing() and window.speakers.selected_ids() == [sid]
    window._on_filter_changed()  # and a quote filter change meanwhile
    gated_substring.set()
    _settle(window, qtbot)
    assert window.speakers.selected_ids() == [sid] and _speaker_columns(window) == [sid]
    assert announced == []


def test_a_second_reset_while_waiting_keeps_the_speaker(window, qtbot, background_queries, gated_substring):
    sid = _filtered_and_selected(window, qtbot, "국회", "박민수")
    m = window.speakers.model
    announced = []
    window.speakers.selectionChangedIds.connect(announced.append)
    gated_substring.clear()
    m.refresh()
    qtbot.waitUntil(lambda: not m.loading(), timeout=20000)
    m.sort(0, m._sort_order)  # a header click before the substring hits landed
    qtbot.waitUntil(lambda: not m.loading(), timeout=20000)
    gated_substring.set()
    _settle(window, qtbot)
    assert window.speakers.selected_ids() == [sid] and announced == []


def test_a_click_while_waiting_wins(window, qtbot, background_queries, gated_substring):
    _filtered_and_selected(window, qtbot, "정", "기획재정부")
    m = window.speakers.model
    gated_substring.clear()
    m.refresh()
    qtbot.waitUntil(lambda: not m.loading(), timeout=20000)
    other = m.id_at(0)
    window.speakers.view.selectRow(0)  # the user picks another speaker meanwhile
    gated_substring.set()
    _settle(window, qtbot)
    assert window.speakers.selected_ids() == [other] and _speaker_columns(window) == [other]


def test_a_speaker_beyond_the_first_window_is_kept_without_a_gui_thread_query(window, qtbot, monkeypatch,
                                                                               background_queries):
    m = window.speakers.model
    m.page_ids = 2  # stands for 2,000 of 100,000 speakers
    m.refresh()
    _settle(window, qtbot)
    m.fetchMore()
    m.fetchMore()
    _settle(window, qtbot)
    sid = m.id_at(5)
    window.speakers.select_ids([sid])
    _settle(window, qtbot)
    calls = _record_threads(monkeypatch, "speaker_ids")
    window.reload_all()
    _settle(window, qtbot)
    assert window.speakers.selected_ids() == [sid] and _speaker_columns(window) == [sid]
    assert calls and not any(calls)  # the first window and the rest both came from workers


def test_counts_and_review_export_cover_every_window(window, qtbot, store):
    window.speakers.model.page_ids = 2
    window.speakers.model.refresh()
    review = window.review
    review.model.page_ids = 1
    review.model.refresh()
    window._show_counts()
    assert f"화자 {store.speaker_count()}명" in window.count_label.text()
    assert window.tabs.tabText(1) == "검토 3"
    window.tabs.setCurrentWidget(review)
    f, ids, _label = window.export_target()
    assert ids is None and store.quote_ids(f) == store.quote_ids(QuoteFilter(needs_review=True))


def test_enter_in_the_filter_picks_a_substring_hit_when_no_name_starts_with_it(window, qtbot, background_queries,
                                                                            gated_substring):
    gated_substring.clear()
    window.speakers.filter.setText("국회")
    window.speakers._focus_table()  # Enter
    qtbot.waitUntil(lambda: not window.speakers.model.loading(), timeout=20000)
    assert window.speakers.model.rowCount() == 0  # no name starts with 국회
    gated_substring.set()
    _settle(window, qtbot)
    assert window.speakers.selected_ids() == [speaker_id(window, "박민수")]
