"""The audit log: who did what, and when. Written in the same transaction as the change.

The log is append-only and chained: each entry stores the SHA-256 of its own content and of
the entry before it (``row_hash``), and ``audit_chain`` holds the last entry's id and hash.
Editing, removing or inserting an entry anywhere breaks the chain from that entry on, and
``verify_chain`` names the first entry that no longer fits. The chain catches changes made
outside the application (a database browser, a script); it is not a signature: whoever can
run this code can compute a chain too, which is why backups are kept as well.

Appending takes the chain's one row ``FOR UPDATE`` (PostgreSQL serialises the writers of
the log on it; SQLite has one writer at a time anyway), so two writers never fork the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from desktop.models.base import Base
from desktop.models.clock import now
from desktop.models.permissions import Actor

GENESIS = "0" * 64  # the "previous hash" of the first entry


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    user: Mapped[str] = mapped_column(String(60), index=True)
    # The board member who approved this step on the spot for the user (else empty).
    approver: Mapped[str] = mapped_column(String(60), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    # The group and member the entry is about, when it is about one (the page's filters).
    group_id: Mapped[int | None] = mapped_column(Integer, index=True)
    member_id: Mapped[int | None] = mapped_column(Integer, index=True)
    details: Mapped[str] = mapped_column(Text, default="{}")
    row_hash: Mapped[str] = mapped_column(String(64), default="")


class AuditChain(Base):
    """The head of the chain: the last entry's id and hash (one row, id 1)."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    head: Mapped[str] = mapped_column(String(64), default=GENESIS)


