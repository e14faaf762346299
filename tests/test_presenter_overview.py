"""The Qt-free presenters behind the window's overview, group summary, tree and charts,
driven on the small commune of ``window_samples`` (no display needed)."""

from __future__ import annotations

import datetime as dt

import pytest
from window_samples import MEETING_DAY, make_commune

from desktop.i18n import _
from desktop.models.enums import GroupKind, LoanPurpose
from desktop.presenters.chart_data import (
    add_months,
    amount_scale,
    attendance_by_meeting,
    attendance_by_month,
    fund_history,
    loans_by_purpose,
)
from desktop.presenters.commune_tree import load_tree
from desktop.presenters.group_summary import load_group_summary
from desktop.presenters.overview import (
    Column,
    commune_cards,
    load_commune_overview,
    load_overview,
)

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def ids(ledger):  # type: ignore[no-untyped-def]
    return make_commune(ledger)


def test_overview_has_a_row_per_group_village_by_village(ledger, ids) -> None:
    with ledger.session() as session:
        overview = load_overview(session, TODAY)
    assert [(row.village, row.code) for row in overview.rows] == [
        ("Thôn Đông", "HS01"), ("Thôn Tây", "LT01"), ("Thôn Tây", "BA01")]
    assert [row.kind for row in overview.rows] == [GroupKind.VSLA, GroupKind.ISHC,
                                                   GroupKind.ASCA]


def test_overview_figures_are_shown_with_dots_between_thousands(ledger, ids) -> None:
    with ledger.session() as session:
        hoa_sen = load_overview(session, TODAY).rows[0]
    shown = {column: hoa_sen.display(column) for column in Column}
    assert shown[Column.MEMBERS] == "4"
    assert shown[Column.SAVINGS] == "120.000"
    assert shown[Column.LOANS] == "100.000"
    assert shown[Column.OVERDUE] == "100.000"  # due 05/11, unpaid on 23/11
    assert shown[Column.SOCIAL_FUND] == "6.000"
    assert shown[Column.CASH] == "26.000"
    assert shown[Column.ATTENDANCE] == "75%"  # 3 of 4 present on 05/10
    assert shown[Column.KIND] == "VSLA"


def test_totals_row_adds_every_group_and_weighs_attendance_by_members(ledger, ids) -> None:
    with ledger.session() as session:
        total = load_overview(session, TODAY).total
    assert total.is_total and total.name == _("Total")
    assert total.display(Column.MEMBERS) == "7"
    assert total.display(Column.SAVINGS) == "120.000"
    assert total.display(Column.INCOME_FUND) == "50.000.000"
    assert total.display(Column.CASH) == "50.026.000"
    # Only Hoa Sen met this quarter: 3 present of 4 expected.
    assert total.display(Column.ATTENDANCE) == "75%"


def test_a_group_without_meetings_shows_a_dash_not_zero_percent(ledger, ids) -> None:
    with ledger.session() as session:
        binh_an = load_overview(session, TODAY).rows[2]
    assert binh_an.attendance_percent is None
    assert binh_an.display(Column.ATTENDANCE) == "–"
    assert binh_an.tooltip(Column.ATTENDANCE) == _("No meeting this quarter.")


def test_sorting_uses_raw_numbers_not_the_formatted_text(ledger, ids) -> None:
    with ledger.session() as session:
        rows = load_overview(session, TODAY).rows
    by_cash = sorted(rows, key=lambda row: row.raw(Column.CASH))
    assert [row.code for row in by_cash] == ["BA01", "HS01", "LT01"]


def test_commune_cards_count_groups_by_kind(ledger, ids) -> None:
    with ledger.session() as session:
        cards = commune_cards(load_overview(session, TODAY))
    assert [(card.label, card.value) for card in cards] == [
        (_("Groups and clubs"), "3"), (_("Members"), "7"), (_("Savings"), "120.000"),
        (_("Loans outstanding"), "100.000"), (_("Cash on hand"), "50.026.000")]
    assert cards[0].hint == "1 VSLA · 1 ASCA · 1 ISHC"


def test_commune_overview_names_the_commune_and_carries_its_charts(ledger, ids) -> None:
    with ledger.session() as session:
        data = load_commune_overview(session, TODAY)
    assert (data.commune, data.province, data.has_commune) == (
        "Xã Yên Bình", "Tỉnh Thái Nguyên", True)
    assert data.charts.fund.months[-1] == dt.date(2026, 11, 1)


def test_an_empty_ledger_has_no_commune_and_no_rows(ledger) -> None:
    with ledger.session() as session:
        data = load_commune_overview(session, TODAY)
    assert not data.has_commune and data.overview.rows == ()
    assert data.overview.total.members == 0


# -- the tree ---------------------------------------------------------------------------------
def test_tree_lists_villages_then_groups_in_dictionary_order(ledger, ids) -> None:
    with ledger.session() as session:
        tree = load_tree(session)
    assert tree.commune == "Xã Yên Bình"
    assert [(village.name, [group.name for group in village.groups])
            for village in tree.villages] == [
        ("Thôn Đông", ["Nhóm TK&VV Hoa Sen"]),
        ("Thôn Tây", ["CLB Liên thế hệ Thôn Tây", "Nhóm tiết kiệm Bình An"]),
    ]
    assert tree.find(ids.club).kind == GroupKind.ISHC  # type: ignore[union-attr]


