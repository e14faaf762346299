"""Choosing what to print into the members' booklets, without Qt: whose passbook (the whole
group, or one member), and how (the new lines; again from a booklet page; a new booklet from
page 1), with each booklet's state in words — how far it is printed, how many lines wait,
and whether a line already in it has changed since and it must be reprinted from there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from desktop.i18n import _
from desktop.models.database import Ledger
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_date
from desktop.models.group import Group
from desktop.models.passbook import group_passbooks
from desktop.models.print_settings import load_print_settings


class PrintMode(Enum):
    NEW_LINES = "new"  # continue each booklet after its last printed line
    FROM_PAGE = "page"  # again from a booklet page; the pages before it stay
    NEW_BOOKLET = "whole"  # every line from page 1, into a new booklet


@dataclass(frozen=True)
class Booklet:
    """One member's booklet as the print dialog describes it."""

    member_id: int
    code: str
    name: str
    lines_printed: int  # lines already in the booklet
    pages_printed: int
    waiting: int  # lines of closed meetings not yet printed
    changed_line: int | None  # first printed line that has changed since (from 0)
    changed_page: int | None  # its booklet page (from 1)
    changed_date: dt.date | None

    @property
    def label(self) -> str:
        return f"{self.code} - {self.name}"


@dataclass(frozen=True)
class PassbookRequest:
    """What to print: ``member_ids`` None for the whole group."""

    member_ids: list[int] | None
    mode: PrintMode
    from_page: int | None = None

    @property
    def reprint(self) -> bool:
        return self.mode == PrintMode.NEW_BOOKLET


class PassbookChoices:
    """The group's booklets, read once when the dialog opens."""

    def __init__(self, ledger: Ledger, group_id: int) -> None:
        with ledger.session() as session:
            group = session.get(Group, group_id)
            if group is None:
                raise LedgerError(_("This group is no longer in the ledger."))
            self.group_id = group_id
            self.group_code, self.group_name = group.code, group.name
            books = group_passbooks(session, group, default_format=load_print_settings(
                session).passbook_format)
        self.booklets = []
        for book in books:
            changed = book.changed_line
            self.booklets.append(Booklet(
                member_id=book.member_id, code=book.code, name=book.name,
                lines_printed=book.lines_printed,
                pages_printed=-(-book.lines_printed // book.lines_per_page),
                waiting=max(0, book.printable_count - book.lines_printed),
                changed_line=changed,
                changed_page=None if changed is None else book.page_of(changed),
                changed_date=(book.lines[changed].date
                              if changed is not None and changed < len(book.lines) else None)))
        self._by_id = {booklet.member_id: booklet for booklet in self.booklets}

    def booklet(self, member_id: int) -> Booklet:
        return self._by_id[member_id]

    @property
    def changed(self) -> list[Booklet]:
        return [booklet for booklet in self.booklets if booklet.changed_line is not None]

    def suggested(self, member_id: int | None) -> tuple[PrintMode, int]:
        """The mode and booklet page to offer first: a changed booklet is reprinted from
        its changed line's page; anything else continues."""
        if member_id is not None:
            booklet = self.booklet(member_id)
            if booklet.changed_page is not None:
                return PrintMode.FROM_PAGE, booklet.changed_page
            return PrintMode.NEW_LINES, max(booklet.pages_printed, 1)
        return PrintMode.NEW_LINES, 1

    def describe(self, member_id: int | None) -> str:
        """The state of one booklet, or of the group's, in a sentence or two."""
        if member_id is None:
            return self._describe_group()
        booklet = self.booklet(member_id)
        if booklet.changed_line is not None:
            if booklet.changed_date is None:
                return _("Line {line} on booklet page {page} was printed and is no longer in "
                         "the books: reprint this booklet from page {page}.").format(
                    line=booklet.changed_line + 1, page=booklet.changed_page)
            return _("Line {line} on booklet page {page}, dated {date}, was printed and has "
                     "changed since: reprint this booklet from page {page}.").format(
                line=booklet.changed_line + 1, page=booklet.changed_page,
                date=format_date(booklet.changed_date))
        if booklet.lines_printed == 0:
            return _("Not printed yet: {count} lines to print.").format(count=booklet.waiting)
        return _("{lines} lines are in the booklet ({pages} pages); {count} new lines to "
                 "print.").format(lines=booklet.lines_printed, pages=booklet.pages_printed,
                                  count=booklet.waiting)

    def _describe_group(self) -> str:
        waiting = sum(1 for booklet in self.booklets
                      if booklet.waiting and booklet.changed_line is None)
        text = _("{members} members; {count} booklets have new lines to print.").format(
            members=len(self.booklets), count=waiting)
        changed = self.changed
        if changed:
            text += " " + _("Not printed until reprinted from the changed line: {booklets}.")\
                .format(booklets="; ".join(
                    _("{code} from page {page}").format(code=booklet.code,
                                                         page=booklet.changed_page)
                    for booklet in changed))
        return text

    def request(self, member_id: int | None, mode: PrintMode,
                from_page: int) -> PassbookRequest:
        return PassbookRequest(None if member_id is None else [member_id], mode,
                               from_page if mode == PrintMode.FROM_PAGE else None)
