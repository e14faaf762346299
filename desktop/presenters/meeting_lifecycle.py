"""A meeting's life on the sheet: started (every member present), the cash counted, closed
and locked by the board, reopened by the board with a reason. A mixin of
``MeetingSheetPresenter``; every step is one transaction through ``desktop.models.meetings``
and the board-only ones are checked there, by ``permissions.require``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop.i18n import _
from desktop.models import meetings
from desktop.models.database import Ledger
from desktop.models.errors import ChangedMeanwhile, LedgerError, LimitWarnings
from desktop.models.formatting import InputError, format_date, parse_amount
from desktop.models.group import Group
from desktop.models.meeting import Meeting
from desktop.models.meeting_queries import MeetingInfo
from desktop.models.meetings import CashPanel
from desktop.models.permissions import Actor


class MeetingLifecycle:
    """Needs the presenter's ledger, actor, group, shown meeting and its ``reload``."""

    _ledger: Ledger
    actor: Actor
    group_id: int
    meeting: MeetingInfo | None
    cash: CashPanel | None

    if TYPE_CHECKING:  # provided by MeetingSheetPresenter and TablePresenter
        read_only: bool

        def reload(self, meeting_id: int | None = None) -> None: ...
        def read_only_reason(self) -> str: ...
        def clear_history(self) -> None: ...
        def _say(self, text: str) -> None: ...
        def _state_changed(self) -> None: ...

    meetings: list[MeetingInfo]
    close_warnings: list[str]  # what the last refused closing asks the board to allow

    def open_meeting_before(self, day: dt.date) -> MeetingInfo | None:
        """The latest meeting before ``day`` still open: starting another one leaves two
        open, which the clerk is asked about first."""
        return next((info for info in self.meetings if not info.closed and info.date < day),
                    None)

    def create_meeting(self, day: dt.date) -> bool:
        """Start a new meeting on ``day`` (every active member present) and show it."""
        try:
            with self._ledger.session() as session:
                group = session.get(Group, self.group_id)
                assert group is not None
                meeting_id = meetings.create_meeting(session, group, day, self.actor).id
        except LedgerError as error:
            self._say(str(error))
            return False
        self.reload(meeting_id)
        self._say(_("The meeting of {date} is open: every member starts present.").format(
            date=format_date(day)))
        return True

    def count_difference(self, counted_text: str) -> tuple[int | None, str]:
        """What the difference would be with ``counted_text`` counted (nothing saved), and
        why the text is not an amount (empty when it is one)."""
        if self.cash is None or not counted_text.strip():
            return None, ""
        try:
            counted = parse_amount(counted_text, blank_is_zero=False)
        except InputError as error:
            return None, error.message
        return counted - self.cash.expected_closing, ""

    def count_changed(self, counted_text: str, note: str) -> bool:
        """Whether the cash panel's fields hold something else than the saved count."""
        if self.cash is None:
            return False
        if note.strip() != self.cash.note:
            return True
        if not counted_text.strip():
            return self.cash.counted is not None
        try:
            return parse_amount(counted_text, blank_is_zero=False) != self.cash.counted
        except InputError:
            return True  # not an amount: saving it says why

    def record_count(self, counted_text: str, note: str) -> bool:
        """The treasurer's count of the cash box, with the explanation of any difference."""
        if self.meeting is None or self.read_only:
            self._say(self.read_only_reason())
            return False
        try:
            counted = parse_amount(counted_text, blank_is_zero=False)
        except InputError as error:
            self._say(_("Counted cash: {message}").format(message=error.message))
            return False
        seen = (self.cash.counted, self.cash.note) if self.cash is not None else None
        try:
            with self._ledger.session() as session:
                meeting = session.get(Meeting, self.meeting.id)
                assert meeting is not None
                self.cash = meetings.record_count(session, meeting, counted, note, self.actor,
                                                  expected=seen)
        except ChangedMeanwhile as error:
            # The panel shows the other clerk's count; the fields keep what this one typed.
            if isinstance(error.current, CashPanel):
                self.cash = error.current
            self._say(str(error))
            self._state_changed()
            return False
        except LedgerError as error:
            self._say(str(error))
            return False
        self._say(_("The counted cash was recorded."))
        self._state_changed()
        return True

    def close_meeting(self, override_reason: str = "") -> bool:
        """Close and lock the meeting (board only). Loans beyond their fund's cash need the
        board's ``override_reason``: without it, ``close_warnings`` says what to allow."""
        self.close_warnings = []
        if self.meeting is None:
            return False
        try:
            with self._ledger.session() as session:
                meeting = session.get(Meeting, self.meeting.id)
                assert meeting is not None
                meetings.close_meeting(session, meeting, self.actor,
                                       override_reason=override_reason)
        except LimitWarnings as warnings:
            self.close_warnings = list(warnings.warnings)
            self._say(str(warnings))
            return False
        except LedgerError as error:
            self._say(str(error))
            return False
        self.reload()
        self.clear_history()  # nothing of a locked meeting can be undone
        self._say(_("The meeting of {date} is closed and locked.").format(
            date=format_date(self.meeting.date)))
        return True

    def reopen_meeting(self, reason: str) -> bool:
        """Unlock a closed meeting (board only, with a reason; logged)."""
        if self.meeting is None:
            return False
        try:
            with self._ledger.session() as session:
                meeting = session.get(Meeting, self.meeting.id)
                assert meeting is not None
                meetings.reopen_meeting(session, meeting, self.actor, reason)
        except LedgerError as error:
            self._say(str(error))
            return False
        self.reload()
        self._say(_("The meeting of {date} is open again; the reason was recorded.").format(
            date=format_date(self.meeting.date)))
        return True
