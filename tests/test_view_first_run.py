"""The first run, driven by the keyboard as a clerk would: with no ledger anywhere the window
asks the language, how to begin, the commune, its union and signatories, the ledger's
administrator, where to keep the file — then makes the ledger the way File ▸ New ledger does,
and opens it signed in as that administrator. Nothing is set up by hand in a file (issue 11).
An existing ledger opened from the wizard asks who signs in, as any opening does."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import db_arg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWizard
from window_samples import make_commune
from window_sign_in import answer_sign_in

from desktop import app as application
from desktop.i18n import set_language
from desktop.models.database import open_ledger
from desktop.models.organisation import Commune
from desktop.models.permissions import Actor, Role
from desktop.models.print_settings import load_print_settings
from desktop.models.users import list_users
from desktop.settings import Settings
from desktop.views.first_run import FirstRunWizard, Start, Step, first_run_needed
from desktop.views.qt_texts import apply_language

TIMEOUT = 15_000


@pytest.fixture(autouse=True)
def config(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    yield
    set_language("vi")
    apply_language()


@pytest.fixture
def documents(monkeypatch, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    """The clerk's Documents folder, with Vietnamese letters and spaces in its path."""
    from PySide6.QtCore import QStandardPaths

    folder = tmp_path / "Hương" / "Tài liệu"
    folder.mkdir(parents=True)
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: str(folder))
    return folder


def first_window(qtbot):  # type: ignore[no-untyped-def]
    window = application.start_window(None, Settings())
    qtbot.addWidget(window)
    wizard = window.first_run
    assert isinstance(wizard, FirstRunWizard)
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    return window, wizard


def type_text(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Keys typed into ``widget``. A Vietnamese letter comes as a Vietnamese keyboard (or
    Unikey) delivers it: a key event carrying the composed letter, which QTest cannot name."""
    for char in text:
        if char.isascii():
            qtbot.keyClick(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def enter(qtbot, wizard: FirstRunWizard) -> None:  # type: ignore[no-untyped-def]
    """Enter: the wizard's default button (Next, or the last step's button)."""
    qtbot.keyClick(wizard.currentPage(), Qt.Key.Key_Return)


def name_the_administrator(qtbot, wizard: FirstRunWizard,  # type: ignore[no-untyped-def]
                           password: str = "mat-khau-xa", again: str | None = None) -> None:
    """The administrator's step: the user name offered (admin), the password twice."""
    assert wizard.currentId() == Step.ADMIN
    type_text(qtbot, wizard.admin.password, password)
    qtbot.keyClick(wizard.admin.password, Qt.Key.Key_Tab)
    type_text(qtbot, wizard.admin.again, password if again is None else again)
    enter(qtbot, wizard)


