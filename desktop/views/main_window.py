"""The main window: only wiring. The commune tree on the left, the open pages on the right,
menus and toolbar (``main_menu``), a status bar. Opening files is ``ledger_files``; each page
is its own module; figures come from Qt-free presenters computed in the background.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from desktop.i18n import _, current_language, set_language
from desktop.models.permissions import Action, Actor, Role, can, role_name
from desktop.presenters.commune_tree import CommuneTree
from desktop.settings import Settings
from desktop.views import dialogs, window_state
from desktop.views.commune_tree import OVERVIEW_KEY, CommuneTreePanel, group_key
from desktop.views.idle_lock import IdleLock
from desktop.views.ledger_files import LedgerFiles, OpenedLedger, is_url, normalised, shown
from desktop.views.ledger_safety import LedgerSafety
from desktop.views.loader import Loader, wait_for
from desktop.views.main_menu import MainMenu
from desktop.views.page_parts import PAGE_STYLE, Notice
from desktop.views.page_stack import PageStack
from desktop.views.qt_texts import apply_language
from desktop.views.reports_menu import ReportsMenu
from desktop.views.screen_fit import fit_dialog
from desktop.views.start_page import StartPage
from desktop.views.tasks import run_task, running
from desktop.views.window_focus import run_modal

if TYPE_CHECKING:  # the database modules load on the worker that opens the ledger
    from desktop.models.database import Ledger
    from desktop.views.context import PageContext
    from desktop.views.first_run import FirstRunWizard

log = logging.getLogger(__name__)
STATUS_SECONDS = 8
AUDIT_KEY = "audit"
CHANGE_DELAY_MS = 250  # changes within this time are refreshed together


class MainWindow(QMainWindow):
    ready = Signal()  # the start is over: a ledger is shown, or the start page
    ledger_opened = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.ledger: Ledger | None = None
        self.ledger_path = ""
        self.tree_data: CommuneTree | None = None
        self.context: PageContext | None = None
        self.signed_in: Actor | None = None
        self.sign_in_dialog: QDialog | None = None  # asking who works (tests fill it in)
        self.idle = IdleLock(self)
        self._restore: tuple[list[str], str] | None = None
        self._started = False
        self.first_run: FirstRunWizard | None = None
        self._stale: set[str] = set()  # open pages to refresh when next shown
        self._change_timer = QTimer(self)
        self._change_timer.setSingleShot(True)
        self._change_timer.setInterval(CHANGE_DELAY_MS)
        self._change_timer.timeout.connect(self._after_change)
        self.setStyleSheet(PAGE_STYLE)
        self.tree = CommuneTreePanel()
        self.tree.setMinimumWidth(180)
        self.tree.page_requested.connect(self.show_page)
        self.pages = PageStack()
        self.pages.current_page_changed.connect(self._page_changed)
        self.start_page = StartPage()
        self.start_page.open_requested.connect(self.open_ledger)
        self.start_page.create_requested.connect(self.new_ledger)
        self.start_page.recent_requested.connect(self.open_recent)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 1000])
        self.splitter.setChildrenCollapsible(False)
        # Above the pages: what the clerk must know about the ledger while it is open
        # (read-only, not closed properly last time, a backup that failed its check).
        self.banner = Notice()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.menu = MainMenu(self, self)
        self.reports = ReportsMenu(self, lambda: self.context, self._current_group_id,
                                   self.show_page)
        self.menuBar().insertMenu(self.menu.tools_menu.menuAction(), self.reports.menu)
        self.safety = LedgerSafety(self, settings, self.banner)
        self.files = LedgerFiles(self, settings)
        self.files.opened.connect(self._ledger_opened)
        self.files.failed.connect(self._open_failed)
        self.start_page.demo_requested.connect(self.files.open_demo)
        self._tree_loader = Loader(self, _("Reading the villages and groups"))
        self.ledger_label = QLabel()
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.ledger_label)
        self.statusBar().addPermanentWidget(self.user_label)
        window_state.restore(self, self.splitter, self.settings)
        self._show_start()
        self.retranslate()

    # -- who and where --------------------------------------------------------------------
    @property
    def actor(self) -> Actor | None:
        """Who signed in to the ledger shown (``None``: no ledger open). On a ledger another
        copy of the application writes, they may only look, whatever their role."""
        actor = self.signed_in
        if actor is not None and self.read_only:
            return Actor(actor.name, Role.VIEWER)
        return actor

    @property
    def read_only(self) -> bool:
        return self.ledger is not None and self.ledger.read_only

    def retranslate(self) -> None:
        self.menu.retranslate()
        self.reports.retranslate()
        self.tree.retranslate()
        self.start_page.retranslate()
        actor = self.actor
        self.user_label.setText(_("User: {name} ({role})").format(
            name=actor.name, role=role_name(actor.role)) if actor is not None else "")
        self._update_title()

    def _update_title(self) -> None:
        parts = []
        if self.tree_data is not None and self.tree_data.commune:
            parts.append(self.tree_data.commune)
        if self.ledger_path:
            name = shown(self.ledger_path)
            parts.append(name + " " + _("(read-only)") if self.read_only else name)
        parts.append(_("Commune Ledger"))
        self.setWindowTitle(" — ".join(parts))
        self.ledger_label.setText(_("Ledger: {file}").format(file=parts[-2])
                                  if self.ledger_path else _("No ledger open"))
        self.ledger_label.setToolTip(shown(self.ledger_path) if is_url(self.ledger_path)
                                     else self.ledger_path)

    def show_status(self, message: str) -> None:
        """What pages say through ``PageContext.status``."""
        self.statusBar().showMessage(message, STATUS_SECONDS * 1000)

    # -- start ----------------------------------------------------------------------------
    def start(self, db: str | None) -> None:
        """Open ``db``, or the last ledger (with its pages), or show the start page."""
        last = self.settings.last_ledger
        if db:
            if normalised(db) == last:
                self._restore = (self.settings.open_pages, self.settings.current_page)
            self.files.open(db, must_exist=False)
        elif last and (is_url(last) or _exists(last)):
            self._restore = (self.settings.open_pages, self.settings.current_page)
            self.files.open(last)
        else:
            if last:
                self.start_page.notice.info(_("The ledger opened last time is not there any "
                                              "more: {file}").format(file=last))
            self._startup_done()

    def show_first_run(self) -> None:
        """The first-run wizard over the start page (window-modal, not blocking); what it
        asked for is done as the File menu does it. Cancelled, the start page stays."""
        from PySide6.QtCore import QStandardPaths

        from desktop.views.first_run import FirstRunWizard

        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        self.first_run = FirstRunWizard(self, documents)
        self.first_run.language_chosen.connect(self.switch_language)
        self.first_run.accepted.connect(self._first_run_done)
        self.first_run.open()
        # Without a window manager (a kiosk, a virtual screen) nothing activates a dialog
        # that opens by itself, and the clerk's keys would reach no field.
        self.first_run.activateWindow()

    def _first_run_done(self) -> None:
        from desktop.views.first_run import Start

        assert self.first_run is not None
        choice = self.first_run.choice()
        if choice.start == Start.NEW and choice.setup is not None and choice.admin is not None:
            self.files.create(choice.path, choice.setup, choice.admin)
        elif choice.start == Start.OPEN:
            self.files.open(choice.path)
        else:
            self.files.open_demo()

    def _startup_done(self) -> None:
        if not self._started:
            self._started = True
            QTimer.singleShot(0, self, self.ready.emit)

    def _show_start(self) -> None:
        self.start_page.show_recent(self.settings.recent_ledgers)
        self.pages.show_widget(self.start_page)
        self.tree.show_tree(None)
        self.tree.hide()
        self.menu.set_ledger_actions(False)
        self.retranslate()
        self.menu.update_history(False, False)

    # -- ledger files ---------------------------------------------------------------------
    def new_ledger(self) -> None:
        self.files.ask_create()

    def open_ledger(self) -> None:
        self.files.ask_open()

    def open_server_ledger(self) -> None:
        self.files.ask_open_server()

    def open_recent(self, path: str) -> None:
        self.files.open(path)

    def recent_ledgers(self) -> list[str]:
        return self.settings.recent_ledgers

    def clear_recent(self) -> None:
        self.settings.clear_recent()
        self.start_page.show_recent([])

    def _ledger_opened(self, opened: OpenedLedger) -> None:
        """Before the ledger shows: who works (signed in, or its first administrator)."""
        from desktop.views.sign_in import NewAdminDialog, SignInDialog

        if opened.actor is not None:  # a new ledger, its administrator signed in with it
            self._show_ledger(opened, opened.actor)
            return
        name = shown(opened.path)
        if not opened.users:
            dialog: QDialog = NewAdminDialog(self, existing=name)
        else:
            hint = ""
            if opened.demo:
                from desktop.demo.generator import demo_users_text

                hint = demo_users_text()
            dialog = SignInDialog(opened.ledger, name, hint, self)
        self.sign_in_dialog = dialog
        dialog.finished.connect(lambda result: self._signed_in(opened, dialog, result))
        fit_dialog(dialog)
        dialog.open()

    def _signed_in(self, opened: OpenedLedger, dialog: QDialog, result: int) -> None:
        from desktop.views.sign_in import NewAdminDialog, SignInDialog

        self.sign_in_dialog = None
        if result != QDialog.DialogCode.Accepted:
            opened.ledger.close()
            self.show_status(_("The ledger {file} was not opened: nobody signed in.").format(
                file=shown(opened.path) if is_url(opened.path) else opened.path))
            self._open_failed(opened.path)
            return
        if isinstance(dialog, SignInDialog) and dialog.actor is not None:
            self._show_ledger(opened, dialog.actor)
        elif isinstance(dialog, NewAdminDialog) and dialog.admin is not None:
            admin = dialog.admin

            def work(_progress: object) -> Actor:
                from desktop.models.signin import sign_in
                from desktop.models.users import create_first_admin

                with opened.ledger.session() as session:
                    create_first_admin(session, admin.name, admin.password,
                                       admin.display_name)
                return sign_in(opened.ledger, admin.name, admin.password)

            task = run_task(self, _("The ledger's administrator"), work)
            task.on_success(lambda actor: self._show_ledger(opened, actor))
            task.on_failure(lambda error: self._admin_failed(opened, error))
            task.start()

    def _admin_failed(self, opened: OpenedLedger, error: BaseException) -> None:
        from desktop.views import dialogs

        opened.ledger.close()
        self._open_failed(opened.path)
        dialogs.show_error(self, _("Cannot open the ledger"), error)

    def _show_ledger(self, opened: OpenedLedger, actor: Actor) -> None:
        from desktop.models.security_settings import load_security_settings
        from desktop.views.context import PageContext

        self._close_current_ledger()
        self.signed_in = actor
        self.ledger, self.ledger_path, self.tree_data = opened.ledger, opened.path, opened.tree
        self.settings.remember_ledger(opened.path)
        self.safety.opened(opened)
        working = self.actor or actor  # a viewer only, on a ledger another copy writes
        self.context = PageContext(opened.ledger, working, self.show_status,
                                   self.ledger_changed)
        with opened.ledger.session() as session:
            minutes = load_security_settings(session).lock_minutes
        self.idle.start(minutes)
        self.tree.setVisible(self.menu.show_tree.isChecked())
        self.tree.show_tree(opened.tree)
        self.menu.set_ledger_actions(True, working)
        self.retranslate()
        restore, self._restore = self._restore, None
        if restore:
            keys, current = restore
            for key in keys:
                self._open_page(key)
            if current and self.pages.page(current) is not None:
                self.show_page(current)
        if not self.pages.keys():
            self.show_page(OVERVIEW_KEY)
        elif self.pages.currentWidget() is self.start_page:
            self.show_page(self.pages.keys()[0])
        self._update_title()
        self.show_status(_("Opened the ledger {file}.").format(
            file=shown(opened.path) if is_url(opened.path) else opened.path))
        # The sign-in dialog (or the wizard) had the keys: without a window manager (a kiosk,
        # a virtual screen) nothing gives them back, and F5 or Ctrl+F would reach nothing.
        self.activateWindow()
        self.ledger_opened.emit(opened.path)
        self._startup_done()

    def _open_failed(self, _path: str) -> None:
        self._restore = None
        if self.ledger is None:
            self._show_start()
        self._startup_done()

    def close_ledger(self) -> None:
        """Close the ledger; the next start shows the start page."""
        self._close_current_ledger()
        self.settings.last_ledger = ""
        self._show_start()
        self.retranslate()  # the title, and the user's own role again

    def _close_current_ledger(self, *, back_up: bool = True) -> None:
        if self.ledger is None:
            return
        self._tree_loader.wait()
        self.pages.close_all()
        wait_for(running())  # background work of any tab, before its ledger closes
        if back_up:
            self.safety.backup_on_close(self.ledger)
        self.ledger.close()
        self.ledger, self.ledger_path, self.tree_data, self.context = None, "", None, None
        self.safety.closed()
        self.signed_in = None
        self.idle.stop()
        self._stale.clear()
        self._change_timer.stop()

    # -- backups --------------------------------------------------------------------------
    def back_up(self) -> None:
        """File ▸ Sao lưu…: a checked copy where the clerk chooses."""
        if self.ledger is not None and self.actor is not None \
                and can(self.actor, Action.BACK_UP):
            self.safety.back_up(self.ledger)

    def restore(self) -> None:
        """File ▸ Khôi phục…: a backup into a new file (then opened), or over this ledger
        (backed up first, then opened again). The writer's lock is kept throughout, so no
        other copy of the application slips in while the ledger is closed here."""
        from desktop.models import writer_lock

        if self.ledger is None:
            return
        if self.actor is None or not can(self.actor, Action.RESTORE):
            return  # the menu item is off for everybody else
        choice = self.safety.ask_restore(self.ledger)
        if choice is None:
            return
        current, user = self.ledger_path, self.actor.name
        if not choice.over:
            self.safety.restore(choice, lambda done: self._restored(str(done.target)),
                                lambda error: dialogs.show_error(
                                    self, _("Restore a backup"), error), user=user)
            return
        hold = writer_lock.acquire(choice.target, user=user)
        self._close_current_ledger(back_up=False)  # the restore backs it up itself

        def reopen(error: BaseException | None = None) -> None:
            if error is not None:
                dialogs.show_error(self, _("Restore a backup"), error)
            task = self.files.open(current)
            if task is None:
                hold.release()
            else:
                task.finished.connect(hold.release)

        if self.safety.restore(choice, lambda _done: reopen(), reopen, user=user) is None:
            reopen()

    def _restored(self, path: str) -> None:
        if dialogs.confirm(self, _("Restore a backup"),
                           _("The backup was restored into {file}.").format(file=path),
                           _("Open the restored ledger now?"), default_yes=True):
            self.files.open(path)

    # -- pages ----------------------------------------------------------------------------
    def _open_page(self, key: str) -> QWidget | None:
        """The page of ``key``, made if it is not open yet; ``None`` for an unknown key."""
        page = self.pages.page(key)
        if page is not None or self.context is None:
            return page
        if key == OVERVIEW_KEY:
            from desktop.views.overview_page import OverviewPage

            page = OverviewPage(self.context, self.open_group, self.edit_commune)
        elif key.startswith("group:") and key[6:].isdigit() and self.tree_data is not None:
            node = self.tree_data.find(int(key[6:]))
            if node is None:
                return None
            from desktop.views.group_page import GroupPage

            page = GroupPage(self.context, node.group_id, node.name, node.kind)
        elif key == "returns":
            from desktop.views.returns_page import ReturnsPage

            page = ReturnsPage(self.context)
        elif key == "consolidated":
            from desktop.views.consolidated_page import ConsolidatedPage

            page = ConsolidatedPage(self.context)
        elif key == AUDIT_KEY and can(self.context.actor, Action.READ_AUDIT):
            from desktop.views.audit_page import AuditPage

            page = AuditPage(self.context)
        else:
            return None
        self.pages.add_page(key, page)
        return page

    def show_page(self, key: str) -> None:
        if self._open_page(key) is not None:
            self.pages.show_page(key)

    def open_group(self, group_id: int) -> None:
        self.show_page(group_key(group_id))

    def show_overview(self) -> None:
        self.show_page(OVERVIEW_KEY)

    def current_page(self) -> QWidget | None:
        return self.pages.page(self.pages.current_key())

    def _current_group_id(self) -> int | None:
        """The group whose page is on screen (the printing menu acts on it)."""
        return getattr(self.current_page(), "group_id", None)

    def open_page_keys(self) -> list[tuple[str, str]]:
        return [(key, page.page_title()) for key, page in zip(
            self.pages.keys(), self.pages.pages(), strict=True)]

    def _page_changed(self, key: str) -> None:
        if key in self._stale:
            self._stale.discard(key)
            refresh = getattr(self.pages.page(key), "refresh", None)
            if callable(refresh):
                refresh()
        self.tree.select_key(key)
        self.menu.update_history(self.pages.can_go_back(), self.pages.can_go_forward())

    def go_back(self) -> None:
        self.pages.go_back()

    def go_forward(self) -> None:
        self.pages.go_forward()

    def close_current_page(self) -> None:
        key = self.pages.current_key()
        if not key or self.pages.keys() == [OVERVIEW_KEY]:
            return
        self.pages.close_page(key)
        if not self.pages.keys():
            self.show_overview()

    def ledger_changed(self) -> None:
        """What a page calls after it changed the ledger (``PageContext.ledger_changed``).
        Calls in quick succession (a cell saved at a time) make one refresh."""
        self._change_timer.start()

    def _after_change(self) -> None:
        # The tab in view made the change and shows it already; the rest of its page, the
        # tree and the other pages read the ledger again (those out of sight when shown).
        self._reload_tree()
        current = self.pages.current_key()
        for key, page in zip(self.pages.keys(), self.pages.pages(), strict=True):
            if key != current:
                self._stale.add(key)
            elif hasattr(page, "tab_widget"):  # a group's page, whose tab in view is up to date
                page.refresh(current_tab=False)  # type: ignore[attr-defined]
            else:
                page.refresh()  # type: ignore[attr-defined]

    def refresh_pages(self) -> None:
        """F5: the tree and every open page read the ledger again."""
        if self.ledger is None:
            return
        self._reload_tree()
        self._stale.clear()
        for page in self.pages.pages():
            refresh = getattr(page, "refresh", None)
            if callable(refresh):
                refresh()

    def _reload_tree(self) -> None:
        if self.ledger is None:
            return
        ledger = self.ledger

        def work(_progress: object) -> CommuneTree:
            from desktop.presenters.commune_tree import load_tree

            with ledger.session() as session:
                return load_tree(session)

        self._tree_loader.load(work, self._tree_reloaded)

    def _tree_reloaded(self, data: CommuneTree) -> None:
        self.tree_data = data
        self.tree.show_tree(data)
        self._update_title()

    # -- view -----------------------------------------------------------------------------
    def find_group(self) -> None:
        if not self.tree.isVisible():
            self.menu.show_tree.setChecked(True)
            self.toggle_tree(True)
        self.tree.search.setFocus()
        self.tree.search.selectAll()

    def toggle_tree(self, shown: bool) -> None:
        self.tree.setVisible(shown and self.ledger is not None)

    def toggle_full_screen(self, on: bool) -> None:
        self.showFullScreen() if on else self.showNormal()

    # -- tools and help -------------------------------------------------------------------
    def check_ledger(self) -> None:
        from desktop.views.window_tools import check_ledger

        if self.ledger is not None:
            check_ledger(self, self.ledger)

    def edit_commune(self) -> None:
        from desktop.views.window_tools import add_commune

        if self.ledger is not None:
            add_commune(self, self.ledger, self.refresh_pages)

    def switch_language(self, language: str) -> None:
        """Every text of the window in ``language``; open pages are rebuilt in it."""
        if language == current_language():
            return
        self.settings.language = language
        set_language(language)
        apply_language()
        self.retranslate()
        keys, current = self.pages.keys(), self.pages.current_key()
        tabs = {key: page.current_tab() for key, page in zip(keys, self.pages.pages(),
                                                              strict=True)
                if hasattr(page, "current_tab")}
        self.pages.close_all()
        for key in keys:
            page = self._open_page(key)
            if page is not None and key in tabs:
                page.set_current_tab(tabs[key])  # type: ignore[attr-defined]
        if current and self.pages.page(current) is not None:
            self.pages.show_page(current)
        self.show_status(_("The window speaks English now.") if language == "en"
                         else _("The window speaks Vietnamese now."))

    def show_audit(self) -> None:
        self.show_page(AUDIT_KEY)

    def manage_users(self) -> None:
        from desktop.views.users_dialog import UsersDialog

        if self.context is not None and can(self.context.actor, Action.MANAGE_USERS):
            run_modal(UsersDialog(self.context, self))
            with self.context.ledger.session() as session:
                from desktop.models.security_settings import load_security_settings

                self.idle.start(load_security_settings(session).lock_minutes)

    def lock_now(self) -> None:
        if self.context is not None:
            self.idle.lock()

    def show_shortcuts(self) -> None:
        from desktop.views.window_tools import show_shortcuts

        show_shortcuts(self, self.menu)

    def show_guide(self) -> None:
        from desktop.views.window_tools import open_guide

        open_guide(self)

    def show_about(self) -> None:
        from desktop.views.window_tools import show_about

        show_about(self)

    # -- geometry and closing -------------------------------------------------------------
    def save_state(self) -> None:
        """Remember size, place, tree width and open pages for the next start."""
        window_state.save(self, self.splitter, self.settings)
        if self.ledger is not None:
            self.settings.open_pages = self.pages.keys()
            self.settings.current_page = self.pages.current_key()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.files.wait()  # a ledger still opening is opened, then closed properly
        self.save_state()
        self._close_current_ledger()
        event.accept()


def _exists(path: str) -> bool:
    from pathlib import Path

    return Path(path).exists()
