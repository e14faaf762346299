"""Recording a new home-care visit, event or self-help case: the fields the kind needs, and
the ledger's reasons shown in the dialog (which stays open) when it refuses."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.activities import MAX_PARTICIPANTS, ActivityInput, Person
from desktop.models.clock import today
from desktop.models.enums import ActivityKind
from desktop.models.formatting import InputError
from desktop.presenters.activities import parse_person, person_choices
from desktop.presenters.activity_lists import ActivityListPresenter
from desktop.presenters.book_labels import activity_label
from desktop.views.ask import buttons, date_edit, read_date
from desktop.views.dialogs import problem_label


class ActivityDialog(QDialog):
    """A new activity of ``kind`` for the list ``presenter`` shows."""

    def __init__(self, presenter: ActivityListPresenter, kind: ActivityKind,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.kind = ActivityKind(kind)
        self.setWindowTitle(_("New: {what}").format(what=activity_label(kind).lower()))
        today_ = today()
        active = [person for person in presenter.people if person.active_on(today_)]
        self.day = date_edit(today_)
        self.member = self._people(active, blank=kind != ActivityKind.HOME_VISIT)
        self.volunteer = self._people(active, blank=kind != ActivityKind.HOME_VISIT)
        self.title = QLineEdit()
        self.title.setMinimumWidth(300)
        self.participants = QSpinBox()
        self.participants.setRange(0, MAX_PARTICIPANTS)
        self.note = QLineEdit()
        form = QFormLayout()
        form.addRow(_("Date"), self.day)
        if kind == ActivityKind.HOME_VISIT:
            self.note.setPlaceholderText(_("e.g. visited while ill, measured blood pressure"))
            form.addRow(_("Member visited"), self.member)
            form.addRow(_("Volunteer"), self.volunteer)
        else:
            self.title.setPlaceholderText(
                _("e.g. Hội thi văn nghệ mừng ngày Người cao tuổi") if kind == ActivityKind.EVENT
                else _("e.g. Giúp ngày công thu hoạch lúa"))
            form.addRow(_("What"), self.title)
            form.addRow(_("People taking part"), self.participants)
            if kind == ActivityKind.SELF_HELP:
                form.addRow(_("Member helped"), self.member)
        form.addRow(_("Note"), self.note)
        self.error = problem_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons(self, _("Record")))

    @staticmethod
    def _people(people: list[Person], blank: bool) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)  # typing part of a name or code finds the member
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for choice in person_choices(people, blank=blank):
            combo.addItem(choice.label, choice.value)
        combo.setCurrentIndex(0)
        return combo

    def _person(self, combo: QComboBox) -> int | None:
        """The member chosen, or typed ("TV09", a name without accents)."""
        text = combo.currentText()
        position = combo.findText(text)
        if position >= 0:
            return combo.itemData(position)
        return parse_person(text, self.presenter.people)

    def data(self) -> ActivityInput:
        """What the dialog holds; ``InputError`` when a member typed is not in the club."""
        member = self._person(self.member)
        volunteer = self._person(self.volunteer)
        if self.kind != ActivityKind.HOME_VISIT:
            volunteer = None
        if self.kind == ActivityKind.EVENT:
            member = None
        return ActivityInput(self.kind, read_date(self.day), member_id=member,
                             volunteer_id=volunteer, participants=self.participants.value(),
                             title=self.title.text(), note=self.note.text())

    def accept(self) -> None:
        try:
            data = self.data()
        except InputError as error:
            self.error.setText(error.message)
            return
        problems = self.presenter.add(data)
        if problems:
            self.error.setText("\n".join(problems))
            return
        super().accept()
