"""The first run: a short wizard instead of anything to configure by hand.

When the window starts with no ledger at all (no file given, none opened before), it asks, in
this order: the language (Tiếng Việt / English, switched at once); how to begin — a new
ledger for the commune, a ledger that already exists (copied from the old laptop), or the
demo; for a new ledger, the commune (5-digit code, name, province) and the name of its
Women's Union, then who signs the printed forms, then the ledger's administrator (its first
user: a new ledger never exists without one), then where to keep the file.

The wizard only asks. What it asked for is done by the window through the same paths as the
File menu: ``LedgerFiles.create(path, LedgerSetup, NewAdmin)`` for a new ledger (File ▸ New
ledger ends there too, and the window opens it signed in as that administrator),
``LedgerFiles.open`` and ``LedgerFiles.open_demo`` (each signs in before the ledger shows).

Adding a step: give the page an id in ``Step``, add it in ``__init__``, and return its id
from the ``nextId`` of the page before it; what it asks goes into ``LedgerSetup`` and is
recorded by ``set_up_ledger``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.file_names import LEDGER_SUFFIX
from desktop.i18n import _, current_language
from desktop.models.collation import nfc
from desktop.models.ledger_setup import LedgerSetup
from desktop.views.ledger_files import ledger_filter, with_ledger_suffix
from desktop.views.main_menu import LANGUAGE_NAMES
from desktop.views.page_parts import Notice
from desktop.views.screen_fit import fit_to_screen

if TYPE_CHECKING:  # the database modules load once the ledger is being made
    from desktop.views.sign_in import NewAdmin


class Step(IntEnum):
    LANGUAGE = 0
    BEGIN = 1
    COMMUNE = 2
    SIGNATORIES = 3
    LOCATION = 4
    OPEN_FILE = 5
    ADMIN = 6  # asked after the signatories, before the file


class Start(IntEnum):
    NEW = 0
    OPEN = 1
    DEMO = 2


@dataclass(frozen=True)
class FirstRunChoice:
    """What the clerk chose: a new ledger (``path``, ``setup`` and its ``admin``), a ledger
    to open (``path``), or the demo."""

    start: Start
    path: str = ""
    setup: LedgerSetup | None = None
    admin: NewAdmin | None = None


def _clean(text: str) -> str:
    return nfc(" ".join(text.split()))


class _Page(QWizardPage):
    """A step with its texts re-said on a language switch and a line for what is wrong.
    Each step says its texts in its own ``retranslate``."""

    retranslate: Callable[[], None]

    def __init__(self) -> None:
        super().__init__()
        self.notice = Notice()
        self.body = QVBoxLayout(self)

    def refuse(self, text: str) -> bool:
        self.notice.error(text)
        return False


class LanguagePage(_Page):
    language_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.choices = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for code, name in LANGUAGE_NAMES.items():
            button = QRadioButton(name)  # each language named in itself
            button.setChecked(code == current_language())
            button.toggled.connect(lambda on, code=code: on and self.language_chosen.emit(code))
            self.choices.addButton(button)
            self.buttons[code] = button
            self.body.addWidget(button)
        self.body.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(_("Welcome to Commune Ledger"))
        self.setSubTitle(_("First choose the language of the window (you can change it later "
                           "in Tools → Language)."))


class BeginPage(_Page):
    chosen = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.choices = QButtonGroup(self)
        self.new = QRadioButton()
        self.open = QRadioButton()
        self.demo = QRadioButton()
        self.explanations: list[QLabel] = []
        for start, button in ((Start.NEW, self.new), (Start.OPEN, self.open),
                              (Start.DEMO, self.demo)):
            self.choices.addButton(button, int(start))
            explanation = QLabel()
            explanation.setWordWrap(True)
            explanation.setContentsMargins(24, 0, 0, 8)
            self.explanations.append(explanation)
            self.body.addWidget(button)
            self.body.addWidget(explanation)
        self.new.setChecked(True)
        self.choices.idToggled.connect(self._toggled)
        self.body.addStretch(1)

    def _toggled(self, _id: int, on: bool) -> None:
        if on:
            # The demo ends the wizard here: the wizard shows Finish instead of Next (setting
            # it is what makes QWizard look at the buttons again).
            self.setFinalPage(self.start == Start.DEMO)
            self.chosen.emit()

    @property
    def start(self) -> Start:
        return Start(self.choices.checkedId())

    def retranslate(self) -> None:
        self.setTitle(_("How do you begin?"))
        self.setSubTitle(_("A ledger file holds all the groups and clubs of the commune."))
        self.new.setText(_("Make a new ledger for the commune"))
        self.open.setText(_("Open a ledger that already exists"))
        self.demo.setText(_("Try the demo ledger first"))
        for label, text in zip(self.explanations, (
                _("For a commune starting to keep its books here: you give its name and who "
                  "signs the printed forms."),
                _("For example a ledger copied from the old computer or a USB stick."),
                _("A made-up commune with a year of meetings, kept apart from your own "
                  "books.")), strict=True):
            label.setText(text)

    def nextId(self) -> int:
        return {Start.NEW: Step.COMMUNE, Start.OPEN: Step.OPEN_FILE, Start.DEMO: -1}[self.start]


class CommunePage(_Page):
    def __init__(self) -> None:
        super().__init__()
        self.code = QLineEdit()
        self.code.setMaxLength(5)
        self.code.setPlaceholderText("04321")
        self.name = QLineEdit()
        self.name.setPlaceholderText("Xã Yên Bình")  # examples, not texts to translate
        self.province = QLineEdit()
        self.province.setPlaceholderText("Tỉnh Thái Nguyên")
        self.union = QLineEdit()
        self.name.textChanged.connect(self._suggest_union)
        self.form = QFormLayout()
        self.labels = [QLabel() for _index in range(4)]
        for label, field in zip(self.labels, (self.code, self.name, self.province, self.union),
                                strict=True):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.body.addLayout(self.form)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.notice)
        self.body.addStretch(1)

    def _suggest_union(self) -> None:
        name = _clean(self.name.text())
        self.union.setPlaceholderText(_("Women's Union of {commune}").format(commune=name)
                                      if name else "")

    def retranslate(self) -> None:
        self.setTitle(_("The commune"))
        self.setSubTitle(_("These names are printed at the top of the forms and reports."))
        for label, text in zip(self.labels, (_("Commune &code (5 digits):"),
                                             _("Commune or &ward:"),
                                             _("&Province or city:"),
                                             _("Name of the &Women's Union:")), strict=True):
            label.setText(text)
        self.hint.setText(_("Leave the union's name empty to print \"Hội LHPN\" and the "
                            "commune's name."))
        self._suggest_union()

    def nextId(self) -> int:
        return Step.SIGNATORIES

    def validatePage(self) -> bool:
        problem = LedgerSetup(self.code.text(), self.name.text()).commune_problem()
        if problem:
            return self.refuse(problem)
        self.notice.clear()
        return True


class SignatoriesPage(_Page):
    def __init__(self) -> None:
        super().__init__()
        self.preparer = QLineEdit()
        self.preparer.setPlaceholderText("Nguyễn Thị Hoa")
        self.chair = QLineEdit()
        self.chair.setPlaceholderText("Trần Thị Mai")
        self.labels = [QLabel(), QLabel()]
        form = QFormLayout()
        for label, field in zip(self.labels, (self.preparer, self.chair), strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.body.addLayout(form)
        self.body.addWidget(self.hint)
        self.body.addStretch(1)

    def nextId(self) -> int:
        return Step.ADMIN

    def retranslate(self) -> None:
        self.setTitle(_("Who signs the printed forms"))
        self.setSubTitle(_("Their names are printed under the signature lines."))
        self.labels[0].setText(_("&Prepared by (name):"))
        self.labels[1].setText(_("&Chair of the union (name):"))
        self.hint.setText(_("A name left empty is written by hand on paper. Each group's "
                            "treasurer and chair are taken from its members. All this can be "
                            "changed later in the print settings."))


class AdminPage(_Page):
    """The ledger's first user, its administrator: the user name, the full name and the
    password twice, checked as the command line and File ▸ New ledger check them."""

    def __init__(self) -> None:
        super().__init__()
        self.name = QLineEdit("admin")
        self.display_name = QLineEdit()
        self.password = QLineEdit()
        self.again = QLineEdit()
        for field in (self.password, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = [QLabel() for _index in range(4)]
        form = QFormLayout()
        for label, field in zip(self.labels, (self.name, self.display_name, self.password,
                                              self.again), strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
        self.body.addLayout(form)
        self.body.addWidget(self.notice)
        self.body.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(_("The ledger's administrator"))
        self.setSubTitle(_("Every ledger has an administrator, who adds the other users "
                           "(clerks, board members, viewers) and may do everything. Remember "
                           "the password: it is kept only as a hash and nobody can read it "
                           "back."))
        for label, text in zip(self.labels, (_("&User name:"), _("&Full name:"),
                                             _("Pass&word:"), _("The same password &again:")),
                               strict=True):
            label.setText(text)
        self.display_name.setPlaceholderText(_("e.g. Nguyễn Thị Hoa"))

    def initializePage(self) -> None:
        self.password.setFocus()

    def nextId(self) -> int:
        return Step.LOCATION

    def validatePage(self) -> bool:
        from desktop.models.errors import LedgerError
        from desktop.models.users import check_name, check_password

        if self.password.text() != self.again.text():
            return self.refuse(_("The two passwords differ."))
        try:
            check_name(self.name.text())
            check_password(self.password.text())
        except LedgerError as error:
            return self.refuse(str(error))
        self.notice.clear()
        return True

    def admin(self) -> NewAdmin:
        from desktop.models.users import check_name
        from desktop.views.sign_in import NewAdmin

        return NewAdmin(check_name(self.name.text()), self.password.text(),
                        _clean(self.display_name.text()))


class FileChoicePage(_Page):
    """A file's path, typed or chosen with the file dialog (each step's own ``choose``)."""

    choose: Callable[[], None]

    def __init__(self) -> None:
        super().__init__()
        self.path = QLineEdit()
        self.browse = QPushButton()
        self.browse.clicked.connect(self.choose)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        self.label = QLabel()
        self.label.setBuddy(self.path)
        self.label.setWordWrap(True)
        self.body.addWidget(self.label)
        self.body.addLayout(row)
        self.body.addWidget(self.notice)
        self.body.addStretch(1)

    def nextId(self) -> int:
        return -1  # the last step of its way

    def chosen_path(self) -> str:
        return self.path.text().strip().strip('"')


class LocationPage(FileChoicePage):
    def __init__(self, folder: str, commune_name: QLineEdit) -> None:
        super().__init__()
        self.folder = folder
        self.commune_name = commune_name

    def retranslate(self) -> None:
        self.setTitle(_("Where to keep the ledger"))
        self.setSubTitle(_("Keep it in a folder that is backed up; a USB stick can be pulled "
                           "out while you work."))
        self.label.setText(_("&Ledger file:"))
        self.browse.setText(_("Choose…"))

    def initializePage(self) -> None:
        if not self.path.text():
            name = _clean(self.commune_name.text())
            stem = _("Ledger {commune}").format(commune=name) if name else _("commune-ledger")
            self.path.setText(str(Path(self.folder) / (stem + LEDGER_SUFFIX)))

    def choose(self) -> None:
        path, _chosen = QFileDialog.getSaveFileName(
            self, _("New ledger"), self.chosen_path(), ledger_filter(),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.path.setText(with_ledger_suffix(path))

    def validatePage(self) -> bool:
        text = self.chosen_path()
        if not text:
            return self.refuse(_("Give the ledger file a name."))
        path = Path(with_ledger_suffix(text))
        if path.exists():
            return self.refuse(_("The file {file} already exists. Choose another name, or go "
                                 "back and open it.").format(file=path.name))
        self.notice.clear()
        return True


class OpenFilePage(FileChoicePage):
    def retranslate(self) -> None:
        self.setTitle(_("Open a ledger"))
        self.setSubTitle(_("Ledger files end in .soquy (older ones in .sqlite)."))
        self.label.setText(_("&Ledger file:"))
        self.browse.setText(_("Choose…"))

    def choose(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(self, _("Open a ledger"),
                                                    self.chosen_path(), ledger_filter())
        if path:
            self.path.setText(path)

    def validatePage(self) -> bool:
        text = self.chosen_path()
        if not text:
            return self.refuse(_("Choose the ledger file to open."))
        if not Path(text).is_file():
            return self.refuse(_("There is no file {file}.").format(file=text))
        self.notice.clear()
        return True


class FirstRunWizard(QWizard):
    """The questions of the first run; ``choice()`` once accepted."""

    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None, documents: str) -> None:
        super().__init__(parent)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.language = LanguagePage()
        self.begin = BeginPage()
        self.commune = CommunePage()
        self.signatories = SignatoriesPage()
        self.admin = AdminPage()
        self.location = LocationPage(documents, self.commune.name)
        self.open_file = OpenFilePage()
        self.steps: dict[Step, _Page] = {
            Step.LANGUAGE: self.language, Step.BEGIN: self.begin, Step.COMMUNE: self.commune,
            Step.SIGNATORIES: self.signatories, Step.ADMIN: self.admin,
            Step.LOCATION: self.location, Step.OPEN_FILE: self.open_file}
        for step, page in self.steps.items():
            self.setPage(int(step), page)
        self.language.language_chosen.connect(self._language_chosen)
        self.begin.chosen.connect(self._update_finish_text)
        self.currentIdChanged.connect(self._update_finish_text)
        self.retranslate()
        fit_to_screen(self, 640, 480)

    def _language_chosen(self, language: str) -> None:
        self.language_chosen.emit(language)  # the window switches; then the wizard
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Getting started — Commune Ledger"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        for page in self.steps.values():
            page.retranslate()
        self._update_finish_text()

    def _update_finish_text(self) -> None:
        text = {Start.NEW: _("Make the ledger"), Start.OPEN: _("Open the ledger"),
                Start.DEMO: _("Open the demo")}[self.begin.start]
        self.setButtonText(QWizard.WizardButton.FinishButton, text)

    def choice(self) -> FirstRunChoice:
        start = self.begin.start
        if start == Start.NEW:
            setup = LedgerSetup(self.commune.code.text(), self.commune.name.text(),
                                self.commune.province.text(), self.commune.union.text(),
                                self.signatories.preparer.text(),
                                self.signatories.chair.text()).cleaned()
            return FirstRunChoice(start, with_ledger_suffix(self.location.chosen_path()), setup,
                                  self.admin.admin())
        if start == Start.OPEN:
            return FirstRunChoice(start, self.open_file.chosen_path())
        return FirstRunChoice(start)


def first_run_needed(db: str | None, last_ledger: str, recent: list[str]) -> bool:
    """No ledger given, none opened before: the clerk has never begun."""
    return not db and not last_ledger and not recent