def entry_hash(previous: str, entry_id: int, at: dt.datetime, user: str, approver: str,
               action: str, entity: str, entity_id: int | None, group_id: int | None,
               member_id: int | None, details: str) -> str:
    """The hash of one entry chained to the hash before it.

    The stored chains depend on this exact form: never change it (a new form would need a
    migration re-chaining every ledger, which is what the migration 0006 did once)."""
    content = json.dumps([entry_id, at.isoformat(sep=" "), user, approver, action, entity,
                          entity_id, group_id, member_id, details],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{content}".encode()).hexdigest()


def hash_of(previous: str, entry: AuditEntry) -> str:
    return entry_hash(previous, entry.id, entry.at, entry.user, entry.approver or "",
                      entry.action, entry.entity, entry.entity_id, entry.group_id,
                      entry.member_id, entry.details)


def _chain(session: Session) -> AuditChain:
    # Locked once per transaction; later entries of the same transaction find it in the
    # session without asking the database again.
    transaction = session.get_transaction()
    if transaction is not None and session.info.get("audit_chain_lock") is transaction:
        chain = session.get(AuditChain, 1)
    else:
        chain = session.get(AuditChain, 1, with_for_update=True)
        session.info["audit_chain_lock"] = transaction
    if chain is None:  # a ledger made before its first entry: the migration made the row
        chain = AuditChain(id=1, last_id=0, head=GENESIS)
        session.add(chain)
    return chain


def _subject(session: Session, entity: str, entity_id: int | None) -> tuple[int | None,
                                                                           int | None]:
    """The group and member an entry about ``entity`` ``entity_id`` concerns."""
    if entity_id is None:
        return None, None
    # Imported here: the tables import this module for ``record``.
    from desktop.models.activity import Activity
    from desktop.models.group import Cycle
    from desktop.models.journal import Event
    from desktop.models.loan import Loan
    from desktop.models.meeting import Meeting
    from desktop.models.member import Member

    if entity == "group":
        return entity_id, None
    simple: dict[str, Any] = {"meeting": Meeting, "cycle": Cycle, "activity": Activity}
    if entity in simple:
        row = session.get(simple[entity], entity_id)
        return (row.group_id if row is not None else None), None
    if entity == "member":
        member = session.get(Member, entity_id)
        return (member.group_id if member is not None else None), entity_id
    if entity == "loan":
        loan = session.get(Loan, entity_id)
        return (loan.group_id, loan.member_id) if loan is not None else (None, None)
    if entity == "event":
        event = session.get(Event, entity_id)
        return (event.group_id, event.member_id) if event is not None else (None, None)
    return None, None


def record(
    session: Session,
    user: Actor | str,
    action: str,
    entity: str,
    entity_id: int | None,
    **details: object,
) -> AuditEntry:
    """Add an audit entry to ``session`` (committed with the change it describes), chained
    to the one before it. ``user`` is the actor (its approver is named too)."""
    actor = user if isinstance(user, Actor) else Actor(user)
    group_id, member_id = _subject(session, entity, entity_id)
    chain = _chain(session)
    entry = AuditEntry(
        id=chain.last_id + 1,
        at=now(),
        user=actor.name,
        approver=actor.approved_by,
        action=action,
        entity=entity,
        entity_id=entity_id,
        group_id=group_id,
        member_id=member_id,
        details=json.dumps(details, ensure_ascii=False, default=str, sort_keys=True),
    )
    entry.row_hash = hash_of(chain.head, entry)
    chain.last_id, chain.head = entry.id, entry.row_hash
    session.add(entry)
    return entry


def rechain_after(session: Session, last_good_id: int) -> None:
    """Chain again every entry after ``last_good_id``: for bulk writers (the demo) that
    insert entries with their own ids and dates, then call this once."""
    session.flush()
    previous = GENESIS
    if last_good_id > 0:
        found = session.scalar(select(AuditEntry.row_hash).where(
            AuditEntry.id == last_good_id))
        previous = found or GENESIS
    last = last_good_id
    for entry in session.scalars(select(AuditEntry).where(AuditEntry.id > last_good_id)
                                 .order_by(AuditEntry.id)):
        entry.row_hash = hash_of(previous, entry)
        previous, last = entry.row_hash, entry.id
    chain = _chain(session)
    chain.last_id, chain.head = last, previous
    session.flush()


def fill_subjects(session: Session) -> None:
    """Name the group and member of entries a bulk writer inserted without them."""
    session.flush()
    bind = session.connection()
    missing = "group_id IS NULL AND entity_id IS NOT NULL"
    bind.execute(text(f"UPDATE audit_log SET group_id = entity_id "
                      f"WHERE entity = 'group' AND {missing}"))
    for entity, table in (("meeting", "meetings"), ("cycle", "cycles"),
                          ("activity", "activities")):
        bind.execute(text(f"UPDATE audit_log SET group_id = (SELECT group_id FROM {table} "
                          f"WHERE {table}.id = audit_log.entity_id) "
                          f"WHERE entity = '{entity}' AND {missing}"))
    for entity, table, member in (("member", "members", "id"), ("loan", "loans", "member_id"),
                                  ("event", "events", "member_id")):
        bind.execute(text(f"UPDATE audit_log SET group_id = (SELECT group_id FROM {table} "
                          f"WHERE {table}.id = audit_log.entity_id), member_id = (SELECT "
                          f"{member} FROM {table} WHERE {table}.id = audit_log.entity_id) "
                          f"WHERE entity = '{entity}' AND {missing}"))
    session.expire_all()


def last_id(session: Session) -> int:
    return int(session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
               or 0)


@dataclass(frozen=True)
class ChainBreak:
    """Where the log stops fitting its chain: ``entry_id`` is the first entry that does
    not (``None``: entries at the end were removed after ``last_good``)."""

    entry_id: int | None
    last_good: int
    at: dt.datetime | None = None
    user: str = ""


def _rows(session: Session) -> Iterator[AuditEntry]:
    yield from session.scalars(select(AuditEntry).order_by(AuditEntry.id)
                               .execution_options(yield_per=2000))


def verify_chain(session: Session) -> ChainBreak | None:
    """The first break in the chain, or ``None`` when the log is whole."""
    previous, last = GENESIS, 0
    for entry in _rows(session):
        if entry.row_hash != hash_of(previous, entry):
            return ChainBreak(entry.id, last, entry.at, entry.user)
        previous, last = entry.row_hash, entry.id
    chain = session.get(AuditChain, 1)
    head, head_id = (chain.head, chain.last_id) if chain is not None else (GENESIS, 0)
    if (head, head_id) != (previous, last):
        return ChainBreak(None, last)
    return None
