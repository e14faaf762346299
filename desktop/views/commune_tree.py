"""The commune tree on the left of the window: the commune's overview, then villages →
groups, each group with its kind's badge. Selecting an entry asks for its page.

A search field above the tree filters groups as the clerk types ("hoa sen" finds
"Hoa Sen"), by name, code or village.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.collation import matches
from desktop.presenters.commune_tree import CommuneTree, GroupNode
from desktop.presenters.labels import kind_long, kind_short
from desktop.views.kind_badge import BADGE_SIZE, kind_icon

KEY_ROLE = Qt.ItemDataRole.UserRole
OVERVIEW_KEY = "overview"


def group_key(group_id: int) -> str:
    """The page key of a group's page (also what the settings remember)."""
    return f"group:{group_id}"


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the tree's current width (Qt's own size hint
    does not know the width, so a long name would be cut to one line)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree
        tree.viewport().installEventFilter(self)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        icon = self._tree.iconSize().width() + 8 if index.data(
            Qt.ItemDataRole.DecorationRole) is not None else 0
        width = (self._tree.viewport().width() - self._tree.indentation() * (depth + 1)
                 - icon - 8)
        if width <= 40:
            return size
        metrics = QFontMetrics(index.data(Qt.ItemDataRole.FontRole) or option.font)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        height = metrics.boundingRect(QRect(0, 0, width, 10_000),
                                      int(Qt.TextFlag.TextWordWrap), text).height()
        return QSize(size.width(), max(size.height(), height + 6))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._tree.scheduleDelayedItemsLayout()  # heights follow the new width
        return False


class CommuneTreePanel(QWidget):
    """The tree and its search field."""

    page_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: CommuneTree | None = None
        self._quiet = False
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setIconSize(BADGE_SIZE)
        # Long club names wrap onto a second line instead of ending in "…".
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(_WrappingDelegate(self.tree))
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Find a group…"))
        self.search.setToolTip(_("Type part of a group's name, code or village."))
        self.tree.setAccessibleName(_("Villages and groups of the commune"))
        self.show_tree(self._data)

    # -- contents ---------------------------------------------------------------------------
    def show_tree(self, data: CommuneTree | None) -> None:
        """Fill the tree (``None``: no ledger open), keeping the current page selected."""
        selected = self.current_key()
        self._data = data
        self._quiet = True
        self.tree.clear()
        if data is not None:
            self._fill(data)
        self._quiet = False
        if selected:
            self.select_key(selected)
        self._filter(self.search.text())

    def _fill(self, data: CommuneTree) -> None:
        commune = data.commune or _("Commune")
        root = QTreeWidgetItem([_("Overview of {commune}").format(commune=commune)])
        root.setData(0, KEY_ROLE, OVERVIEW_KEY)
        root.setToolTip(0, _("Key figures of every group of the commune"))
        font = QFont(root.font(0))
        font.setBold(True)
        root.setFont(0, font)
        self.tree.addTopLevelItem(root)
        for village in data.villages:
            name = village.name or _("No village given")
            village_item = QTreeWidgetItem([name])
            village_item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading, not a page
            village_item.setToolTip(0, _("{count} groups").format(count=len(village.groups)))
            self.tree.addTopLevelItem(village_item)
            for group in village.groups:
                village_item.addChild(self._group_item(group))
            village_item.setExpanded(True)
        if not data.groups:
            empty = QTreeWidgetItem([_("No group yet")])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(empty)

    @staticmethod
    def _group_item(group: GroupNode) -> QTreeWidgetItem:
        item = QTreeWidgetItem([group.name])
        item.setIcon(0, kind_icon(group.kind))
        item.setData(0, KEY_ROLE, group_key(group.group_id))
        item.setToolTip(0, _("{name} — {kind}, code {code}").format(
            name=group.name, kind=kind_long(group.kind), code=group.code))
        item.setStatusTip(0, kind_short(group.kind))
        return item

    def _items(self) -> list[QTreeWidgetItem]:
        found = []
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            found.append(top)
            found.extend(top.child(child) for child in range(top.childCount()))
        return found

    def texts(self) -> list[str]:
        """What the tree shows, top to bottom, groups indented by two spaces (for tests and
        the screen reader summary)."""
        return [("  " if item.parent() else "") + item.text(0) for item in self._items()
                if not item.isHidden()]

    # -- selection ------------------------------------------------------------------------
    def current_key(self) -> str:
        item = self.tree.currentItem()
        return str(item.data(0, KEY_ROLE) or "") if item else ""

    def select_key(self, key: str) -> None:
        """Show ``key``'s entry as the current one, without asking for its page again."""
        self._quiet = True
        try:
            for item in self._items():
                if item.data(0, KEY_ROLE) == key:
                    self.tree.setCurrentItem(item)
                    self.tree.scrollToItem(item)
                    return
            self.tree.setCurrentItem(None)  # type: ignore[arg-type]
        finally:
            self._quiet = False

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if self._quiet or current is None:
            return
        key = current.data(0, KEY_ROLE)
        if key:
            self.page_requested.emit(str(key))

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        key = item.data(0, KEY_ROLE)
        if key:
            self.page_requested.emit(str(key))

    # -- search ---------------------------------------------------------------------------
    def _filter(self, query: str) -> None:
        if self._data is None:
            return
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            if top.data(0, KEY_ROLE):  # the overview is always there
                continue
            village_hit = matches(query, top.text(0))
            if top.childCount() == 0:
                top.setHidden(not village_hit)
                continue
            shown = 0
            for child_index in range(top.childCount()):
                child = top.child(child_index)
                group = self._data.find(int(str(child.data(0, KEY_ROLE)).split(":")[1]))
                hit = village_hit or (group is not None and (
                    matches(query, group.name) or matches(query, group.code)))
                child.setHidden(not hit)
                shown += hit
            top.setHidden(shown == 0)
