"""Small dialogs for corrections and import results. Text from articles is always plain."""
from __future__ import annotations

from PySide6.QtCore import QTimer, Qt
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


class SpeakerPicker(QDialog):
    """Pick a speaker from a searchable list, or create a new one from the typed name."""

    def __init__(self, store, parent=None, title="화자 선택", exclude: int | None = None, initial_text: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 480)
        self._store = store
        self._exclude = exclude
        self.chosen_id: int | None = None
        self.search = QLineEdit(initial_text)
        self.search.setPlaceholderText("이름으로 찾기 — 없으면 ‘새 화자’로 만드세요")
        self.model = SpeakerTableModel(store, self)
        self.view = QTableView()
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
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_type)
        new_row.addWidget(self.new_org, 1)
        new_row.addWidget(self.create_btn)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addWidget(self.view, 1)
        lay.addLayout(new_row)
        lay.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._enter)
        self.buttons.accepted.connect(self._accept_selected)
        self.buttons.rejected.connect(self.reject)
        self.view.doubleClicked.connect(lambda _i: self._accept_selected())
        self.create_btn.clicked.connect(self.create_new)
        self.model.rowsInserted.connect(lambda *_: self._hide_excluded())
        self.reload()

    def _hide_excluded(self) -> None:
        """The speaker being moved away from is not offered (also when its window of ids comes later)."""
        if self._exclude is not None:
            r = self.model.row_of(self._exclude)
            if r >= 0:
                self.view.setRowHidden(r, True)

    def reload(self) -> None:
        self._timer.stop()
        self.model.set_query(self.search.text())
        self._hide_excluded()
        for r in range(self.model.rowCount()):
            if self.model.id_at(r) != self._exclude:
                self.view.selectRow(r)
                break

    def _enter(self) -> None:
        self.reload()
        self._accept_selected()

    def choose(self, speaker_id: int) -> None:
        self.chosen_id = speaker_id
        self.accept()

    def _accept_selected(self) -> None:
        idx = self.view.currentIndex()
        sid = self.model.id_at(idx.row()) if idx.isValid() else None
        if sid is not None and sid != self._exclude:
            self.choose(sid)

    def create_new(self) -> None:
        name = self.search.text().strip()
        if not name:
            self.search.setFocus()
            return
        sid = self._store.create_speaker(name, type=self.new_type.currentData(), org=self.new_org.text().strip() or None)
        self.choose(sid)


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
    """Choose which of two speakers survives a merge."""

    def __init__(self, a, b, parent=None):
        super().__init__(parent)
        self.setWindowTitle("화자 병합")
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def keep_remove(self) -> tuple[int, int]:
        k = max(0, self.group.checkedId())
        return self._ids[k], self._ids[1 - k]


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
            head += f"\n{len(failed)}개 파일은 가져오지 못했습니다:"
        self.summary = QLabel(head)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlainText("\n".join(f"{p}\n    → {reason}" for p, reason in failed))
        self.details.setVisible(bool(failed))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.details, 1)
        lay.addWidget(buttons)
        self.failed = failed
