"""What the window shows with no ledger open (DESIGN.md §4.1): open or create a ledger file,
try the demo ledger, or pick one of the recent ones. On the first run there is no ledger at
all: nothing is made behind the clerk's back, the page offers the ways to begin."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.views.ledger_files import is_url, shown
from desktop.views.page_parts import Notice

PATH_ROLE = Qt.ItemDataRole.UserRole


class StartPage(QWidget):
    open_requested = Signal()
    create_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageBody")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._recent: list[str] = []
        self.title = QLabel(objectName="pageTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        self.title.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.notice = Notice()
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_requested)
        self.create_button = QPushButton()
        self.create_button.clicked.connect(self.create_requested)
        self.demo_button = QPushButton()
        self.demo_button.clicked.connect(self.demo_requested)
        style = self.style()
        self.open_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.create_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.demo_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogInfoView))
        for button in (self.open_button, self.create_button, self.demo_button):
            button.setMinimumHeight(34)
            button.setMinimumWidth(180)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.create_button)
        buttons.addStretch(1)
        # On a row of its own: the demo is a side door, and the page stays as narrow as before.
        demo_row = QHBoxLayout()
        demo_row.addWidget(self.demo_button)
        demo_row.addStretch(1)
        self.recent_title = QLabel(objectName="sectionTitle")
        self.recent_list = QListWidget()
        self.recent_list.itemActivated.connect(
            lambda item: self.recent_requested.emit(item.data(PATH_ROLE)))
        self.recent_list.setMaximumWidth(720)
        # Room for the eight recent ledgers the settings keep, no empty expanse below.
        row = self.recent_list.fontMetrics().height() + 8
        self.recent_list.setMaximumHeight(8 * row + 2 * self.recent_list.frameWidth() + 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        layout.addLayout(demo_row)
        layout.addWidget(self.recent_title)
        layout.addWidget(self.recent_list)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Commune Ledger"))
        self.intro.setText(_("The savings groups and clubs of the commune in one ledger file. "
                             "Open the commune's ledger, or create a new one. To look around "
                             "first, try the demo ledger: a made-up commune with a year of "
                             "meetings, kept apart from your own books."))
        self.open_button.setText(_("Open a ledger…"))
        self.create_button.setText(_("New ledger…"))
        self.demo_button.setText(_("Try the demo ledger"))
        self.recent_title.setText(_("Recent ledgers (double-click to open)"))
        self.show_recent(self._recent)

    def show_recent(self, paths: list[str]) -> None:
        self._recent = list(paths)
        self.recent_list.clear()
        for path in paths:
            text = shown(path) if is_url(path) else f"{Path(path).name}  —  {Path(path).parent}"
            item = QListWidgetItem(text)
            item.setData(PATH_ROLE, path)
            item.setToolTip(shown(path) if is_url(path) else path)
            self.recent_list.addItem(item)
        if not paths:
            empty = QListWidgetItem(_("No ledger opened yet."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent_list.addItem(empty)