def test_tree_puts_thon_2_before_thon_10_and_groups_without_village_last(ledger) -> None:
    from desktop.models import registry
    from desktop.models.permissions import SYSTEM

    with ledger.session() as session:
        commune = registry.get_or_create_commune(session, "01234", "Xã A")
        for name in ("Thôn 10", "Thôn 2"):
            registry.get_or_create_village(session, commune, name)
        registry.create_group(session, commune, code="X1", name="Nhóm X",
                              kind=GroupKind.VSLA, start_date=dt.date(2026, 1, 1),
                              actor=SYSTEM)
        tree = load_tree(session)
    assert [village.name for village in tree.villages] == ["Thôn 2", "Thôn 10", ""]


# -- a group's summary ------------------------------------------------------------------------
def test_group_header_cards_show_the_four_key_figures(ledger, ids) -> None:
    with ledger.session() as session:
        summary = load_group_summary(session, ids.hoa_sen, TODAY)
    assert [(card.label, card.value) for card in summary.cards()] == [
        (_("Members"), "4"), (_("Savings"), "120.000"), (_("Loans outstanding"), "100.000"),
        (_("Cash on hand"), "26.000")]
    assert summary.cards()[2].hint == _("{count} loans").format(count=1)
    assert summary.subtitle() == "Thôn Đông · {} · {}".format(
        _("code {code}").format(code="HS01"),
        _("cycle {number} since {date}").format(number=1, date="01/01/2026"))


def test_a_club_shows_its_income_fund_instead_of_savings(ledger, ids) -> None:
    with ledger.session() as session:
        summary = load_group_summary(session, ids.club, TODAY)
    cards = summary.cards()
    assert (cards[1].label, cards[1].value) == (_("Income-generation fund"), "50.000.000")
    details = {figure.label: figure.value for figure in summary.details()}
    assert details[_("Seed capital")] == "50.000.000"
    assert details[_("of whom older people ({age}+)").format(age=60)] == "1"
    assert _("Savings") not in details


def test_group_details_follow_the_quarterly_report(ledger, ids) -> None:
    with ledger.session() as session:
        details = load_group_summary(session, ids.hoa_sen, TODAY).details()
    shown = {figure.label: figure.value for figure in details}
    assert shown[_("Meetings this quarter")] == "1"
    assert shown[_("Attendance this quarter")] == "75%"
    assert shown[_("Overdue")] == "100.000"
    overdue = next(figure for figure in details if figure.label == _("Overdue"))
    assert overdue.hint == _("Portfolio at risk {percent}%").format(percent=100)
    women = next(figure for figure in details if figure.label == _("of whom women"))
    assert women.level == 1


# -- charts -----------------------------------------------------------------------------------
def test_fund_history_gives_month_end_balances_from_the_first_entry(ledger, ids) -> None:
    with ledger.session() as session:
        history = fund_history(session, [ids.hoa_sen], TODAY)
    assert history.months[0] == dt.date(2026, 10, 1)  # Hoa Sen's first money: 05/10
    assert history.months[-1] == dt.date(2026, 11, 1)
    assert history.savings == (120_000, 120_000)
    assert history.loans_outstanding == (100_000, 100_000)
    # Loan fund F = loan-fund cash (26.000 − 6.000 social fund) + loans 100.000.
    assert history.loan_fund == (120_000, 120_000)
    assert history.income_fund == (0, 0)


def test_fund_history_keeps_at_most_the_months_asked_for(ledger, ids) -> None:
    with ledger.session() as session:
        history = fund_history(session, None, dt.date(2027, 12, 31), months=6)
    assert history.months == tuple(add_months(dt.date(2027, 7, 1), step) for step in range(6))
    assert history.income_fund[-1] == 50_000_000  # the club's seed, carried forward


def test_fund_history_of_a_ledger_without_money_is_empty(ledger) -> None:
    with ledger.session() as session:
        assert fund_history(session, None, TODAY).is_empty


def test_loans_by_purpose_lists_every_purpose(ledger, ids) -> None:
    with ledger.session() as session:
        purposes = loans_by_purpose(session, None, dt.date(2025, 12, 1), TODAY)
    assert [(entry.purpose, entry.count, entry.amount) for entry in purposes] == [
        (LoanPurpose.LIVELIHOOD, 0, 0), (LoanPurpose.EDUCATION, 1, 100_000),
        (LoanPurpose.HEALTH, 0, 0), (LoanPurpose.OTHER, 0, 0)]


def test_attendance_by_meeting_and_by_month(ledger, ids) -> None:
    with ledger.session() as session:
        meetings = attendance_by_meeting(session, ids.hoa_sen, TODAY)
        months = attendance_by_month(session, None, TODAY)
    assert [(point.label, point.present, point.expected, point.percent)
            for point in meetings] == [(MEETING_DAY.strftime("%d/%m"), 3, 4, 75)]
    assert [(point.label, point.percent) for point in months] == [("10/2026", 75)]


@pytest.mark.parametrize(("values", "unit", "step", "top"), [
    ([5_000], "đồng", 1_000, 5_000),
    ([3_200_000], "thousand đồng", 1_000, 4_000),
    ([45_000_000], "million đồng", 10, 50),
    ([12_345_678_901], "billion đồng", 5, 15),
])
def test_amount_axis_counts_in_round_steps_of_a_readable_unit(values, unit, step, top) -> None:
    scale = amount_scale(values)
    assert (scale.unit, scale.step, scale.top, scale.bottom) == (_(unit), step, top, 0)
