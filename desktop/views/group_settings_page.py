"""The settings tab of a group: the constitution of each cycle (the current one editable as
the rules allow — freely before the first meeting, by the board with a reason after — past
cycles read only), the history of its changes, and the board: the members who hold a role.

The logic is in ``ConstitutionForm`` and ``BoardPresenter``; this page lays them out.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.models.constitution import Setting, SettingKind
from desktop.models.formatting import format_amount
from desktop.presenters.group_settings import BoardColumn, BoardPresenter, ConstitutionForm
from desktop.views.ask import ask_reason
from desktop.views.context import PageContext
from desktop.views.listing_grid import ListingModel, ListingView
from desktop.views.page_parts import Notice

_FACTS = {"carry_in": N_("Carried over from the last cycle (đồng)"),
          "social_fund_in": N_("Social fund carried over (đồng)"),
          "seed_capital": N_("Seed capital (đồng)")}


class SettingField(QWidget):
    """One rule: its editor and, under it, what is wrong with what was typed."""

    def __init__(self, setting: Setting, form: ConstitutionForm) -> None:
        super().__init__()
        self.setting = setting
        self.form = form
        name = setting.name
        self.editor: QWidget
        if setting.kind == SettingKind.FLAG:
            box = QCheckBox()
            box.toggled.connect(lambda on: form.set_value(name, on))
            self.editor = box
        elif setting.kind == SettingKind.CHOICE:
            combo = QComboBox()
            for value, word in setting.choices:
                combo.addItem(_(word) if name != "rounding_unit" else word, value)
            combo.activated.connect(lambda _i: form.set_value(name, combo.currentData()))
            self.editor = combo
        else:
            edit = QLineEdit()
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setMaximumWidth(160)
            edit.editingFinished.connect(lambda: self._typed(edit))
            self.editor = edit
        self.problem = QLabel()  # one sentence: not wrapped (a form row would clip it)
        self.problem.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.editor, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.problem)
        if setting.hint:
            self.editor.setToolTip(_(setting.hint))

    def _typed(self, edit: QLineEdit) -> None:
        if edit.isModified():
            edit.setModified(False)
            self.form.set_text(self.setting.name, edit.text())

    def show_state(self) -> None:
        form, name = self.form, self.setting.name
        self.editor.blockSignals(True)
        if isinstance(self.editor, QCheckBox):
            self.editor.setChecked(bool(form.value(name)))
        elif isinstance(self.editor, QComboBox):
            self.editor.setCurrentIndex(max(self.editor.findData(form.value(name)), 0))
        elif isinstance(self.editor, QLineEdit) and not self.editor.hasFocus():
            self.editor.setText(form.text(name))
        self.editor.blockSignals(False)
        self.editor.setEnabled(form.can_change(name))
        locked = form.locked.get(name, "") if form.editable else ""
        self.problem.setText(form.issue(name) or locked)
        self.problem.setStyleSheet("color: #b00020;" if form.issue(name) else "color: #6b6b6b;")
        self.problem.setVisible(bool(form.issue(name) or locked))


class GroupSettingsPage(QWidget):
    """``ask_reason`` is an attribute so that tests can answer it."""

    def __init__(self, context: PageContext, group_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ask_reason: Callable[..., str | None] = ask_reason
        self.form = ConstitutionForm(context.ledger, context.actor, group_id)
        self.board = BoardPresenter(context.ledger, group_id, context.actor)
        self._build()
        self.form.subscribe(self._show_state)
        self._show_state()

    def _build(self) -> None:
        form = self.form
        self.cycle = QComboBox()
        self.cycle.activated.connect(lambda _i: self.form.choose(self.cycle.currentData()))
        self.rule = Notice()
        self.message = QLabel()
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Constitution of")))
        top.addWidget(self.cycle)
        top.addStretch(1)

        self.facts: dict[str, QLabel] = {}
        layout_form = QFormLayout()
        layout_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name in form.facts:
            label = QLabel()
            self.facts[name] = label
            layout_form.addRow(_(_FACTS[name]), label)
        self.fields: dict[str, SettingField] = {}
        for setting in form.settings:
            field = SettingField(setting, form)
            self.fields[setting.name] = field
            layout_form.addRow(QLabel(_(setting.label)), field)
        self.save_button = QPushButton(_("Save the constitution"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(_("Put back as saved"))
        self.revert_button.clicked.connect(self.form.revert)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(layout_form)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        rules = QGroupBox(_("Constitution (rules of the cycle)"))
        rules_layout = QVBoxLayout(rules)
        rules_layout.addWidget(self.rule)
        rules_layout.addWidget(scroll, 1)
        rules_layout.addWidget(self.message)
        rules_layout.addLayout(buttons)

        self.board_model = ListingModel(self.board, self)
        self.board_grid = ListingView()
        self.board_grid.wide_columns = {BoardColumn.ROLE: "Người giữ chìa khóa",
                                        BoardColumn.CODE: "TV999",
                                        BoardColumn.NAME: "Nguyễn Thị Minh Nguyệt"}
        self.board_grid.stretch_column = BoardColumn.NAME
        self.board_grid.setModel(self.board_model)
        self.board_grid.enable_sorting()
        board = QGroupBox(_("Board and roles"))
        board_layout = QVBoxLayout(board)
        board_layout.addWidget(self.board_grid, 1)
        hint = QLabel(_("Roles are given in the members register (the Role column)."))
        hint.setObjectName("pageSubtitle")
        hint.setWordWrap(True)
        board_layout.addWidget(hint)
        self.history = QListWidget()
        self.history.setWordWrap(True)
        history = QGroupBox(_("Changes of the constitution"))
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self.history)
        right = QVBoxLayout()
        right.addWidget(board, 3)
        right.addWidget(history, 2)
        body = QHBoxLayout()
        body.addWidget(rules, 1)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    def _show_state(self) -> None:
        form = self.form
        self.cycle.blockSignals(True)
        self.cycle.clear()
        for entry in form.cycles:
            self.cycle.addItem(entry.label(), entry.id)
        if form.cycle is not None:
            self.cycle.setCurrentIndex(max(self.cycle.findData(form.cycle.id), 0))
        self.cycle.blockSignals(False)
        self.rule.info(form.rule_text())
        for name, label in self.facts.items():
            label.setText(format_amount(form.facts.get(name, 0)))
        for field in self.fields.values():
            field.show_state()
        self.save_button.setVisible(form.editable)
        self.revert_button.setVisible(form.editable)
        self.save_button.setEnabled(form.dirty)
        self.revert_button.setEnabled(form.dirty)
        self.message.setText(form.last_message)
        self.history.clear()
        lines = form.history()
        self.history.addItems(lines or [_("The constitution has not been changed since it was "
                                          "first entered.")])

    def save(self) -> bool:
        focused = self.focusWidget()
        if isinstance(focused, QLineEdit):
            focused.editingFinished.emit()  # what is being typed goes in first
        reason = ""
        if self.form.needs_reason and self.form.dirty:
            answer = self.ask_reason(
                self, _("Change the constitution"),
                _("The cycle already has meetings. Why does the board change its rules? The "
                  "reason is kept in the audit log."), _("Save the constitution"))
            if answer is None:
                return False
            reason = answer
        saved = self.form.save(reason)
        self.context.status(self.form.last_message)
        if saved:
            self.context.ledger_changed()
        return saved

    def refresh(self) -> None:
        """Read the board and the cycles again (a share-out opens a new cycle); typed but
        unsaved rules stay."""
        self.board.reload()
        if not self.form.dirty:
            self.form.load(self.form.cycle.id if self.form.cycle else None)