def test_the_first_run_asks_in_vietnamese_and_makes_the_ledger(qtbot, documents) -> None:
    window, wizard = first_window(qtbot)
    assert wizard.currentId() == Step.LANGUAGE
    assert wizard.windowTitle() == "Bắt đầu — Sổ Quỹ Cộng Đồng"
    enter(qtbot, wizard)  # Tiếng Việt is already chosen
    assert wizard.currentId() == Step.BEGIN
    assert wizard.begin.start == Start.NEW  # the first way, chosen already
    enter(qtbot, wizard)
    assert wizard.currentId() == Step.COMMUNE
    page = wizard.commune
    type_text(qtbot, page.code, "04321")
    qtbot.keyClick(page.code, Qt.Key.Key_Tab)
    type_text(qtbot, page.name, "Xã Yên  Bình")
    qtbot.keyClick(page.name, Qt.Key.Key_Tab)
    type_text(qtbot, page.province, "Tỉnh Thái Nguyên")
    qtbot.keyClick(page.province, Qt.Key.Key_Tab)
    assert page.union.placeholderText() == "Hội LHPN Xã Yên Bình"
    type_text(qtbot, page.union, "Hội LHPN xã Yên Bình")
    enter(qtbot, wizard)
    assert wizard.currentId() == Step.SIGNATORIES
    type_text(qtbot, wizard.signatories.preparer, "Nguyễn Thị Hoa")
    qtbot.keyClick(wizard.signatories.preparer, Qt.Key.Key_Tab)
    type_text(qtbot, wizard.signatories.chair, "Trần Thị Mai")
    enter(qtbot, wizard)
    assert wizard.currentId() == Step.ADMIN
    assert wizard.admin.title() == "Người quản trị sổ dữ liệu"
    assert wizard.admin.name.text() == "admin"
    type_text(qtbot, wizard.admin.display_name, "Nguyễn Thị Hoa")
    qtbot.keyClick(wizard.admin.display_name, Qt.Key.Key_Tab)
    name_the_administrator(qtbot, wizard)
    assert wizard.currentId() == Step.LOCATION
    target = documents / "Sổ quỹ Xã Yên Bình.soquy"
    assert wizard.location.path.text() == str(target)
    assert wizard.button(QWizard.WizardButton.FinishButton).text() == "Tạo sổ dữ liệu"
    with qtbot.waitSignal(window.ledger_opened, timeout=TIMEOUT):
        enter(qtbot, wizard)
    assert target.exists()
    assert window.ledger_path == str(target)
    assert window.tree.texts()[0] == "Tổng quan Xã Yên Bình"
    assert window.settings.last_ledger == str(target)  # the next start opens it
    with window.ledger.session() as session:
        commune = session.query(Commune).one()
        assert (commune.code, commune.name, commune.province, commune.union_name) == (
            "04321", "Xã Yên Bình", "Tỉnh Thái Nguyên", "Hội LHPN xã Yên Bình")
        settings = load_print_settings(session)
        assert (settings.preparer_name, settings.union_chair_name) == ("Nguyễn Thị Hoa",
                                                                       "Trần Thị Mai")
        # The ledger's first user is the administrator named in the wizard, signed in now.
        assert [(user.name, user.role, user.display_name) for user in list_users(session)] \
            == [("admin", Role.ADMIN, "Nguyễn Thị Hoa")]
    assert window.actor == Actor("admin", Role.ADMIN)
    assert window.sign_in_dialog is None  # no second question: it was just named


def test_the_administrator_s_passwords_must_match_and_be_long_enough(qtbot,
                                                                      documents) -> None:
    _window, wizard = first_window(qtbot)
    enter(qtbot, wizard)
    enter(qtbot, wizard)
    type_text(qtbot, wizard.commune.code, "04321")
    qtbot.keyClick(wizard.commune.code, Qt.Key.Key_Tab)
    type_text(qtbot, wizard.commune.name, "Xã Yên Bình")
    enter(qtbot, wizard)
    enter(qtbot, wizard)
    name_the_administrator(qtbot, wizard, again="mat-khau-khac")
    assert wizard.currentId() == Step.ADMIN
    assert wizard.admin.notice.text() == "Hai mật khẩu không giống nhau."
    for field in (wizard.admin.password, wizard.admin.again):
        field.clear()
    name_the_administrator(qtbot, wizard, password="ngan")
    assert wizard.currentId() == Step.ADMIN
    assert "8" in wizard.admin.notice.text()
    assert list(documents.iterdir()) == []  # nothing made while it asks


def test_a_wrong_commune_code_is_explained_and_the_wizard_waits(qtbot, documents) -> None:
    _window, wizard = first_window(qtbot)
    enter(qtbot, wizard)
    enter(qtbot, wizard)
    type_text(qtbot, wizard.commune.code, "0432")
    qtbot.keyClick(wizard.commune.code, Qt.Key.Key_Tab)
    type_text(qtbot, wizard.commune.name, "Xã Yên Bình")
    enter(qtbot, wizard)
    assert wizard.currentId() == Step.COMMUNE
    assert wizard.commune.notice.text() == "Mã xã gồm đúng 5 chữ số, ví dụ 04321."
    qtbot.keyClick(wizard.commune.code, Qt.Key.Key_End)
    type_text(qtbot, wizard.commune.code, "1")
    enter(qtbot, wizard)
    assert wizard.currentId() == Step.SIGNATORIES


def test_choosing_english_switches_the_wizard_and_the_window_at_once(qtbot, documents) -> None:
    window, wizard = first_window(qtbot)
    wizard.language.buttons["vi"].setFocus()
    qtbot.keyClick(wizard.language.buttons["vi"], Qt.Key.Key_Down)
    assert wizard.language.buttons["en"].isChecked()
    assert wizard.windowTitle() == "Getting started — Commune Ledger"
    assert wizard.language.title() == "Welcome to Commune Ledger"
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Next >"
    assert window.menu.menu_titles()[0] == "File"
    assert Settings().language == "en"  # remembered for the next start
    enter(qtbot, wizard)
    assert wizard.begin.new.text() == "Make a new ledger for the commune"


