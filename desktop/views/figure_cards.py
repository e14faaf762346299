"""A row of key figures, each in its own box: a small label, a big number, a hint under it.
Shown at the top of the commune overview and of each group's page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.presenters.figure import Figure

_CARD_STYLE = """
QFrame#figureCard { background: white; border: 1px solid #c9ced6; border-radius: 4px; }
QLabel#figureLabel { color: #4a4a4a; }
QLabel#figureValue { color: #1f3a68; font-weight: bold; }
QLabel#figureHint { color: #6b6b6b; }
"""


class FigureCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.label = QLabel(objectName="figureLabel")
        self.value = QLabel(objectName="figureValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.value.setFont(font)
        self.hint = QLabel(objectName="figureHint")
        # Label and hint wrap, so that six cards share a laptop's width instead of pushing
        # the page past the window's right edge.
        self.label.setWordWrap(True)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        layout.addWidget(self.label)
        layout.addWidget(self.value)
        layout.addWidget(self.hint)

    def show_figure(self, figure: Figure) -> None:
        self.label.setText(figure.label)
        self.value.setText(figure.value)
        self.hint.setText(figure.hint)
        self.hint.setVisible(bool(figure.hint))
        self.setAccessibleName(f"{figure.label}: {figure.value}")


class FigureCards(QWidget):
    """As many cards as figures; call ``show_figures`` again to update them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_CARD_STYLE)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self.cards: list[FigureCard] = []

    def show_figures(self, figures: list[Figure]) -> None:
        while len(self.cards) < len(figures):
            card = FigureCard(self)
            self.cards.append(card)
            self._layout.addWidget(card, 1)
        for card, figure in zip(self.cards, figures, strict=False):
            card.show_figure(figure)
            card.show()
        for card in self.cards[len(figures):]:
            card.hide()

    def values(self) -> dict[str, str]:
        """Label → value as shown (for tests)."""
        return {card.label.text(): card.value.text() for card in self.cards
                if not card.isHidden()}
