"""One board-only step taken by a clerk with a board member's approval: the presenter acts as
the approved actor for that step only (``permissions.Actor.approved_by``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from desktop.models.permissions import Actor


@contextmanager
def acting_as(presenter: Any, actor: Actor | None) -> Iterator[None]:
    """``presenter.actor`` is ``actor`` inside the block (unchanged for ``None``)."""
    if actor is None:
        yield
        return
    saved = presenter.actor
    presenter.actor = actor
    try:
        yield
    finally:
        presenter.actor = saved
