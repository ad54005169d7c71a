"""Table models over the store: a list of ids plus a lazy row cache, sorted and filtered in SQL.

No QSortFilterProxyModel over big tables (qutebrowser and Anki both learned this); rowCount is
len(ids); rows are fetched in pages via Store.*_rows(ids) when a view first asks for them.
With `page_ids` set, the ids themselves come in windows (Store.quote_ids(limit, offset)): the
first window and the total (Store.quote_count) at once, the next ones through Qt's
canFetchMore/fetchMore as the view scrolls to the end.
With `background = True` the id query runs on a worker (workers.LatestQuery): the old ids stay
on show until the new ones arrive, stale answers are dropped, and `after_load` callbacks run
once the current query has been applied.
"""
from __future__ import annotations

import html
import logging
from collections import OrderedDict
from dataclasses import replace
from pathlib import PurePath
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from . import style
from .workers import LatestQuery

log = logging.getLogger(__name__)

PAGE = 200
CACHE_LIMIT = 5000
ID_PAGE = 2000  # ids per window for models with paging on (the statement columns)

IdRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2
SpeakerIdRole = Qt.ItemDataRole.UserRole + 3
ColorRole = Qt.ItemDataRole.UserRole + 4


def display_text(text: str | None) -> str:
    """A quote as a list shows it: one paragraph, runs of spaces and line breaks as one space."""
    return " ".join((text or "").split())


def article_label(row) -> str:
    """The article as a list shows it: its headline, else its file name (never blank)."""
    if getattr(row, "headline", None):
        return row.headline
    path = getattr(row, "source_path", None)
    if path:
        name = PurePath(str(path)).name or str(path)
        number = getattr(row, "source_row", None)
        return f"{name} ({number}행)" if number else name
    return "(제목 없음)"


def plain_tooltip(text: str | None) -> str | None:
    """A tooltip that Qt shows literally: tooltips guess rich text, so escape and force it."""
    if not text:
        return None
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


