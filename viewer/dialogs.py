"""Small dialogs for corrections and import results. Text from articles is always plain."""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QTimer, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
)

from . import style
from .models import SpeakerTableModel

SPEAKER_TYPES = ("person", "organization", "anonymous", "unknown")


class SearchLine(QLineEdit):
    """The picker's search box: Down moves into the list (choosing its first row: the user's act).
    Enter is kept here (`enterPressed`): passed on, it would press the dialog's default button."""

    downPressed = Signal()
    enterPressed = Signal()

    def keyPressEvent(self, event):  # noqa: N802
        if event.key() == Qt.Key.Key_Down:
            self.downPressed.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enterPressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class SpeakerPicker(QDialog):
    """Pick a speaker from a searchable list, or name a new one.

    Nothing is chosen until the user chooses (a click, the arrow keys, or typing a new name and
    pressing 새 화자): Enter in the search box with nothing chosen only moves to the list. The
    chosen speaker's name shows above the buttons, and on the OK button, before anything is done.
    `new_speaker` (name, type, org) is set instead of `chosen_id` for a new speaker: the caller
    creates it together with the correction, so one undo takes both back."""

    def __init__(self, store, parent=None, title="화자 선택", exclude: int | None = None, initial_text: str = "",
                 verb: str = "선택"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(560, 500)
        self._store = store
        self._exclude = exclude
        self._verb = verb
        self.chosen_id: int | None = None
        self.new_speaker: tuple[str, str, str | None] | None = None
        self.search = SearchLine(initial_text)
        self.search.setPlaceholderText("이름으로 찾기 — 없으면 ‘새 화자 만들기’")
        self.model = SpeakerTableModel(store, self)
        self.view = QTableView()
        self.view.setObjectName("pickerTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.new_type = QComboBox()
        for t in SPEAKER_TYPES:
            self.new_type.addItem(style.type_icon(t), style.type_label(t), t)
        self.new_org = QLineEdit()
        self.new_org.setPlaceholderText("소속 (선택)")
        self.create_btn = QPushButton("새 화자 만들기")
        self.create_btn.setAutoDefault(False)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_type)
        new_row.addWidget(self.new_org, 1)
        new_row.addWidget(self.create_btn)
        self.choice = QLabel()
        self.choice.setObjectName("pickerChoice")
        self.choice.setTextFormat(Qt.TextFormat.PlainText)
        self.choice.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setAutoDefault(False)
        self.ok.setDefault(False)
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addWidget(self.view, 1)
        lay.addLayout(new_row)
        lay.addWidget(self.choice)
        lay.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.enterPressed.connect(self._enter)
        self.search.downPressed.connect(self._into_list)
        self.buttons.accepted.connect(self._accept_chosen)
        self.buttons.rejected.connect(self.reject)
        self.view.doubleClicked.connect(lambda i: self._choose_row(i.row(), accept=True))
        self.view.activated.connect(lambda i: self._choose_row(i.row(), accept=True))
        # Chosen by a selection (a click, the arrow keys), not by the current row alone: a list
        # that gets the focus makes its first row current without the user choosing it.
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.create_btn.clicked.connect(self.create_new)
        self.model.rowsInserted.connect(lambda *_: self._hide_excluded())
        self.model.modelReset.connect(self._after_reset)
        self.reload()
        self._show_choice()

    def _hide_excluded(self) -> None:
        """The speaker being moved away from is not offered (also when its window of ids comes later)."""
        if self._exclude is not None:
            r = self.model.row_of(self._exclude)
            if r >= 0:
                self.view.setRowHidden(r, True)

    def _after_reset(self) -> None:
        self._hide_excluded()
        if self.chosen_id is not None:  # keep the user's choice visible if it is still listed
            r = self.model.row_of(self.chosen_id)
            if r >= 0:
                self.view.selectionModel().blockSignals(True)
                self.view.selectRow(r)
                self.view.selectionModel().blockSignals(False)

    def reload(self) -> None:
        self._timer.stop()
        self.model.set_query(self.search.text())
        self._hide_excluded()

    def _into_list(self) -> None:
        self.reload()
        self.view.setFocus()
        if not self.view.currentIndex().isValid():
            for r in range(self.model.rowCount()):
                if not self.view.isRowHidden(r):
                    self.view.selectRow(r)
                    break

    def _enter(self) -> None:
        """Enter in the search box commits only a speaker the user chose; it never chooses one."""
        self.reload()
        if self.chosen_id is not None:
            self._accept_chosen()
        else:
            self.choice.setText("목록에서 화자를 고르세요 (↓ 키 또는 클릭) — 없으면 ‘새 화자 만들기’.")

    def _selection_changed(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self._choose_row(rows[0].row())

    def _choose_row(self, row: int, accept: bool = False) -> None:
        sid = self.model.id_at(row)
        if sid is None or sid == self._exclude:
            return
        self.chosen_id = sid
        self.new_speaker = None
        self._show_choice()
        if accept:
            self._accept_chosen()

    def _show_choice(self) -> None:
        if self.chosen_id is None:
            self.choice.setText("화자를 고르세요 (목록에서 클릭하거나 ↓ 키로 이동).")
            self.ok.setText("확인")
            self.ok.setEnabled(False)
            return
        r = self.model.row_of(self.chosen_id)
        row = self.model.row_object(r) if r >= 0 else None
        name = row.name if row is not None else f"화자 {self.chosen_id}"
        detail = " · ".join(x for x in ((row.titles, row.org) if row is not None else ()) if x)
        self.choice.setText(f"{self._verb}: {name}" + (f" ({detail})" if detail else "")
                            + (f" — 발언 {row.quote_count:,}건" if row is not None else ""))
        self.ok.setText(f"‘{name}’ {self._verb}")
        self.ok.setEnabled(True)

    def choose(self, speaker_id: int) -> None:
        self.chosen_id = speaker_id
        self.new_speaker = None
        self.accept()

    def _accept_chosen(self) -> None:
        if self.chosen_id is not None and self.chosen_id != self._exclude:
            self.accept()

    def create_new(self) -> None:
        name = self.search.text().strip()
        if not name:
            self.search.setFocus()
            return
        self.chosen_id = None
        self.new_speaker = (name, self.new_type.currentData(), self.new_org.text().strip() or None)
        self.accept()


class SpeakerEditor(QDialog):
    """Edit a speaker's name, type and organisation, and the title shown on their quotes."""

    def __init__(self, speaker, parent=None):
        super().__init__(parent)
        self.setWindowTitle("화자 정보 수정")
        self.name = QLineEdit(speaker.name or "")
        self.title = QLineEdit(speaker.titles or "")
        self.title.setPlaceholderText("비워 두면 직함을 바꾸지 않습니다")
        self.org = QLineEdit(speaker.org or "")
        self.type = QComboBox()
        for t in SPEAKER_TYPES:
            self.type.addItem(style.type_icon(t), style.type_label(t), t)
        self.type.setCurrentIndex(max(0, self.type.findData(speaker.type)))
        self._original_title = speaker.titles or ""
        form = QFormLayout(self)
        form.addRow("이름", self.name)
        form.addRow("직함", self.title)
        form.addRow("소속", self.org)
        form.addRow("유형", self.type)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict:
        title = self.title.text().strip()
        return {
            "name": self.name.text().strip() or None,
            "org": self.org.text().strip(),
            "type": self.type.currentData(),
            "title": title if title and title != self._original_title else None,
        }


class MergeDialog(QDialog):
    """Choose which of two speakers survives a merge, seeing what the merge would change."""

    def __init__(self, a, b, parent=None, store=None):
        super().__init__(parent)
        self.setWindowTitle("화자 병합")
        self.resize(560, 360)
        self._store = store
        lay = QVBoxLayout(self)
        msg = QLabel("두 화자를 하나로 합칩니다. 남길 화자를 고르세요; 다른 화자의 발언은 모두 옮겨집니다.")
        msg.setWordWrap(True)
        lay.addWidget(msg)
        self.group = QButtonGroup(self)
        self._ids = []
        for i, sp in enumerate((a, b)):
            detail = " · ".join(str(x) for x in (sp.titles, sp.org) if x)
            rb = QRadioButton(f"{sp.name or '(이름 없음)'}  {detail}  — 발언 {sp.quote_count}건")
            rb.setChecked(i == 0)
            self.group.addButton(rb, i)
            self._ids.append(sp.id)
            lay.addWidget(rb)
        self.preview = QLabel()
        self.preview.setObjectName("mergePreview")
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        lay.addWidget(self.preview, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("병합")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        from .workers import LatestQuery

        self._query = LatestQuery(self)
        self.preview_value = None
        self.group.idToggled.connect(lambda _i, on: on and self._update_preview())
        self._update_preview()

    def keep_remove(self) -> tuple[int, int]:
        k = max(0, self.group.checkedId())
        return self._ids[k], self._ids[1 - k]

    def _update_preview(self) -> None:
        if self._store is None:
            return
        keep, remove = self.keep_remove()
        self.preview.setText("병합하면 달라지는 점을 계산하는 중…")

        def show(p) -> None:
            from .speaker_view import merge_preview_text

            self.preview_value = p
            if p is not None:
                self.preview.setText(merge_preview_text(p))

        self._query.submit(self._store, lambda st: st.merge_preview(keep, remove), show,
                           fail=lambda m, _k: self.preview.setText(m))


# How ingest names a row of a spreadsheet or corpus file in its report ("FILE, row 12").
_ROW_LABEL = re.compile(r", row (\d+)$")


def row_label(label: object) -> str:
    """A report's label as the viewer says it: 「FILE (12행)」 for a row of a table."""
    return _ROW_LABEL.sub(r" (\1행)", str(label))


class ImportSummary(QDialog):
    """What an import stored and which files failed, with the reason for each."""

    def __init__(self, report, cancelled: bool = False, parent=None):
        super().__init__(parent)
        self.setWindowTitle("가져오기 결과")
        self.resize(640, 360)
        added = getattr(report, "added", 0)
        skipped = getattr(report, "skipped", 0)
        failed = list(getattr(report, "failed", []) or [])
        head = f"기사 {added}건을 저장했습니다. 이미 있던 기사 {skipped}건은 건너뛰었습니다."
        if cancelled:
            head = "가져오기를 취소했습니다. " + head
        if failed:
            rows = sum(1 for p, _r in failed if _ROW_LABEL.search(str(p)))
            parts = ([f"{len(failed) - rows}개 파일"] if len(failed) > rows else []) + ([f"표의 {rows}개 행"] if rows else [])
            head += f"\n{'과 '.join(parts)}은 가져오지 못했습니다:"
        self.summary = QLabel(head)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlainText("\n".join(f"{row_label(p)}\n    → {reason}" for p, reason in failed))
        self.details.setVisible(bool(failed))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.details, 1)
        lay.addWidget(buttons)
        self.failed = failed


class ColumnMappingDialog(QDialog):
    """Which column of a table (CSV, JSONL, a workbook) holds the article text, the headline, the date …:
    the header and the first rows are shown, each field has a list of the columns, preset with those
    recognised by name. Nothing is imported until 가져오기; the text column is required.

    `mapping()` gives every field, None for 「(없음)」, as ingest_paths(file_columns=…) takes it."""

    NONE = "(없음)"

    def __init__(self, paths: list[str], preview, parent=None):
        from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

        from attribution.readers.columns import FIELD_LABELS, FIELDS

        super().__init__(parent)
        self.paths = list(paths)
        self.preview = preview
        name = Path(self.paths[0]).name
        self.setWindowTitle(f"열 지정 — {name}")
        self.resize(980, 560)
        total = getattr(preview, "total", None)
        intro = f"「{name}」" + (f"의 기사 {total:,}건" if total is not None else "의 기사") + "을 가져옵니다. "
        if len(self.paths) > 1:
            intro += f"열이 같은 파일 {len(self.paths)}개에 함께 적용됩니다. "
        intro += "각 항목이 어느 열에 있는지 고르세요 (본문은 꼭 골라야 합니다). 아래는 처음 몇 행입니다."
        self.intro = QLabel(intro)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)
        columns = [c or f"(열 {i + 1})" for i, c in enumerate(preview.columns)]
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        for f in FIELDS:
            combo = QComboBox()
            combo.addItem(self.NONE, None)
            for c, raw in zip(columns, preview.columns):
                combo.addItem(c, raw)
            guessed = preview.guessed.get(f)
            if guessed is not None:
                combo.setCurrentIndex(max(0, combo.findData(guessed)))
            combo.currentIndexChanged.connect(self._changed)
            combo.setObjectName(f"column_{f}")
            combo.setMinimumContentsLength(18)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.combos[f] = combo
            form.addRow(FIELD_LABELS[f], combo)
        self.table = QTableWidget(len(preview.rows), len(columns))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        for r, row in enumerate(preview.rows):
            for c in range(len(columns)):
                item = QTableWidgetItem(row[c] if c < len(row) else "")  # plain text, never markup
                item.setToolTip(row[c][:500] if c < len(row) else "")
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setDefaultSectionSize(140)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("가져오기")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("이 파일은 건너뛰기")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.hint = QLabel("")
        self.hint.setObjectName("paneMeta")
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        top = QHBoxLayout()
        top.addLayout(form, 0)
        top.addStretch(1)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.hint)
        lay.addWidget(self.buttons)
        self._columns = columns
        self._changed()

    def set_column(self, field: str, column: str | None) -> None:
        """Choose `column` (as the header writes it; None for 「(없음)」) for `field`, as the user would."""
        combo = self.combos[field]
        combo.setCurrentIndex(0 if column is None else max(0, combo.findData(column)))

    def mapping(self) -> dict[str, str | None]:
        return {f: combo.currentData() for f, combo in self.combos.items()}

    def _changed(self) -> None:
        from attribution.readers.columns import FIELD_LABELS

        chosen = self.mapping()
        by_column: dict[str, list[str]] = {}
        for f, c in chosen.items():
            if c is not None:
                by_column.setdefault(c, []).append(FIELD_LABELS[f].split(" ")[0])
        self.table.setHorizontalHeaderLabels([
            f"{label}\n[{', '.join(by_column[raw])}]" if raw in by_column else label
            for label, raw in zip(self._columns, self.preview.columns)
        ])
        has_text = chosen.get("text") is not None
        self.ok.setEnabled(has_text)
        self.hint.setText("" if has_text else "본문이 든 열을 고르면 가져올 수 있습니다.")
