"""Dialogs of the members register: a member joins, a member leaves (with date and reason).
They call the presenter themselves and stay open, showing why, when the ledger refuses."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.clock import today
from desktop.models.enums import GroupKind, Household, MemberRole, Sex
from desktop.models.formatting import InputError
from desktop.models.personal_data import ConsentMethod
from desktop.presenters.cells import Choice, parse_year
from desktop.presenters.members import (
    MembersPresenter,
    consent_choices,
    household_choices,
    role_choices,
    sex_choices,
)
from desktop.views.ask import buttons, date_edit, read_date
from desktop.views.dialogs import problem_label


def _combo(choices: list[Choice], selected: object) -> QComboBox:
    combo = QComboBox()
    for choice in choices:
        combo.addItem(choice.label, choice.value)
    combo.setCurrentIndex(max(combo.findData(selected), 0))
    return combo


class AddMemberDialog(QDialog):
    """Thêm thành viên: code (the next free one proposed), name and details, joining date."""

    def __init__(self, presenter: MembersPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.added_row: int | None = None
        self.setWindowTitle(_("New member"))
        self.code = QLineEdit(presenter.suggest_code())
        self.name = QLineEdit()
        self.name.setMinimumWidth(260)
        self.sex = _combo(sex_choices(), Sex.FEMALE)
        self.birth_year = QLineEdit()
        self.birth_year.setPlaceholderText(_("e.g. 1958"))
        self.ethnicity = QLineEdit("Kinh")
        self.village = QLineEdit()
        self.household = _combo(household_choices(), Household.OTHER)
        self.role = _combo(role_choices(presenter.kind_of_group), MemberRole.MEMBER)
        self.phone = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(_("12 digits"))
        self.consent = QCheckBox(_("The member agreed that the ledger keeps their personal "
                                   "data"))
        self.consent_method = _combo(consent_choices()[1:], ConsentMethod.PAPER)
        self.consent_date = date_edit(today())
        self.join_date = date_edit(today())
        form = QFormLayout()
        for label, widget in (
            (_("Member code"), self.code), (_("Full name"), self.name), (_("Sex"), self.sex),
            (_("Year of birth"), self.birth_year), (_("Ethnicity"), self.ethnicity),
            (_("Village"), self.village), (_("Household"), self.household),
            (_("Role"), self.role), (_("Joined on"), self.join_date),
        ):
            form.addRow(label, widget)
        form.addRow("", self.consent)
        for label, widget in ((_("Consent given by"), self.consent_method),
                              (_("Consent given on"), self.consent_date),
                              (_("Phone"), self.phone), (_("ID number (CCCD)"), self.id_number)):
            form.addRow(label, widget)
        self.consent.toggled.connect(self._consent_toggled)
        self._consent_toggled(False)
        self.error = problem_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons(self, _("Add the member")))
        self.name.setFocus()

    def _consent_toggled(self, given: bool) -> None:
        # Without consent the ledger keeps no phone or ID number (Law 91/2025/QH15).
        for widget in (self.consent_method, self.consent_date, self.phone, self.id_number):
            widget.setEnabled(given)

    def accept(self) -> None:
        given = self.consent.isChecked()
        try:
            year = parse_year(self.birth_year.text())
        except InputError as error:
            self.error.setText(error.message)
            return
        row = self.presenter.add_member(
            code=self.code.text(), full_name=self.name.text(), join_date=read_date(self.join_date),
            sex=self.sex.currentData(), birth_year=year, ethnicity=self.ethnicity.text().strip(),
            village=self.village.text().strip(), household=self.household.currentData(),
            role=self.role.currentData(), phone=self.phone.text().strip() if given else "",
            id_number="".join(self.id_number.text().split()) if given else "",
            consent_date=read_date(self.consent_date) if given else None,
            consent_method=self.consent_method.currentData() if given else "")
        if row is None:
            self.error.setText(self.presenter.last_message)
            return
        self.added_row = row
        super().accept()


class LeaveDialog(QDialog):
    """A member leaves the group: the date and the reason (savings groups pay out)."""

    def __init__(self, presenter: MembersPresenter, row: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.row = row
        self.setWindowTitle(_("A member leaves the group"))
        member = presenter.member(row)
        self.day = date_edit(today())
        self.reason = QLineEdit()
        self.reason.setMinimumWidth(280)
        self.reason.setPlaceholderText(_("e.g. moved away, passed away, asked to leave"))
        form = QFormLayout()
        form.addRow(_("Member"), QLabel(f"{member.code} {member.full_name}"))
        form.addRow(_("Leaving date"), self.day)
        form.addRow(_("Reason"), self.reason)
        note = QLabel(_("In a savings group the member is paid out on leaving (savings, less "
                        "any loan still owed), as the constitution says."))
        note.setWordWrap(True)
        note.setVisible(presenter.kind_of_group != GroupKind.ISHC)  # clubs pay nobody out
        self.error = problem_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons(self, _("Record the leaving")))

    def accept(self) -> None:
        if self.presenter.leave(self.row, read_date(self.day), self.reason.text()):
            super().accept()
        else:
            self.error.setText(self.presenter.last_message)