class LazyRowModel(QAbstractTableModel):
    """Ids from SQL, rows loaded page by page on demand and kept in a bounded LRU cache."""

    columns: Sequence[tuple[str, str, str | None]] = ()  # (key, header, sort key or None)
    loadingChanged = Signal(bool)

    def __init__(self, store=None, parent=None):
        super().__init__(parent)
        self._store = store
        self._ids: list[int] = []
        self._cache: OrderedDict[int, Any] = OrderedDict()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.DescendingOrder
        self.background = False  # True: run the id query on a worker (big tables in the window)
        self._query = LatestQuery(self)
        self._loading = False
        self._after: list[Callable[[], None]] = []
        self.page_ids: int | None = None  # ids per window; None: all ids at once
        self._total: int | None = None  # all matching ids (paging), when more than len(_ids)
        self._more = LatestQuery(self)  # the next window of ids
        self._fetching = False
        self._generation = 0  # bumped by each refresh: a window for older criteria is dropped

    # -- subclasses -----------------------------------------------------
    def _ids_job(self, limit: int | None = None, offset: int = 0) -> Callable[[Any], list[int]]:
        """A function of a Store returning the ids (the window limit/offset of them), with the
        current criteria captured (it may run on a worker thread, so it must not read the model)."""
        raise NotImplementedError

    def _count_job(self) -> Callable[[Any], int] | None:
        """A function of a Store counting all the ids (paging models); None: no paging."""
        return None

    def _load_rows(self, ids: list[int]) -> list[Any]:
        raise NotImplementedError

    def _cell(self, row: Any, key: str, role: int) -> Any:
        raise NotImplementedError

    # -- public ---------------------------------------------------------
    @property
    def store(self):
        return self._store

    def set_store(self, store) -> None:
        self._store = store
        self.refresh()

    def ids(self) -> list[int]:
        """The ids fetched so far (with paging, maybe not all: see all_ids)."""
        return list(self._ids)

    def total(self) -> int:
        """How many ids match (with paging, also those not fetched yet)."""
        return max(len(self._ids), self._total or 0)

    def all_ids(self) -> list[int]:
        """Every matching id, fetching the windows not loaded yet (in this thread: for exports)."""
        self._fetch_rest()
        return list(self._ids)

    def find_row(self, item_id: int) -> int:
        """row_of, fetching the remaining windows when the id is not among those loaded."""
        r = self.row_of(item_id)
        if r < 0 and self._has_more():
            self._fetch_rest()
            r = self.row_of(item_id)
        return r

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, item_id: int) -> int:
        try:
            return self._ids.index(item_id)
        except ValueError:
            return -1

    def row_object(self, row: int):
        """The store row at `row`, fetching its page if needed; None if unavailable."""
        item_id = self.id_at(row)
        if item_id is None:
            return None
        hit = self._cache.get(item_id)
        if hit is not None:
            self._cache.move_to_end(item_id)
            return hit
        self._fetch_page(row)
        return self._cache.get(item_id)

    def loading(self) -> bool:
        """True while a background id query is running (the shown ids are the previous ones)."""
        return self._loading

    def after_load(self, fn: Callable[[], None]) -> None:
        """Call fn now, or once the pending id query has been applied."""
        if self._loading:
            self._after.append(fn)
        else:
            fn()

    def refresh(self) -> None:
        """Re-run the id query (after a filter, sort or edit change) and drop cached rows."""
        self._generation += 1
        self._more.cancel()
        self._fetching = False
        if self._store is None:
            self._query.cancel()
            self._apply([])
            return
        job = self._first_job()
        if not self.background:
            self._query.cancel()
            try:
                ids = job(self._store)
            except Exception:
                log.exception("id query failed")
                ids = []
            self._apply(ids)
            return
        self._set_loading(True)
        budget, priority = self._submit_policy()
        self._query.submit(self._store, job, self._apply, fail=lambda _m, _k: self._apply([]), budget_ms=budget,
                           priority=priority)

    def _submit_policy(self) -> tuple[int | None, int]:
        """(sync budget in ms or None for the default, pool priority) of the id query."""
        return None, 0

    def _first_job(self) -> Callable[[Any], Any]:
        """All ids, or (first window, total) when paging."""
        page, count = self.page_ids, self._count_job()
        if not page or count is None:
            return self._ids_job()
        first = self._ids_job(limit=page, offset=0)

        def job(store):
            ids = first(store)
            return ids, (len(ids) if len(ids) < page else count(store))

        return job

    def _set_loading(self, value: bool) -> None:
        if value != self._loading:
            self._loading = value
            self.loadingChanged.emit(value)

    def _apply(self, ids) -> None:
        total = None
        if isinstance(ids, tuple):  # (first window, total) from a paging query
            ids, total = ids
        self.beginResetModel()
        self._ids = list(ids or ())
        self._total = total
        self._cache.clear()
        self._loading = False  # before the reset signal, so slots see the final state
        self.endResetModel()
        self.loadingChanged.emit(False)
        after, self._after = self._after, []
        for fn in after:
            try:
                fn()
            except Exception:  # one broken callback must not starve the others
                log.exception("after_load callback failed")

    def invalidate(self, ids: Sequence[int] | None = None) -> None:
        """Forget cached rows (all, or some ids) so the view re-reads them."""
        if ids is None:
            self._cache.clear()
        else:
            for i in ids:
                self._cache.pop(i, None)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, self.columnCount() - 1))

    # -- windows of ids (paging) ----------------------------------------
    def _has_more(self) -> bool:
        return self._total is not None and len(self._ids) < self._total

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and self._has_more() and not self._fetching and not self._loading

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802 - Qt API
        """The next window of ids (the view scrolled to the end); on a worker for background models."""
        if not self.canFetchMore(parent) or self._store is None:
            return
        offset, gen = len(self._ids), self._generation
        self._fetching = self.background
        self._more_ids(self._ids_job(limit=self.page_ids, offset=offset),
                       lambda ids: self._append(ids, offset, gen), "id window query")

    def _more_ids(self, job: Callable[[Any], list[int]], deliver: Callable[[list[int]], None], what: str,
                  later: bool = False) -> None:
        """Run an id query that adds to the shown ids (a next window, a second part) and deliver its ids:
        in this thread, or on the model's second worker for background models (a failure delivers none).
        later=True (a list's second part): submitted at the next event-loop turn, behind the queries
        the same action starts (the statements of the speakers it lists), at a lower priority."""
        if not self.background:
            try:
                ids = job(self._store)
            except Exception:
                log.exception("%s failed", what)
                ids = []
            deliver(ids)
            return
        if later:
            from PySide6.QtCore import QTimer

            gen = self._generation

            def submit() -> None:
                if gen == self._generation:
                    self._more.submit(self._store, job, deliver, fail=lambda _m, _k: deliver([]), budget_ms=0,
                                      priority=-1)

            QTimer.singleShot(0, submit)
            return
        self._more.submit(self._store, job, deliver, fail=lambda _m, _k: deliver([]))

    def _append(self, ids, offset: int, gen: int) -> None:
        self._fetching = False
        if gen != self._generation or offset != len(self._ids):
            return  # criteria changed meanwhile
        ids = list(ids or ())
        if self.page_ids and len(ids) < self.page_ids or not ids:
            self._total = offset + len(ids)  # the end (rows may have gone since the count)
        if not ids:
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(ids) - 1)
        self._ids.extend(ids)
        self.endInsertRows()
        if self._total is not None and len(self._ids) > self._total:
            self._total = len(self._ids)

    def fetch_rest_later(self, then: Callable[[], None]) -> None:
        """Every window not loaded yet, fetched on the worker (in place for foreground models), then
        `then()`; at once if all ids are in. Nothing is called if the criteria change meanwhile."""
        if not self._has_more() or self._store is None:
            then()
            return
        offset, gen = len(self._ids), self._generation
        self._fetching = self.background

        def deliver(ids) -> None:
            self._append(ids, offset, gen)
            if gen == self._generation:
                self._total = len(self._ids)
                then()

        self._more_ids(self._ids_job(limit=None, offset=offset), deliver, "id query")

    def _fetch_rest(self) -> None:
        """Every window not loaded yet, in one query on this thread."""
        if not self._has_more() or self._store is None:
            return
        self._more.cancel()
        self._fetching = False
        offset = len(self._ids)
        try:
            ids = self._ids_job(limit=None, offset=offset)(self._store)
        except Exception:
            log.exception("id query failed")
            return
        self._append(ids, offset, self._generation)
        self._total = len(self._ids)

    def _fetch_page(self, row: int) -> None:
        if self._store is None:
            return
        start = (row // PAGE) * PAGE
        wanted = [i for i in self._ids[start : start + PAGE] if i not in self._cache]
        if not wanted:
            return
        try:
            rows = self._load_rows(wanted)
        except Exception:
            log.exception("row fetch failed")
            return
        for r in rows:
            self._cache[r.id] = r
        while len(self._cache) > CACHE_LIMIT:
            self._cache.popitem(last=False)

    # -- Qt model -------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        try:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
                if role == Qt.ItemDataRole.DisplayRole:
                    return self.columns[section][1]
            elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
                if 0 <= section < len(self._ids):
                    return section + 1
        except Exception:
            return None
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        try:
            if not index.isValid() or index.model() is not self:
                return None
            r, c = index.row(), index.column()
            if not (0 <= r < len(self._ids) and 0 <= c < len(self.columns)):
                return None
            if role == IdRole:
                return self._ids[r]
            row = self.row_object(r)
            if row is None:
                return "…" if role == Qt.ItemDataRole.DisplayRole else None
            if role == RowRole:
                return row
            return self._cell(row, self.columns[c][0], role)
        except Exception:  # data() never raises
            log.exception("data() failed")
            return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.columns)) or self.columns[column][2] is None:
            return
        self._sort_column = column
        self._sort_order = order
        self.refresh()

    def sort_key(self) -> tuple[str | None, bool]:
        if 0 <= self._sort_column < len(self.columns):
            return self.columns[self._sort_column][2], self._sort_order == Qt.SortOrder.DescendingOrder
        return None, True


