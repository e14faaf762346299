"""Asking a board member's approval on the spot when a clerk starts a board-only step."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget

from desktop.models.permissions import Action, Actor, can, can_with_approval
from desktop.views.context import PageContext
from desktop.views.window_focus import run_modal

Approve = Callable[[Action, str], Actor | None]


def board_approval(parent: QWidget, context: PageContext,
                   open_dialog: Callable[[QDialog], int] = run_modal) -> Approve:
    """A function giving the actor who may take ``action``: the user signed in when they
    may, else the same user with the approval of the board member who typed their password
    (``None``: nobody approved, or this user may not even ask)."""

    def approve(action: Action, what: str) -> Actor | None:
        actor = context.actor
        if can(actor, action):
            return actor
        if not can_with_approval(actor, action):
            return None
        from desktop.views.sign_in import ApprovalDialog

        dialog = ApprovalDialog(context.ledger, actor, action, what, parent)
        if open_dialog(dialog) != QDialog.DialogCode.Accepted:
            return None
        return dialog.actor

    return approve
