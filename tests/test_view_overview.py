"""The commune overview page, a group's page and its tab registry, on their own."""

from __future__ import annotations

from typing import ClassVar

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from window_samples import make_commune

from desktop.i18n import N_, _
from desktop.models.errors import LedgerError
from desktop.models.permissions import SYSTEM
from desktop.presenters.overview import Column
from desktop.views import group_tabs, overview_page
from desktop.views.context import PageContext
from desktop.views.group_page import GroupPage
from desktop.views.group_summary_tab import GroupSummaryTab
from desktop.views.group_tabs import GroupTab
from desktop.views.overview_page import OverviewPage
from desktop.views.page_parts import Notice

TIMEOUT = 10_000


@pytest.fixture
def ids(ledger):  # type: ignore[no-untyped-def]
    return make_commune(ledger)


def overview(qtbot, ledger, opened: list[int] | None = None,  # type: ignore[no-untyped-def]
             asked: list[bool] | None = None) -> OverviewPage:
    page = OverviewPage(PageContext(ledger, SYSTEM),
                        open_group=(opened if opened is not None else []).append,
                        edit_commune=lambda: (asked if asked is not None else []).append(True))
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None or page.notice.property("tone") == "error",
                    timeout=TIMEOUT)
    return page


def test_the_totals_row_stays_last_whichever_way_the_clerk_sorts(qtbot, ledger, ids) -> None:
    page = overview(qtbot, ledger)
    page.table.sortByColumn(Column.SAVINGS, Qt.SortOrder.DescendingOrder)
    rows = page.table.cell_texts()
    assert [row[0] for row in rows] == ["HS01", "LT01", "BA01", ""]
    assert rows[-1][1] == _("Total")
    page.table.sortByColumn(Column.CASH, Qt.SortOrder.AscendingOrder)
    assert [row[0] for row in page.table.cell_texts()] == ["BA01", "HS01", "LT01", ""]


def test_activating_a_row_opens_that_groups_page(qtbot, ledger, ids) -> None:
    opened: list[int] = []
    page = overview(qtbot, ledger, opened)
    index = page.table.proxy.index(0, Column.NAME)
    page.table.activated.emit(index)
    assert opened == [ids.hoa_sen]
    page.table.activated.emit(page.table.proxy.index(3, Column.NAME))  # the totals row
    assert opened == [ids.hoa_sen]


def test_the_kind_column_shows_a_badge_named_in_full_in_its_tooltip(qtbot, ledger,
                                                                    ids) -> None:
    page = overview(qtbot, ledger)
    index = page.table.proxy.index(1, Column.KIND)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert index.data(Qt.ItemDataRole.ToolTipRole) == _("Intergenerational self-help club")


def test_headers_too_wide_for_their_figures_go_onto_two_lines(qtbot, ledger, ids) -> None:
    page = overview(qtbot, ledger)
    shown = page.table.model().headerData(Column.INCOME_FUND, Qt.Orientation.Horizontal)
    assert shown.replace("\n", " ") == _("Income-generation fund") and "\n" in shown


def test_the_overview_draws_the_three_charts_of_the_commune(qtbot, ledger, ids) -> None:
    page = overview(qtbot, ledger)
    charts = page.findChildren(QChartView)
    assert sorted(view.chart().title() for view in charts) == sorted([
        _("Funds of the commune month by month"), _("Loans by purpose, last 12 months"),
        _("Attendance by month")])


def test_a_ledger_without_money_shows_sentences_instead_of_empty_charts(qtbot, ledger) -> None:
    asked: list[bool] = []
    page = overview(qtbot, ledger, asked=asked)
    assert page.findChildren(QChartView) == []
    texts = [label.text() for label in page.findChildren(QLabel)]
    assert _("No money has been recorded yet.") in texts
    assert page.notice.text() == _("This ledger has no commune yet. Enter the commune's "
                                   "details to start.")
    assert page.commune_button.isVisible()
    page.commune_button.click()
    assert asked == [True]