class SpeakerTableModel(LazyRowModel):
    """Speakers by quote count (or a clicked column). Without a filter the ids come in windows of
    ID_PAGE (100,000 speakers: the first window is an index walk). With a filter, the names that
    start with it are shown first (an index range, milliseconds) and the speakers that only contain
    it in their name, organisation or titles (a scan) are appended when that query lands;
    `substringLoaded` is emitted then. Narrowed by a quote filter (stance, search …), the first
    window comes at once and the rest when one pass over the matching quotes lands (same signal)."""

    substringLoaded = Signal()
    columns = (
        ("name", "이름", "name"),
        ("type", "유형", "type"),
        ("titles", "직함", "titles"),
        ("org", "소속", "org"),
        ("quote_count", "발언", "quotes"),
    )

    def __init__(self, store=None, parent=None):
        super().__init__(store, parent)
        self._text = ""
        self._types: tuple[str, ...] = ()
        self._org: str | None = None
        self._sort_column = 4
        self._sort_order = Qt.SortOrder.DescendingOrder
        self.page_ids = ID_PAGE
        self._completing = False  # the substring hits of a filter are still to come
        self._quotes = None  # QuoteFilter: only speakers with a matching quote
        self._keep: tuple[int, ...] = ()

    def set_query(self, text: str = "", types: tuple[str, ...] = (), org: str | None = None, quotes=None,
                  keep: tuple[int, ...] | list[int] = ()) -> None:
        """Speakers whose name starts with / contains `text`, of these types, in `org`, with a quote
        matching the QuoteFilter `quotes` (the speakers in `keep` stay listed without one)."""
        self._text, self._types, self._org = text.strip(), tuple(types), org or None
        self._quotes, self._keep = quotes, tuple(keep) if quotes is not None else ()
        self.refresh()

    def text_filter(self) -> str:
        return self._text

    def completing(self) -> bool:
        """True while the speakers that only contain the filter text are still being looked for."""
        return self._completing

    def refresh(self) -> None:
        # Set before the prefix ids land, so the pane knows more may come when it restores a selection.
        self._completing = bool((self._text or self._quotes is not None) and self._store is not None)
        super().refresh()
        if self._completing:
            gen = self._generation
            if self._text:
                self.after_load(lambda: self._add_substring_hits(gen))
            else:
                self.after_load(lambda: self._add_rest(gen))

    def _submit_policy(self) -> tuple[int | None, int]:
        # Narrowed by a quote filter, the list follows the statements the same filter asks for:
        # the GUI does not wait for it, and queued statement queries go first.
        return (0, -1) if self._quotes is not None else (None, 0)

    def _first_job(self):
        if self._quotes is not None and not self._text:
            # A quote filter: the first window at once (speakers walked in order, each asked for one
            # matching quote), the rest in one pass over the quotes afterwards (_add_rest).
            return self._ids_job(limit=ID_PAGE)
        return super()._first_job()

    def _add_rest(self, gen: int) -> None:
        if gen != self._generation or self._store is None:
            return
        offset = len(self._ids)

        def done(ids) -> None:
            self._completing = False
            self._append(ids, offset, gen)
            if gen == self._generation:
                self._total = len(self._ids)
                self.substringLoaded.emit()

        if offset < ID_PAGE:  # the first window held them all
            done([])
            return
        self._more_ids(self._ids_job(limit=None, offset=offset), done, "speaker quote-filter query", later=True)

    def _ids_job(self, limit=None, offset=0, match=None):
        key, desc = self.sort_key()
        text, types, org, quotes, keep = self._text, self._types, self._org, self._quotes, self._keep
        match = match or ("prefix" if text else "all")

        def job(store) -> list[int]:
            kw = dict(types=types, org=org, match=match, limit=limit, offset=offset, quotes=quotes, keep=keep)
            try:
                return store.speaker_ids(text, sort=key or "quotes", descending=desc, **kw)
            except (ValueError, KeyError, TypeError):
                return store.speaker_ids(text, sort="quotes", descending=True, **kw)

        return job

    def _count_job(self):
        if self._text or self._quotes is not None:
            # a filter's hits come whole: prefix ones, then the substring ones; a quote filter's in one
            # query (its count would read every matching quote a second time)
            return None
        types, org, quotes, keep = self._types, self._org, self._quotes, self._keep
        return lambda store: store.speaker_count(types=types, org=org, quotes=quotes, keep=keep)

    def _add_substring_hits(self, gen: int) -> None:
        if gen != self._generation or self._store is None:
            return  # superseded: the newer refresh set its own state
        offset = len(self._ids)
        job = self._ids_job(match="substring")

        def done(ids) -> None:
            self._completing = False
            self._append(ids, offset, gen)
            if gen == self._generation:
                self.substringLoaded.emit()

        self._more_ids(job, done, "speaker substring query")

    def _load_rows(self, ids):
        return self._store.speaker_rows(ids)

    def _cell(self, row, key, role):
        kind = row.type or "unknown"
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "name":
                return row.name or "(이름 없음)"
            if key == "type":
                return style.type_label(kind)
            if key == "quote_count":
                return int(row.quote_count or 0)
            value = getattr(row, key, None)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.DecorationRole and key == "name":
            return style.type_icon(kind)
        if role == Qt.ItemDataRole.FontRole and kind in ("anonymous", "unknown", "organization"):
            f = QFont()
            if kind == "organization":
                f.setBold(True)
            else:
                f.setItalic(True)
            return f
        if role == Qt.ItemDataRole.ForegroundRole:
            if kind in ("anonymous", "unknown"):
                return QBrush(QColor("#6d6d6d"))
            if kind == "organization":
                return QBrush(QColor("#6b4e16"))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "quote_count":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [row.name or "(이름 없음)", style.type_label(kind)]
            if row.titles:
                parts.append(str(row.titles))
            if row.org:
                parts.append(str(row.org))
            return plain_tooltip(" · ".join(parts))
        if role == ColorRole:
            return style.speaker_color(row.id)
        return None


