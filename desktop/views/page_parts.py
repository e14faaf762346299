"""Small pieces every page uses: its heading, a notice line (computing…, nothing yet, an
error), and the window's page style."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

PAGE_STYLE = """
QWidget#pageBody { background: #f7f8fa; }
QLabel#pageTitle { color: #1f3a68; font-weight: bold; }
QLabel#pageSubtitle { color: #4a4a4a; }
QLabel#sectionTitle { color: #202020; font-weight: bold; margin-top: 6px; }
QLabel#notice[tone="busy"] { color: #4a4a4a; font-style: italic; }
QLabel#notice[tone="info"] { color: #1f3a68; background: #e8eef7; padding: 6px;
                             border-radius: 3px; }
QLabel#notice[tone="error"] { color: #8a1c1c; background: #fbeaea; padding: 6px;
                              border-radius: 3px; }
"""


class Heading(QWidget):
    """The page's title (large) and a line under it."""

    def __init__(self, title: str = "", subtitle: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title, objectName="pageTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel(subtitle, objectName="pageSubtitle")
        self.row = QHBoxLayout()
        self.row.setSpacing(8)
        self.row.addWidget(self.title)
        self.row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.row)
        layout.addWidget(self.subtitle)
        self.subtitle.setVisible(bool(subtitle))

    def set_texts(self, title: str, subtitle: str = "") -> None:
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        self.subtitle.setVisible(bool(subtitle))


class Notice(QLabel):
    """One line telling the clerk what is going on; hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWordWrap(True)
        self.hide()

    def _say(self, tone: str, text: str) -> None:
        self.setProperty("tone", tone)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.show()

    def busy(self, text: str) -> None:
        self._say("busy", text)

    def info(self, text: str) -> None:
        self._say("info", text)

    def error(self, text: str) -> None:
        self._say("error", text)

    def clear(self) -> None:
        self.setText("")
        self.hide()


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget of ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
