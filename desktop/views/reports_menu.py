"""The "Printing and reports" menu: every printed form of the group on screen or of the
commune, the quarterly return, and the aggregating office's pages.

Each document is made off the GUI thread (its own session, plain bytes back), then shown in
the print preview; passbooks (``passbook_dialog``) are marked as printed only when the clerk
confirms the print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu, QWidget

from desktop.i18n import N_, _
from desktop.views.dialogs import inform
from desktop.views.window_focus import run_modal

if TYPE_CHECKING:  # the database modules load when a document is asked for, not at start
    from desktop.models.enums import GroupKind
    from desktop.models.indicators import Quarter
    from desktop.models.print_settings import PrintSettings
    from desktop.progress import Progress
    from desktop.views.context import PageContext

Work = Callable[[Any, "PrintSettings", "Progress"], Any]


def _quarters(count: int = 8) -> list[Quarter]:
    from desktop.models.clock import today
    from desktop.models.indicators import Quarter

    quarter = Quarter.containing(today())
    result = []
    for _index in range(count):
        result.append(quarter)
        quarter = quarter.previous()
    return result


def quarter_label(quarter: Quarter) -> str:
    roman = ("I", "II", "III", "IV")[quarter.number - 1]
    return _("Quarter {number} of {year}").format(number=roman, year=quarter.year)


def ask_quarter(parent: QWidget | None, title: str) -> Quarter | None:
    """The quarter to report on: this one and the seven before (default: the last ended)."""
    quarters = _quarters()
    labels = [quarter_label(q) for q in quarters]
    chosen, ok = QInputDialog.getItem(parent, title, _("Quarter:"), labels, 1, False)
    return quarters[labels.index(chosen)] if ok and chosen in labels else None


class ReportsMenu:
    """Builds the menu; asks the window for the ledger's context and the group on screen."""

    def __init__(self, window: QMainWindow, context: Callable[[], PageContext | None],
                 current_group: Callable[[], int | None],
                 show_page: Callable[[str], None]) -> None:
        self.window = window
        self._context = context
        self._current_group = current_group
        self._show_page = show_page
        self.menu = QMenu(window)
        self._texts: list[tuple[Any, str]] = [(self.menu, N_("&Printing and reports"))]
        self._group_actions = []
        for msgid, slot in (
            (N_("Member &passbooks…"), lambda: self.passbooks()),
            (N_("Meeting &slips…"), self.slips),
            (N_("&Share-out sheet…"), self.shareout_sheet),
            (N_("&Quarterly report of the group…"), self.group_report),
            (N_("Members &register…"), lambda: self.register("members")),
            (N_("&Loans ledger…"), lambda: self.register("loans")),
            (N_("&Cash book…"), lambda: self.register("cash")),
        ):
            self._group_actions.append(self._add(msgid, slot))
        self.menu.addSeparator()
        self._add(N_("Quarterly report of the &commune…"), self.commune_report)
        self._add(N_("Make the quarterly &return for the province (Excel)…"), self.export_return)
        self._add(N_("Passbook printer &calibration page…"), self.calibration)
        self._add(N_("Print &settings…"), self.print_settings)
        self.menu.addSeparator()
        self._add(N_("Returns &received from communes"), lambda: self._show_page("returns"))
        self._add(N_("C&onsolidated figures of the returns"),
                  lambda: self._show_page("consolidated"))
        self._add(N_("Print the consolidated &report…"), self.consolidated_report)
        self.menu.aboutToShow.connect(self._enable)
        self.retranslate()

    def _add(self, msgid: str, slot: Callable[[], None]) -> Any:
        action = self.menu.addAction("")
        action.triggered.connect(lambda _checked=False: slot())
        self._texts.append((action, msgid))
        return action

    def retranslate(self) -> None:
        for target, msgid in self._texts:
            if isinstance(target, QMenu):
                target.setTitle(_(msgid))
            else:
                target.setText(_(msgid))

    def _enable(self) -> None:
        has_group = self._current_group() is not None
        for action in self._group_actions:
            action.setEnabled(has_group)
        for action in self.menu.actions():
            if action not in self._group_actions and not action.isSeparator():
                action.setEnabled(self._context() is not None)

    # -- helpers -----------------------------------------------------------------------------
    def _group_info(self) -> tuple[PageContext, int, str, GroupKind] | None:
        from desktop.models.enums import GroupKind
        from desktop.models.group import Group

        context, group_id = self._context(), self._current_group()
        if context is None or group_id is None:
            return None
        with context.ledger.session() as session:
            group = session.get(Group, group_id)
            if group is None:
                return None
            return context, group_id, group.code, GroupKind(group.kind)

    def _print(self, context: PageContext, title: str, make: Work, name: str,
               on_printed: Callable[[Any], None] | None = None, *,
               personal: tuple[str, int] | None = None) -> None:
        """Make the document in the background and preview it. ``personal`` (the document's
        kind and group) marks a document naming members: making it is in the audit log."""
        from desktop.models.personal_data import record_disclosure
        from desktop.models.print_settings import load_print_settings
        from desktop.views.print_preview import print_in_background

        ledger, actor = context.ledger, context.actor

        def work(progress: Progress) -> Any:
            with ledger.session() as session:
                data = make(session, load_print_settings(session), progress)
                if personal is not None:
                    record_disclosure(session, actor, personal[0], personal[1], file=name)
                return data

        print_in_background(self.window, title, work, on_printed=on_printed,
                            suggested_name=name)

    # -- group documents ---------------------------------------------------------------------
    def passbooks(self, member_id: int | None = None) -> None:
        """The print dialog of the group's passbooks (``member_id``: that member's first)."""
        info = self._group_info()
        if info is None:
            return
        context, group_id, _code, _kind = info
        from desktop.views.passbook_dialog import print_passbooks

        print_passbooks(self.window, context, group_id, member_id)

    def slips(self) -> None:
        info = self._group_info()
        if info is None:
            return
        context, group_id, code, _kind = info
        from sqlalchemy import select

        from desktop.models.formatting import format_date
        from desktop.models.group import Group
        from desktop.models.meeting import Meeting

        with context.ledger.session() as session:
            days = session.scalars(select(Meeting.date).where(Meeting.group_id == group_id)
                                   .order_by(Meeting.date.desc()).limit(60)).all()
        if not days:
            inform(self.window, _("Meeting slips"), _("This group has no meeting yet."))
            return
        labels = [format_date(day) for day in days]
        chosen, ok = QInputDialog.getItem(self.window, _("Meeting slips"),
                                          _("Slips of the meeting of:"), labels, 0, False)
        if not ok or chosen not in labels:
            return
        day = days[labels.index(chosen)]

        def make(session: Any, _settings: PrintSettings, progress: Progress) -> bytes:
            from desktop.printing.slips import make_slips

            return make_slips(session, session.get(Group, group_id), day, progress=progress)

        self._print(context, _("Meeting slips"), make, f"phieu_{code}_{day:%Y%m%d}.pdf",
                    personal=("slips", group_id))

    def shareout_sheet(self) -> None:
        info = self._group_info()
        if info is None:
            return
        context, group_id, code, kind = info
        from desktop.models.enums import GroupKind
        from desktop.models.group import Group

        if kind == GroupKind.ISHC:
            inform(self.window, _("Share-out sheet"), _("A club's funds are not shared out."))
            return
        asked, number = self._ask_shareout_cycle(context, group_id)
        if not asked:
            return

        def make(session: Any, settings: PrintSettings, _progress: Progress) -> bytes:
            from desktop.printing.shareout_sheet import make_shareout_sheet

            return make_shareout_sheet(session, session.get(Group, group_id), settings,
                                       cycle=number)

        name = f"tat_toan_{code}_chu_ky_{number}.pdf" if number else f"tat_toan_{code}.pdf"
        self._print(context, _("Share-out sheet"), make, name, personal=("shareout", group_id))

    def _ask_shareout_cycle(self, context: PageContext,
                            group_id: int) -> tuple[bool, int | None]:
        """Which sheet: (True, None) for the current cycle's preview, (True, number) for a
        closed cycle's final sheet, (False, None) when the clerk cancels. Asked only once a
        cycle has been closed."""
        from desktop.models.formatting import format_date
        from desktop.models.group import Group
        from desktop.models.shareout_record import closed_cycles

        with context.ledger.session() as session:
            group = session.get(Group, group_id)
            if group is None:
                return False, None
            current = group.current_cycle.number
            closed = [(cycle.number, cycle.end_date or cycle.start_date)
                      for cycle in closed_cycles(session, group)]
        if not closed:
            return True, None
        labels = [_("Cycle {number} in progress (preview)").format(number=current)] + [
            _("Cycle {number}, shared out on {date} (final sheet)").format(
                number=number, date=format_date(day)) for number, day in closed]
        text, ok = QInputDialog.getItem(self.window, _("Share-out sheet"),
                                        _("Share-out sheet of:"), labels, 0, False)
        if not ok or text not in labels:
            return False, None
        index = labels.index(text)
        return True, (None if index == 0 else closed[index - 1][0])

    def group_report(self) -> None:
        info = self._group_info()
        if info is None:
            return
        context, group_id, code, _kind = info
        from desktop.models.group import Group

        quarter = ask_quarter(self.window, _("Quarterly report of the group"))
        if quarter is None:
            return

        def make(session: Any, settings: PrintSettings, _progress: Progress) -> bytes:
            from desktop.printing.quarterly_report import make_group_report

            return make_group_report(session, session.get(Group, group_id), quarter, settings)

        self._print(context, _("Quarterly report of the group"), make,
                    f"bao_cao_{code}_{quarter}.pdf")

    def register(self, which: str) -> None:
        info = self._group_info()
        if info is None:
            return
        context, group_id, code, _kind = info
        from desktop.models.cashbook import Book
        from desktop.models.group import Group

        quarter = ask_quarter(self.window, _("Register for a quarter"))
        if quarter is None:
            return
        start, end = quarter.first_day, quarter.last_day

        def make(session: Any, settings: PrintSettings, _progress: Progress) -> bytes:
            from desktop.printing import registers

            group = session.get(Group, group_id)
            if which == "members":
                return registers.members_register(session, group, start, end, settings)
            if which == "loans":
                return registers.loans_register(session, group, start, end, settings)
            return registers.cash_register(session, group, start, end, settings, Book.CASH)

        document = {"members": "register_members", "loans": "register_loans"}.get(
            which, "register_cash")
        self._print(context, _("Register for a quarter"), make, f"so_{which}_{code}.pdf",
                    personal=(document, group_id))

    # -- commune and office ------------------------------------------------------------------
    def commune_report(self) -> None:
        context = self._context()
        if context is None:
            return
        quarter = ask_quarter(self.window, _("Quarterly report of the commune"))
        if quarter is None:
            return

        def make(session: Any, settings: PrintSettings, progress: Progress) -> bytes:
            from sqlalchemy import select

            from desktop.models.organisation import Commune
            from desktop.printing.quarterly_report import make_commune_report

            commune = session.scalars(select(Commune).order_by(Commune.id)).first()
            if commune is None:
                return b""
            return make_commune_report(session, commune, quarter, settings, progress=progress)

        self._print(context, _("Quarterly report of the commune"), make,
                    f"bao_cao_xa_{quarter}.pdf")

    def export_return(self) -> None:
        context = self._context()
        if context is None:
            return
        from desktop.models.print_settings import load_print_settings
        from desktop.views.return_export import export_own_return

        with context.ledger.session() as session:
            preparer = load_print_settings(session).preparer_name
        export_own_return(self.window, context.ledger, preparer)

    def calibration(self) -> None:
        context = self._context()
        if context is None:
            return

        def make(_session: Any, settings: PrintSettings, _progress: Progress) -> bytes:
            from desktop.printing.calibration import calibration_page

            return calibration_page(settings.passbook_format, settings)

        self._print(context, _("Passbook printer calibration page"), make, "hieu_chinh.pdf")

    def print_settings(self) -> None:
        context = self._context()
        if context is None:
            return
        from desktop.views.print_settings_dialog import PrintSettingsDialog

        run_modal(PrintSettingsDialog(context.ledger, self.window, context.actor))

    def consolidated_report(self) -> None:
        context = self._context()
        if context is None:
            return
        quarter = ask_quarter(self.window, _("Consolidated quarterly report"))
        if quarter is None:
            return
        from desktop.models.clock import today

        day: dt.date = today()

        def make(session: Any, _settings: PrintSettings, _progress: Progress) -> bytes:
            from desktop.printing.consolidated_report import consolidated_report_pdf

            return consolidated_report_pdf(session, quarter, day)

        self._print(context, _("Consolidated quarterly report"), make,
                    f"bao_cao_tong_hop_{quarter}.pdf")