# How the parser found the speaker, as a reader would say it.
_RESOLUTION_LABELS = {
    "same_sentence": "같은 문장의 주어",
    "surname_title": "성+직함으로 앞의 인물",
    "alias": "약칭·지칭으로 앞의 기관",
    "carry_over": "앞 발언의 화자를 이어받음",
    "other": "기타 단서(말머리, ‘…의 말이다’)",
    "unknown": "찾지 못함",
}


class QuoteTableModel(LazyRowModel):
    """Quotes matching a QuoteFilter; `columns_keys` picks which columns a view shows."""

    ALL = {
        "published": ("published", "날짜", "date"),
        "speaker": ("speaker", "화자", "speaker"),
        "title": ("title", "직함", "title"),
        "text": ("text", "발언", "text"),
        "verb": ("verb", "동사", "verb"),
        "stance": ("stance", "입장", "stance"),
        "headline": ("headline", "기사", "headline"),
        "confidence": ("confidence", "신뢰도", "confidence"),
    }

    def __init__(self, store=None, quote_filter=None, keys=("text", "verb", "stance", "headline", "published"), parent=None):
        super().__init__(store, parent)
        self.columns = tuple(self.ALL[k] for k in keys)
        self._filter = quote_filter
        self._sort_column = -1

    def quote_filter(self):
        return self._filter

    def set_filter(self, quote_filter) -> None:
        self._filter = quote_filter
        self.refresh()

    def _ids_job(self, limit=None, offset=0):
        key, desc = self.sort_key()
        f = self._filter

        def job(store) -> list[int]:
            if f is None:
                return []
            try:
                return store.quote_ids(f, sort=key or "date", descending=desc, limit=limit, offset=offset)
            except (ValueError, KeyError, TypeError):
                return store.quote_ids(f, limit=limit, offset=offset)

        return job

    def _count_job(self):
        f = self._filter
        return lambda store: 0 if f is None else store.quote_count(f)

    def _first_job(self):
        f = self._filter
        if not self.page_ids or f is None or not f.speaker_ids or not (f.query or "").strip():
            return super()._first_job()
        # One speaker's quotes matching a search: all their ids in one query (a few thousand at most),
        # then the first window and the total from it; two queries would each gather every hit of the
        # search in the whole archive (147,000 for 「정부」 in a million quotes).
        every, page = self._ids_job(), self.page_ids

        def job(store):
            ids = every(store)
            return ids[:page], len(ids)

        return job

    def _load_rows(self, ids):
        return self._store.quote_rows(ids)

    def _cell(self, row, key, role):
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "stance":
                return style.stance_label(row.stance)
            if key == "confidence":
                return f"{row.confidence:.2f}" if row.confidence is not None else ""
            if key == "published":
                return (row.published or "")[:10]
            if key == "speaker":
                return row.speaker or "(미상)"
            if key == "text":
                return display_text(row.text)
            if key == "headline":
                return article_label(row)
            value = getattr(row, key, None)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "stance":
                lines = [f"입장: {style.stance_label(row.stance) or '없음'} ({row.stance or '-'})"]
                if row.frame:
                    lines.append(f"프레임: {row.frame}")
                if row.polarity:
                    lines.append(f"극성: {row.polarity}")
                lines += [f"· {e}" for e in (row.evidence or ())]
                return plain_tooltip("\n".join(lines))
            if key == "text":
                head = row.speaker or "(미상)"
                if row.title:
                    head += f" {row.title}"
                how = _RESOLUTION_LABELS.get(row.resolution or "", row.resolution or "")
                lines = [f"{head}: “{row.text}”", f"화자 판단: {how} (신뢰도 {row.confidence:.2f})"]
                if row.verb:
                    lines.append(f"보도 동사: {row.verb}")
                if row.stance:
                    lines.append(f"입장: {style.stance_label(row.stance)} ({row.stance})")
                lines.append(f"기사: {article_label(row)} · {(row.published or '날짜 없음')[:10]}")
                if row.in_headline:
                    lines.append("제목에도 같은 말이 인용됨")
                if row.needs_review:
                    lines.append("⚠ 검토 필요")
                return plain_tooltip("\n".join(lines))
            if key == "headline":
                return plain_tooltip("\n".join(x for x in (row.headline, row.source_path) if x))
            return None
        if role == Qt.ItemDataRole.ForegroundRole and key == "text" and row.needs_review:
            return QBrush(QColor("#8a4b00"))
        if role == Qt.ItemDataRole.DecorationRole and key == "speaker":
            return style.type_icon(row.speaker_type)
        if role == SpeakerIdRole:
            return row.speaker_id
        if role == ColorRole:
            return style.stance_color(row.stance) if key == "stance" else style.speaker_color(row.speaker_id)
        return None


def with_speakers(f, speaker_ids):
    return replace(f, speaker_ids=tuple(speaker_ids))
