"""Who may type in a grid: a clerk or the board, with the right to enter data; anyone else
only looks, and is told so in one sentence naming them."""

from __future__ import annotations

from desktop.i18n import _
from desktop.models.permissions import Action, Actor, can
from desktop.presenters.table import TablePresenter


def look_only_reason(actor: Actor) -> str:
    """Why ``actor`` cannot change a cell: they may look at the ledger, not change it."""
    return _("{user} may look at the ledger but not change it.").format(user=actor.name)


class EntryGrid(TablePresenter):
    """A grid read-only for an ``actor`` without the right to enter data."""

    actor: Actor

    @property
    def read_only(self) -> bool:
        return not can(self.actor, Action.ENTER_DATA)

    def read_only_reason(self) -> str:
        if self.read_only:
            return look_only_reason(self.actor)
        return super().read_only_reason()
