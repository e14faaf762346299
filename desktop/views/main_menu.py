"""The window's menus, toolbar and keyboard shortcuts, in one place.

Every text is kept as its msgid next to the action, so a language switch re-translates the
menus in place. Shortcuts avoid the keys the paper-form grids use (arrows, Home/End, Tab,
Enter, Ctrl+C/V/Z/F, Ctrl+Tab between a page's tabs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QStyle, QToolBar

from desktop.i18n import N_, _, current_language
from desktop.models.permissions import Action, Actor, can
from desktop.views.ledger_files import is_url, shown

SP = QStyle.StandardPixmap
# Each language is named in itself, so a clerk who switched by mistake can find the way back.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


class Window(Protocol):
    def new_ledger(self) -> None: ...
    def open_ledger(self) -> None: ...
    def open_server_ledger(self) -> None: ...
    def open_recent(self, path: str) -> None: ...
    def close_ledger(self) -> None: ...
    def back_up(self) -> None: ...
    def restore(self) -> None: ...
    def show_overview(self) -> None: ...
    def go_back(self) -> None: ...
    def go_forward(self) -> None: ...
    def refresh_pages(self) -> None: ...
    def close_current_page(self) -> None: ...
    def find_group(self) -> None: ...
    def toggle_tree(self, shown: bool) -> None: ...
    def toggle_full_screen(self, on: bool) -> None: ...
    def check_ledger(self) -> None: ...
    def switch_language(self, language: str) -> None: ...
    def show_shortcuts(self) -> None: ...
    def show_guide(self) -> None: ...
    def show_about(self) -> None: ...
    def manage_users(self) -> None: ...
    def show_audit(self) -> None: ...
    def lock_now(self) -> None: ...
    def recent_ledgers(self) -> list[str]: ...
    def clear_recent(self) -> None: ...
    def open_page_keys(self) -> list[tuple[str, str]]: ...
    def show_page(self, key: str) -> None: ...


class MainMenu:
    def __init__(self, window: QMainWindow, handler: Window) -> None:
        self.window = window
        self.handler = handler
        self._texts: list[tuple[QAction | QMenu | QToolBar, str, str]] = []
        style = window.style()
        bar = window.menuBar()

        self.file_menu = self._menu(bar.addMenu(""), N_("&File"))
        self.new_ledger = self._action(N_("&New ledger…"), QKeySequence.StandardKey.New,
                                       handler.new_ledger, style.standardIcon(SP.SP_FileIcon),
                                       N_("Create a new ledger file for a commune"))
        self.open_ledger = self._action(N_("&Open a ledger…"), QKeySequence.StandardKey.Open,
                                        handler.open_ledger,
                                        style.standardIcon(SP.SP_DialogOpenButton),
                                        N_("Open another ledger file"))
        self.open_server = self._action(N_("Open a ledger on a &server…"), "",
                                        handler.open_server_ledger, None,
                                        N_("Open a ledger kept on the office's database server "
                                           "(PostgreSQL), shared by several clerks"))
        self.recent_menu = self._menu(QMenu(window), N_("&Recent ledgers"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.back_up = self._action(N_("&Back up…"), "", handler.back_up,
                                    style.standardIcon(SP.SP_DriveFDIcon),
                                    N_("Write a checked copy of the ledger, e.g. to a USB "
                                       "stick"))
        self.restore = self._action(N_("Res&tore…"), "", handler.restore, None,
                                    N_("Restore the ledger from one of its backups"))
        self.close_ledger = self._action(N_("&Close the ledger"), "Ctrl+Shift+W",
                                         handler.close_ledger)
        # Not StandardKey.Quit: it is empty on Windows.
        self.quit = self._action(N_("&Quit"), "Ctrl+Q", window.close)
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        for entry in (self.new_ledger, self.open_ledger, self.open_server):
            self.file_menu.addAction(entry)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.back_up)
        self.file_menu.addAction(self.restore)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.close_ledger)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit)

        self.view_menu = self._menu(bar.addMenu(""), N_("&View"))
        self.overview = self._action(N_("Commune &overview"), "Alt+Home", handler.show_overview,
                                     style.standardIcon(SP.SP_DirHomeIcon),
                                     N_("Key figures of every group of the commune"))
        self.back = self._action(N_("&Back"), "Alt+Left", handler.go_back,
                                 style.standardIcon(SP.SP_ArrowBack),
                                 N_("The page shown before"))
        self.forward = self._action(N_("&Forward"), "Alt+Right", handler.go_forward,
                                    style.standardIcon(SP.SP_ArrowForward))
        self.refresh = self._action(N_("&Refresh figures"), "F5", handler.refresh_pages,
                                    style.standardIcon(SP.SP_BrowserReload),
                                    N_("Read the ledger again and recompute the figures"))
        self.find_group = self._action(N_("&Go to a group…"), "Ctrl+G", handler.find_group)
        self.close_page = self._action(N_("Close this &page"), "Ctrl+W",
                                       handler.close_current_page)
        self.pages_menu = self._menu(QMenu(window), N_("Open &pages"))
        self.pages_menu.aboutToShow.connect(self._fill_pages)
        self.show_tree = self._action(N_("Commune &tree"), "Ctrl+T", handler.toggle_tree)
        self.show_tree.setCheckable(True)
        self.show_tree.setChecked(True)
        self.full_screen = self._action(N_("F&ull screen"), QKeySequence.StandardKey.FullScreen,
                                        handler.toggle_full_screen)
        self.full_screen.setCheckable(True)
        for entry in (self.overview, self.back, self.forward, self.refresh, self.find_group):
            self.view_menu.addAction(entry)
        self.view_menu.addSeparator()
        self.view_menu.addMenu(self.pages_menu)
        self.view_menu.addAction(self.close_page)
        self.view_menu.addSeparator()

        self.tools_menu = self._menu(bar.addMenu(""), N_("&Tools"))
        self.check = self._action(N_("&Check the ledger (trial balance)"), "Ctrl+K",
                                  handler.check_ledger,
                                  style.standardIcon(SP.SP_DialogApplyButton),
                                  N_("Check the ledger file and that every group's books "
                                     "balance"))
        self.language_menu = self._menu(QMenu(window), N_("&Language"))
        self.languages = QActionGroup(window)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGE_NAMES.items():
            action = QAction(name, window, checkable=True)
            action.triggered.connect(lambda _checked=False, code=code:
                                     handler.switch_language(code))
            self.languages.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.users = self._action(N_("&Users and security…"), "", handler.manage_users)
        self.audit = self._action(N_("&Audit log"), "", handler.show_audit)
        self.lock = self._action(N_("&Lock the window"), "Ctrl+L", handler.lock_now)
        self.tools_menu.addAction(self.check)
        self.tools_menu.addAction(self.audit)
        self.tools_menu.addAction(self.users)
        self.tools_menu.addAction(self.lock)
        self.tools_menu.addSeparator()
        self.tools_menu.addMenu(self.language_menu)

        self.help_menu = self._menu(bar.addMenu(""), N_("&Help"))
        self.guide = self._action(N_("User &guide"), QKeySequence.StandardKey.HelpContents,
                                  handler.show_guide,
                                  style.standardIcon(SP.SP_DialogHelpButton),
                                  N_("The clerk's guide (PDF), in the window's language"))
        self.shortcuts = self._action(N_("&Keyboard shortcuts"), "Ctrl+F1",
                                      handler.show_shortcuts)
        self.about = self._action(N_("&About Commune Ledger"), "", handler.show_about)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.help_menu.addAction(self.guide)
        self.help_menu.addAction(self.shortcuts)
        self.help_menu.addAction(self.about)

        self.toolbar = QToolBar(window)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._texts.append((self.toolbar, N_("Main toolbar"), ""))
        for entry in (self.new_ledger, self.open_ledger, None, self.overview, self.back,
                      self.forward, self.refresh, None, self.check):
            if entry is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(entry)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.show_toolbar = self.toolbar.toggleViewAction()
        self._texts.append((self.show_toolbar, N_("Tool&bar"), ""))
        for entry in (self.show_tree, self.show_toolbar, self.full_screen):
            self.view_menu.addAction(entry)
        self.retranslate()

    def _menu(self, menu: QMenu, msgid: str) -> QMenu:
        self._texts.append((menu, msgid, ""))
        return menu

    def _action(self, msgid: str, shortcut: str | QKeySequence.StandardKey,
                slot: Callable[..., None], icon: QIcon | None = None,
                tip: str = "") -> QAction:
        action = QAction(self.window)
        if icon is not None:
            action.setIcon(icon)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda checked=False: slot(checked) if action.isCheckable()
                                 else slot())
        self._texts.append((action, msgid, tip))
        return action

    def retranslate(self) -> None:
        for target, msgid, tip in self._texts:
            if isinstance(target, QMenu):
                target.setTitle(_(msgid))
            elif isinstance(target, QToolBar):
                target.setWindowTitle(_(msgid))
            else:
                target.setText(_(msgid))
                tip_text = _(tip) if tip else _(msgid).replace("&", "").rstrip("…")
                shortcut = target.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                target.setToolTip(f"{tip_text} ({shortcut})" if shortcut else tip_text)
                target.setStatusTip(_(tip) if tip else "")
        self.language_actions[current_language()].setChecked(True)

    def menu_titles(self) -> list[str]:
        """The menu bar as shown, without the mnemonic marks (for tests)."""
        return [action.text().replace("&", "") for action in self.window.menuBar().actions()]

    def set_ledger_actions(self, has_ledger: bool, actor: Actor | None = None) -> None:
        for action in (self.close_ledger, self.overview, self.refresh, self.find_group,
                       self.check, self.close_page, self.lock):
            action.setEnabled(has_ledger)
        allowed = has_ledger and actor is not None
        self.users.setEnabled(allowed and can(actor, Action.MANAGE_USERS))  # type: ignore[arg-type]
        self.audit.setEnabled(allowed and can(actor, Action.READ_AUDIT))  # type: ignore[arg-type]
        self.back_up.setEnabled(allowed and can(actor, Action.BACK_UP))  # type: ignore[arg-type]
        self.restore.setEnabled(allowed and can(actor, Action.RESTORE))  # type: ignore[arg-type]

    def update_history(self, can_back: bool, can_forward: bool) -> None:
        self.back.setEnabled(can_back)
        self.forward.setEnabled(can_forward)

    # -- menus filled when opened -------------------------------------------------------------
    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = self.handler.recent_ledgers()
        for number, path in enumerate(paths, start=1):
            name = shown(path).replace("&", "&&")  # a server's address without its password
            label = f"&{number} {name}" if number < 10 else name
            action = self.recent_menu.addAction(label)
            full = shown(path) if is_url(path) else path
            action.setToolTip(full)
            action.setStatusTip(full)
            action.triggered.connect(lambda _checked=False, path=path:
                                     self.handler.open_recent(path))
        if not paths:
            empty = self.recent_menu.addAction(_("(none)"))
            empty.setEnabled(False)
            return
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction(_("Clear the list"))
        clear.triggered.connect(self.handler.clear_recent)

    def _fill_pages(self) -> None:
        self.pages_menu.clear()
        pages = self.handler.open_page_keys()
        for key, title in pages:
            action = self.pages_menu.addAction(title)
            action.triggered.connect(lambda _checked=False, key=key: self.handler.show_page(key))
        if not pages:
            self.pages_menu.addAction(_("(none)")).setEnabled(False)
