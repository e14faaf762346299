"""The tabs of a group's page: one registry, in the order the clerk sees them.

Each entry is ``GroupTab(title_msgid, factory)`` — a plain tuple, so ``(N_("…"), factory)``
works too. ``factory(context, group_id)`` returns the tab's widget; it is called the first
time the clerk opens the tab (a page with eight tabs costs one tab to open). A tab widget
may have a ``refresh()`` method: the page calls it when the ledger changed. ``kinds``
limits a tab to some group kinds (the ISHC activities, the VSLA/ASCA share-out).

To add a tab, append one line below, importing the widget lazily so the window's start
stays fast::

    GROUP_TABS.append(GroupTab(N_("Members register"),
                               "desktop.views.members_tab:MembersTab"))

A factory given as ``"module:attribute"`` is imported when the tab is first opened.
Intended order: summary, members register, meeting sheet, loans ledger, cash book,
share-out (VSLA, ASCA), activities (ISHC), settings.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtWidgets import QWidget

from desktop.i18n import N_
from desktop.models.enums import GroupKind
from desktop.views.context import PageContext

TabFactory = Callable[[PageContext, int], QWidget]


class GroupTab(NamedTuple):
    title_msgid: str  # English msgid, translated when the page is built
    factory: TabFactory | str  # a callable, or "package.module:attribute"
    kinds: frozenset[GroupKind] | None = None  # None: every kind of group

    def shown_for(self, kind: GroupKind) -> bool:
        return self.kinds is None or GroupKind(kind) in self.kinds

    def build(self, context: PageContext, group_id: int) -> QWidget:
        factory = self.factory
        if isinstance(factory, str):
            module, _, attribute = factory.partition(":")
            factory = getattr(importlib.import_module(module), attribute)
        return factory(context, group_id)


def tabs_for(kind: GroupKind) -> list[GroupTab]:
    """The registry's tabs a group of ``kind`` shows, plain tuples accepted."""
    return [tab for tab in (GroupTab(*entry) for entry in GROUP_TABS) if tab.shown_for(kind)]


SAVINGS_GROUPS = frozenset({GroupKind.VSLA, GroupKind.ASCA})
CLUBS = frozenset({GroupKind.ISHC})

GROUP_TABS: list[GroupTab] = [
    GroupTab(N_("Summary"), "desktop.views.group_summary_tab:GroupSummaryTab"),
]
GROUP_TABS.append(GroupTab(N_("Members register"), "desktop.views.members_page:MembersPage"))
GROUP_TABS.append(GroupTab(N_("Meeting sheet"), "desktop.views.meeting_page:MeetingPage"))
GROUP_TABS.append(GroupTab(N_("Loans ledger"), "desktop.views.loans_page:LoansPage"))
GROUP_TABS.append(GroupTab(N_("Cash and fund books"), "desktop.views.cash_book_page:CashBookPage"))
GROUP_TABS.append(GroupTab(N_("Share-out"), "desktop.views.shareout_page:ShareOutPage",
                           SAVINGS_GROUPS))
GROUP_TABS.append(GroupTab(N_("Activities"), "desktop.views.activities_page:ActivitiesPage",
                           CLUBS))
GROUP_TABS.append(GroupTab(N_("Group settings"),
                           "desktop.views.group_settings_page:GroupSettingsPage"))