@pytest.mark.sqlite_only("the wizard's last step opens a ledger file by its path")
def test_an_existing_ledger_is_opened_from_the_first_run(qtbot, documents, ledger) -> None:
    make_commune(ledger)
    copied = str(ledger.engine.url.database)
    ledger.close()
    window, wizard = first_window(qtbot)
    answer_sign_in(window)
    enter(qtbot, wizard)
    qtbot.keyClick(wizard.begin.new, Qt.Key.Key_Down)
    assert wizard.begin.start == Start.OPEN
    assert wizard.button(QWizard.WizardButton.FinishButton).text() == "Mở sổ dữ liệu"
    enter(qtbot, wizard)
    assert wizard.currentId() == Step.OPEN_FILE
    type_text(qtbot, wizard.open_file.path, str(documents / "khong-co.soquy"))
    enter(qtbot, wizard)
    assert wizard.open_file.notice.text().startswith("Không có tệp ")
    wizard.open_file.path.clear()
    type_text(qtbot, wizard.open_file.path, copied)
    with qtbot.waitSignal(window.ledger_opened, timeout=TIMEOUT):
        enter(qtbot, wizard)
    assert window.ledger_path == copied
    assert window.actor == Actor("admin", Role.ADMIN)  # signed in, as any opening asks


def test_the_demo_is_opened_the_way_the_start_page_opens_it(qtbot, documents,
                                                            monkeypatch) -> None:
    window, wizard = first_window(qtbot)
    opened: list[str] = []
    monkeypatch.setattr(window.files, "open_demo", lambda: opened.append("demo"))
    enter(qtbot, wizard)
    qtbot.keyClick(wizard.begin.new, Qt.Key.Key_Down)
    qtbot.keyClick(wizard.begin.open, Qt.Key.Key_Down)
    assert wizard.begin.start == Start.DEMO
    enter(qtbot, wizard)  # the last step: the demo needs no more questions
    assert opened == ["demo"]
    assert not wizard.isVisible()


def test_cancelling_leaves_the_start_page_and_nothing_made(qtbot, documents) -> None:
    window, wizard = first_window(qtbot)
    qtbot.keyClick(wizard.currentPage(), Qt.Key.Key_Escape)
    assert not wizard.isVisible()
    assert window.ledger is None
    assert window.pages.currentWidget() is window.start_page
    assert list(documents.iterdir()) == []


def test_an_existing_file_is_never_replaced_by_a_new_ledger(qtbot, documents) -> None:
    (documents / "Sổ quỹ Xã Yên Bình.soquy").write_bytes(b"something precious")
    _window, wizard = first_window(qtbot)
    enter(qtbot, wizard)
    enter(qtbot, wizard)
    type_text(qtbot, wizard.commune.code, "04321")
    qtbot.keyClick(wizard.commune.code, Qt.Key.Key_Tab)
    type_text(qtbot, wizard.commune.name, "Xã Yên Bình")
    enter(qtbot, wizard)
    enter(qtbot, wizard)
    name_the_administrator(qtbot, wizard)
    enter(qtbot, wizard)
    assert wizard.currentId() == Step.LOCATION
    assert "đã có" in wizard.location.notice.text()
    assert (documents / "Sổ quỹ Xã Yên Bình.soquy").read_bytes() == b"something precious"


def test_the_wizard_appears_only_when_the_clerk_has_never_begun(qtbot, ledger) -> None:
    assert first_run_needed(None, "", [])
    assert not first_run_needed("so.soquy", "", [])
    assert not first_run_needed(None, "/cu/so.soquy", [])
    assert not first_run_needed(None, "", ["/cu/so.soquy"])
    make_commune(ledger)
    ledger.close()
    window = application.start_window(db_arg(ledger), Settings())
    qtbot.addWidget(window)
    answer_sign_in(window)
    qtbot.waitUntil(lambda: window.ledger is not None, timeout=TIMEOUT)
    assert window.first_run is None
    # The ledger opened this time opens by itself next time: no wizard.
    assert open_ledger(window.ledger_path) is not None
