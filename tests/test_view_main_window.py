"""The main window as the clerk sees it: the commune tree, a group's page, menus in
Vietnamese (English on request), switching ledgers, recent files, remembered size and pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import db_arg, execute_sql, shown_name, with_admin
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from window_samples import SampleIds, make_commune, make_other_commune
from window_sign_in import answer_sign_in

from desktop.i18n import _, current_language
from desktop.models.database import open_new_ledger
from desktop.models.permissions import Actor, Role
from desktop.settings import Settings
from desktop.views import ledger_files
from desktop.views.commune_dialog import CommuneDetails
from desktop.views.group_page import GroupPage
from desktop.views.main_window import MainWindow
from desktop.views.overview_page import OverviewPage
from desktop.views.sign_in import NewAdmin
from desktop.views.start_page import StartPage

TIMEOUT = 10_000


@pytest.fixture(autouse=True)
def config(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(tmp_path / "config" / "settings.json")


@pytest.fixture
def sample(ledger) -> tuple[str, SampleIds]:  # type: ignore[no-untyped-def]
    ids = make_commune(ledger)
    path = db_arg(ledger)
    ledger.close()
    return path, ids


@pytest.fixture
def shown(monkeypatch):  # type: ignore[no-untyped-def]
    """Message boxes are recorded (title, text, details, buttons), answered with the first
    button."""
    boxes: list[tuple[str, str, str, list[str]]] = []

    def record(box: QMessageBox) -> int:
        buttons = box.buttons()
        boxes.append((box.windowTitle(), box.text(), box.informativeText(),
                      [button.text() for button in buttons]))
        if buttons:
            buttons[0].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    return boxes


def open_window(qtbot, settings: Settings, db: str | None) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    answer_sign_in(window)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.start(db)
    # Shortcuts (F5, Ctrl+…) reach a window only once it is the active one; on a busy
    # machine that comes a moment after show().
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT)
    return window


def figures_of(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    """The current page, once its figures (computed in the background) are shown."""
    page = window.current_page()
    assert page is not None
    loaded = (lambda: page.data is not None) if isinstance(page, OverviewPage) else \
        (lambda: page.summary is not None)
    qtbot.waitUntil(loaded, timeout=TIMEOUT)
    return page


def test_the_tree_lists_the_communes_villages_and_groups_in_vietnamese(qtbot, settings,
                                                                      sample) -> None:
    window = open_window(qtbot, settings, sample[0])
    assert window.tree.texts() == [
        "Tổng quan Xã Yên Bình",
        "Thôn Đông", "  Nhóm TK&VV Hoa Sen",
        "Thôn Tây", "  CLB Liên thế hệ Thôn Tây", "  Nhóm tiết kiệm Bình An",
    ]
    assert "Xã Yên Bình" in window.windowTitle() and "Sổ Quỹ Cộng Đồng" in window.windowTitle()


def test_each_group_in_the_tree_carries_its_kind(qtbot, settings, sample) -> None:
    window = open_window(qtbot, settings, sample[0])
    items = {item.text(0): item for item in window.tree._items()}
    assert items["Nhóm TK&VV Hoa Sen"].statusTip(0) == "Nhóm TK&VV"
    assert items["CLB Liên thế hệ Thôn Tây"].statusTip(0) == "CLB LTHTGN"
    assert "Nhóm tiết kiệm do cộng đồng tự quản" in items["Nhóm tiết kiệm Bình An"].toolTip(0)
    assert not items["Nhóm TK&VV Hoa Sen"].icon(0).isNull()


def test_the_overview_opens_first_with_figures_in_vietnamese_grouping(qtbot, settings,
                                                                      sample) -> None:
    window = open_window(qtbot, settings, sample[0])
    page = figures_of(qtbot, window)
    assert isinstance(page, OverviewPage)
    rows = page.table.cell_texts()
    assert rows[0][:2] == ["HS01", "Nhóm TK&VV Hoa Sen"]
    assert rows[0][3:8] == ["4", "120.000", "100.000", "100.000", "6.000"]
    assert rows[-1][1] == _("Total")
    assert rows[-1][-2:] == ["50.026.000", "75%"]
    assert page.cards.values()[_("Cash on hand")] == "50.026.000"


def test_choosing_a_group_in_the_tree_opens_its_page_with_its_key_figures(qtbot, settings,
                                                                          sample) -> None:
    path, ids = sample
    window = open_window(qtbot, settings, path)
    item = next(item for item in window.tree._items() if item.text(0) == "Nhóm TK&VV Hoa Sen")
    window.tree.tree.setCurrentItem(item)
    page = figures_of(qtbot, window)
    assert isinstance(page, GroupPage) and page.group_id == ids.hoa_sen
    assert page.cards.values() == {_("Members"): "4", _("Savings"): "120.000",
                                   _("Loans outstanding"): "100.000",
                                   _("Cash on hand"): "26.000"}
    assert page.tab_titles()[0] == "Tổng quan"
    assert window.tree.current_key() == f"group:{ids.hoa_sen}"


def test_the_menus_are_vietnamese_and_switch_to_english(qtbot, settings, sample) -> None:
    window = open_window(qtbot, settings, sample[0])
    assert window.menu.menu_titles() == ["Tệp", "Xem", "In và báo cáo", "Công cụ", "Trợ giúp"]
    window.switch_language("en")
    assert window.menu.menu_titles() == ["File", "View", "Printing and reports", "Tools", "Help"]
    assert window.menu.open_ledger.text().replace("&", "") == "Open a ledger…"
    assert window.tree.texts()[0] == "Overview of Xã Yên Bình"
    assert settings.language == "en" and current_language() == "en"
    page = figures_of(qtbot, window)  # pages are rebuilt in the new language
    assert "Cash on hand" in page.cards.values()
    window.switch_language("vi")
    assert window.menu.menu_titles() == ["Tệp", "Xem", "In và báo cáo", "Công cụ", "Trợ giúp"]


def test_menu_actions_have_keyboard_shortcuts(qtbot, settings, sample) -> None:
    window = open_window(qtbot, settings, sample[0])
    menu = window.menu
    shortcuts = {name: getattr(menu, name).shortcut().toString() for name in (
        "new_ledger", "open_ledger", "quit", "overview", "back", "forward", "refresh",
        "find_group", "close_page", "check")}
    assert shortcuts == {"new_ledger": "Ctrl+N", "open_ledger": "Ctrl+O", "quit": "Ctrl+Q",
                         "overview": "Alt+Home", "back": "Alt+Left", "forward": "Alt+Right",
                         "refresh": "F5", "find_group": "Ctrl+G", "close_page": "Ctrl+W",
                         "check": "Ctrl+K"}
    assert window.menu.toolbar.actions()  # the toolbar carries the main actions


def test_open_a_ledger_on_a_server_refuses_what_is_not_an_address(qtbot, settings, sample,
                                                                   shown, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    window = open_window(qtbot, settings, sample[0])
    before = window.ledger
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("so-quy.sqlite", True))
    window.menu.open_server.trigger()
    assert window.ledger is before
    assert "postgresql://" in shown[-1][1] and "so-quy.sqlite" in shown[-1][1]


def test_back_and_forward_move_between_pages_like_a_browser(qtbot, settings, sample) -> None:
    path, ids = sample
    window = open_window(qtbot, settings, path)
    window.open_group(ids.hoa_sen)
    window.open_group(ids.club)
    window.menu.back.trigger()
    assert window.pages.current_key() == f"group:{ids.hoa_sen}"
    window.menu.back.trigger()
    assert window.pages.current_key() == "overview"
    assert not window.menu.back.isEnabled()
    window.menu.forward.trigger()
    assert window.pages.current_key() == f"group:{ids.hoa_sen}"
    window.menu.close_page.trigger()
    assert f"group:{ids.hoa_sen}" not in window.pages.keys()


def test_find_group_filters_the_tree_as_the_clerk_types(qtbot, settings, sample) -> None:
    window = open_window(qtbot, settings, sample[0])
    window.menu.find_group.trigger()
    qtbot.keyClicks(window.tree.search, "binh an")
    assert window.tree.texts() == ["Tổng quan Xã Yên Bình", "Thôn Tây",
                                   "  Nhóm tiết kiệm Bình An"]


def test_pages_speak_in_the_status_bar(qtbot, settings, sample) -> None:
    window = open_window(qtbot, settings, sample[0])
    assert window.context is not None
    window.context.status("Đã lưu buổi họp ngày 05/10/2026.")
    assert window.statusBar().currentMessage() == "Đã lưu buổi họp ngày 05/10/2026."


def test_switching_ledgers_shows_the_other_commune_and_remembers_both(qtbot, settings,
                                                                      sample, new_place) -> None:
    first = sample[0]
    second = new_place("phuc-loc")
    second_ledger = open_new_ledger(second, with_admin)
    make_other_commune(second_ledger)
    second_ledger.close()
    window = open_window(qtbot, settings, first)
    with qtbot.waitSignal(window.ledger_opened, timeout=TIMEOUT):
        window.open_recent(second)
    assert window.tree.texts() == ["Tổng quan Xã Phúc Lộc", "Bản Na", "  CLB Bản Na"]
    assert window.pages.keys() == ["overview"]
    assert settings.recent_ledgers == [second, first]
    window.menu.recent_menu.aboutToShow.emit()
    names = [action.text() for action in window.menu.recent_menu.actions()]
    assert names[:2] == [f"&1 {shown_name(second)}", f"&2 {shown_name(first)}"]


def test_opening_a_file_that_is_not_a_ledger_says_so_in_vietnamese(qtbot, settings, sample,
                                                                   shown, tmp_path) -> None:
    bad = tmp_path / "thu-chi.sqlite"
    bad.write_bytes(b"This is a letter, not a ledger." * 100)
    window = open_window(qtbot, settings, sample[0])
    with qtbot.waitSignal(window.files.failed, timeout=TIMEOUT):
        window.open_recent(str(bad))
    title, text, _details, buttons = shown[-1]
    assert title == "Không mở được sổ dữ liệu"
    assert text == f"Tệp {bad} không phải là sổ dữ liệu của Sổ Quỹ Cộng Đồng, hoặc tệp đã bị " \
                   "hỏng."
    assert buttons == ["Đồng ý"]
    assert window.tree.texts()[0] == "Tổng quan Xã Yên Bình"  # the open ledger stays open


def test_a_ledger_from_a_newer_version_is_refused_with_a_sentence(qtbot, settings, sample,
                                                                  shown) -> None:
    path = sample[0]
    execute_sql(path, "UPDATE alembic_version SET version_num = '9999_future'")
    window = open_window(qtbot, settings, path)
    assert isinstance(window.pages.currentWidget(), StartPage)
    assert shown[-1][1] == _("This ledger was written by a newer version of Commune Ledger "
                             "(schema {rev}); install the newer version to open it.").format(
        rev="9999_future")
    assert "Traceback" not in shown[-1][1]


def test_a_missing_recent_file_can_be_removed_from_the_list(qtbot, settings, sample,
                                                            shown) -> None:
    window = open_window(qtbot, settings, sample[0])
    settings.remember_ledger("/nowhere/cu.sqlite")
    window.open_recent("/nowhere/cu.sqlite")
    assert shown[-1][3] == ["Có", "Không"]
    assert "/nowhere/cu.sqlite" not in settings.recent_ledgers


def test_new_ledger_asks_for_the_commune_and_opens_it(qtbot, settings, sample, monkeypatch,
                                                      tmp_path) -> None:
    target = tmp_path / "xa-moi"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), ""))
    monkeypatch.setattr(ledger_files, "ask_commune",
                        lambda parent: CommuneDetails("07777", "Xã Tân Lập", "Tỉnh Sơn La"))
    window = open_window(qtbot, settings, sample[0])
    window.files.ask_admin = lambda parent: NewAdmin("hoa", "mat-khau-hoa", "Nguyễn Thị Hoa")
    with qtbot.waitSignal(window.ledger_opened, timeout=TIMEOUT):
        window.menu.new_ledger.trigger()
    assert Path(str(target) + ".soquy").exists()
    # Its administrator made in the same step, and signed in without being asked again.
    assert window.actor == Actor("hoa", Role.ADMIN)
    assert window.tree.texts() == ["Tổng quan Xã Tân Lập", "Chưa có nhóm nào"]
    page = figures_of(qtbot, window)
    assert page.notice.text() == "Sổ dữ liệu này chưa có nhóm hoặc câu lạc bộ nào."


def test_size_open_pages_and_last_ledger_are_remembered(qtbot, settings, sample) -> None:
    path, ids = sample
    window = open_window(qtbot, settings, path)
    window.open_group(ids.club)
    window.resize(760, 580)  # the offscreen screen is 800 × 800
    window.close()
    assert settings.last_ledger == path
    assert settings.open_pages == ["overview", f"group:{ids.club}"]
    again = open_window(qtbot, Settings(settings.path), None)  # no --db: the last ledger
    assert (again.width(), again.height()) == (760, 580)
    assert again.ledger_path == path
    assert again.pages.keys() == ["overview", f"group:{ids.club}"]
    assert again.pages.current_key() == f"group:{ids.club}"


def test_closing_the_ledger_shows_the_start_page_with_recent_files(qtbot, settings,
                                                                   sample) -> None:
    window = open_window(qtbot, settings, sample[0])
    window.menu.close_ledger.trigger()
    assert window.ledger is None
    assert isinstance(window.pages.currentWidget(), StartPage)
    assert window.start_page.recent_list.item(0).toolTip() in (sample[0], shown_name(sample[0]))
    assert ":***@" in window.start_page.recent_list.item(0).toolTip() or "://" not in sample[0]
    assert not window.menu.check.isEnabled()
    assert settings.last_ledger == ""


def test_check_ledger_reports_sound_books(qtbot, settings, sample, shown) -> None:
    window = open_window(qtbot, settings, sample[0])
    window.menu.check.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=TIMEOUT)
    title, text, _details, buttons = shown[-1]
    assert title == "Kiểm tra sổ dữ liệu"
    assert text == ("Sổ dữ liệu tốt: tệp đã qua kiểm tra và sổ sách của cả 3 nhóm đều cân đối."
                    if "://" not in sample[0] else
                    "Sổ dữ liệu tốt: sổ sách của cả 3 nhóm đều cân đối.")
    assert buttons == ["Đóng"]


def test_refresh_reads_the_ledger_again(qtbot, settings, sample) -> None:
    path, ids = sample
    window = open_window(qtbot, settings, path)
    figures_of(qtbot, window)
    from desktop.models import registry
    from desktop.models.group import Group
    from desktop.models.permissions import SYSTEM

    assert window.ledger is not None
    with window.ledger.session() as session:
        registry.add_member(session, session.get(Group, ids.binh_an), code="TV03",
                            full_name="Lò Thị Mai", join_date=__import__("datetime").date(
                                2026, 11, 1), actor=SYSTEM)
    page = window.current_page()
    page.data = None  # type: ignore[union-attr]
    window.menu.refresh.trigger()
    figures_of(qtbot, window)
    assert page.cards.values()[_("Members")] == "8"  # type: ignore[union-attr]


def test_refresh_shows_what_another_clerk_saved_on_her_own_connection(qtbot, settings,
                                                                      sample) -> None:
    """Two clerks on one ledger (a server, or one file): F5 shows the other's work."""
    import datetime as dt

    from desktop.models import registry
    from desktop.models.database import open_ledger
    from desktop.models.group import Group
    from desktop.models.permissions import SYSTEM

    path, ids = sample
    window = open_window(qtbot, settings, path)
    page = figures_of(qtbot, window)
    assert page.cards.values()[_("Members")] == "7"  # type: ignore[union-attr]
    colleague = open_ledger(path)
    try:
        with colleague.session() as session:
            registry.add_member(session, session.get(Group, ids.binh_an), code="TV03",
                                full_name="Lò Thị Mai", join_date=dt.date(2026, 11, 1),
                                actor=SYSTEM)
    finally:
        colleague.close()
    page.data = None  # type: ignore[union-attr]
    qtbot.keyClick(window, Qt.Key.Key_F5)
    figures_of(qtbot, window)
    assert page.cards.values()[_("Members")] == "8"  # type: ignore[union-attr]


def test_a_change_made_on_a_page_refreshes_the_others_once_and_not_the_tab_in_view(
        qtbot, settings, sample, monkeypatch) -> None:
    path, ids = sample
    window = open_window(qtbot, settings, path)
    window.open_group(ids.hoa_sen)
    group = figures_of(qtbot, window)
    summary_tab = group.tab_widget(0)
    calls: list[str] = []
    monkeypatch.setattr(summary_tab, "refresh", lambda: calls.append("tab"))
    monkeypatch.setattr(group, "load_header", lambda: calls.append("header"))
    overview = window.pages.page("overview")
    monkeypatch.setattr(overview, "refresh", lambda: calls.append("overview"))
    assert window.context is not None
    for _cell in range(3):  # three cells saved in a row
        window.context.ledger_changed()
    qtbot.waitUntil(lambda: "header" in calls, timeout=TIMEOUT)
    assert calls == ["header"]  # the tab in view made the change; the overview is hidden
    window.show_overview()
    assert calls == ["header", "overview"]  # refreshed when shown again
