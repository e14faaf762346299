"""The small coloured badge that marks a group's kind (VSLA, ASCA, ISHC) in the tree, the
overview table and a group's header. Colour and text together, so it reads in grey too."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from desktop.models.enums import GroupKind
from desktop.presenters.labels import kind_badge, kind_long
from desktop.views.palette import DARK_BLUE, GREY, ORANGE

KIND_COLOURS = {GroupKind.VSLA: DARK_BLUE, GroupKind.ASCA: ORANGE, GroupKind.ISHC: GREY}
BADGE_SIZE = QSize(40, 16)


def _draw(kind: GroupKind, size: QSize, scale: float) -> QPixmap:
    pixmap = QPixmap(int(size.width() * scale), int(size.height() * scale))
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(KIND_COLOURS[kind])
    rect = QRectF(0.5, 0.5, size.width() - 1, size.height() - 1)
    painter.drawRoundedRect(rect, 4, 4)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size.height() * 0.62))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, kind_badge(kind))
    painter.end()
    return pixmap


@cache
def kind_icon(kind: GroupKind) -> QIcon:
    """The badge as an icon (sharp on high-resolution screens too)."""
    icon = QIcon()
    for scale in (1.0, 2.0):
        icon.addPixmap(_draw(GroupKind(kind), BADGE_SIZE, scale))
    return icon


def kind_label(kind: GroupKind, parent: QWidget | None = None) -> QLabel:
    """The badge as a label, with the kind's full name as its tooltip."""
    label = QLabel(parent)
    label.setPixmap(_draw(GroupKind(kind), QSize(48, 20), 2.0))
    label.setToolTip(kind_long(kind))
    label.setAccessibleName(kind_long(kind))
    return label