def test_figures_that_cannot_be_computed_are_explained_on_the_page(qtbot, ledger, ids,
                                                                   monkeypatch) -> None:
    def broken(session, on):  # type: ignore[no-untyped-def]
        raise LedgerError("Sổ dữ liệu đang bận.")

    monkeypatch.setattr(overview_page, "load_commune_overview", broken)
    page = overview(qtbot, ledger)
    assert page.notice.text() == _("The figures could not be computed: {reason}").format(
        reason="Sổ dữ liệu đang bận.")


# -- a group's page ---------------------------------------------------------------------------
def group_page(qtbot, ledger, group_id: int, name: str, kind) -> GroupPage:  # type: ignore[no-untyped-def]
    page = GroupPage(PageContext(ledger, SYSTEM), group_id, name, kind)
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    qtbot.waitUntil(lambda: page.summary is not None, timeout=TIMEOUT)
    return page


def test_the_summary_tab_lists_every_figure_and_draws_the_groups_charts(qtbot, ledger,
                                                                        ids) -> None:
    from desktop.models.enums import GroupKind

    page = group_page(qtbot, ledger, ids.hoa_sen, "Nhóm TK&VV Hoa Sen", GroupKind.VSLA)
    tab = page.tab_widget(0)
    assert isinstance(tab, GroupSummaryTab)
    qtbot.waitUntil(lambda: tab.data is not None, timeout=TIMEOUT)
    rows = dict(tab.figures.rows())
    assert rows[_("Savings")] == "120.000"
    assert rows[_("of whom women")] == "4"
    assert rows[_("Attendance this quarter")] == "75%"
    titles = sorted(view.chart().title() for view in tab.findChildren(QChartView))
    assert titles == sorted([_("Funds month by month"), _("Loans by purpose, last 12 months"),
                             _("Attendance at the last meetings")])


class _Register(QWidget):
    made: ClassVar[list[int]] = []
    refreshed = 0

    def __init__(self, context: PageContext, group_id: int) -> None:
        super().__init__()
        _Register.made.append(group_id)

    def refresh(self) -> None:
        _Register.refreshed += 1


def _broken(context: PageContext, group_id: int) -> QWidget:
    raise RuntimeError("a tab with a bug")


def test_tabs_come_from_the_registry_built_when_first_opened(qtbot, ledger, ids,
                                                             monkeypatch) -> None:
    from desktop.models.enums import GroupKind

    monkeypatch.setattr(group_tabs, "GROUP_TABS", [
        group_tabs.GROUP_TABS[0],
        (N_("Members register"), _Register),  # a plain tuple works too
        GroupTab(N_("Activities"), _Register, group_tabs.CLUBS),
        GroupTab(N_("Share-out"), _broken, group_tabs.SAVINGS_GROUPS),
    ])
    _Register.made, _Register.refreshed = [], 0
    page = group_page(qtbot, ledger, ids.hoa_sen, "Nhóm TK&VV Hoa Sen", GroupKind.VSLA)
    assert page.tab_titles() == [_("Summary"), _("Members register"), _("Share-out")]
    assert _Register.made == []  # not built until opened
    page.set_current_tab(1)
    assert _Register.made == [ids.hoa_sen]
    page.set_current_tab(2)
    failed = page.tab_widget(2)
    assert isinstance(failed, Notice) and failed.property("tone") == "error"
    page.refresh()  # the register tab is out of sight: it reads the ledger when shown
    assert _Register.refreshed == 0
    page.set_current_tab(1)
    assert _Register.refreshed == 1


def test_a_club_page_shows_its_income_fund_in_the_header(qtbot, ledger, ids) -> None:
    from desktop.models.enums import GroupKind

    page = group_page(qtbot, ledger, ids.club, "CLB Liên thế hệ Thôn Tây", GroupKind.ISHC)
    assert page.cards.values()[_("Income-generation fund")] == "50.000.000"
    assert page.heading.title.text() == "CLB Liên thế hệ Thôn Tây"
