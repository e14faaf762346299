"""What the commune tree shows: the commune, its villages, and each village's groups.

Two small queries (no balances), so the tree is ready as soon as the ledger is open.
Plain frozen dataclasses: built on a worker thread, shown on the GUI thread. The database
modules are imported by ``load_tree`` only: the window imports this module before the
ledger is open, and SQLAlchemy is then loaded on the worker, not on the way to the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.models.collation import fold, name_sort_key
from desktop.models.enums import GroupKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class GroupNode:
    group_id: int
    code: str
    name: str
    kind: GroupKind


@dataclass(frozen=True)
class VillageNode:
    """A village and its groups; ``name`` is empty for groups that name no village."""

    name: str
    groups: tuple[GroupNode, ...]


@dataclass(frozen=True)
class CommuneTree:
    commune: str  # "Xã Yên Bình"; empty in a new ledger without a commune yet
    province: str
    villages: tuple[VillageNode, ...]

    @property
    def groups(self) -> list[GroupNode]:
        return [group for village in self.villages for group in village.groups]

    def find(self, group_id: int) -> GroupNode | None:
        return next((group for group in self.groups if group.group_id == group_id), None)


def place_key(name: str) -> tuple[str, str]:
    """Villages and groups sort like words in a dictionary (diacritics decide only ties),
    with numbers in the right order: "Thôn 2" before "Thôn 10"."""
    folded = fold(name)
    padded = "".join(f"{int(part):08d}" if part.isdigit() else part
                     for part in _split_digits(folded))
    return padded, name_sort_key(name)


def _split_digits(text: str) -> list[str]:
    parts: list[str] = []
    for char in text:
        if parts and parts[-1][-1].isdigit() == char.isdigit():
            parts[-1] += char
        else:
            parts.append(char)
    return parts


def load_tree(session: Session) -> CommuneTree:
    """The tree of the ledger's (first) commune."""
    from sqlalchemy import select

    from desktop.models.group import Group
    from desktop.models.organisation import Commune, Village

    commune = session.scalar(select(Commune).order_by(Commune.id))
    villages = {village.id: village.name for village in session.scalars(select(Village))}
    by_village: dict[str, list[GroupNode]] = {}
    for group_id, code, name, kind, village_id in session.execute(
        select(Group.id, Group.code, Group.name, Group.kind, Group.village_id)
    ):
        village = villages.get(village_id, "") if village_id is not None else ""
        by_village.setdefault(village, []).append(GroupNode(group_id, code, name,
                                                            GroupKind(kind)))
    # Villages without groups are shown too: the clerk created them for a reason.
    for village in villages.values():
        by_village.setdefault(village, [])
    nodes = [
        VillageNode(village, tuple(sorted(groups, key=lambda group: (place_key(group.name),
                                                                     group.code))))
        for village, groups in by_village.items()
    ]
    nodes.sort(key=lambda node: (node.name == "", place_key(node.name)))
    return CommuneTree(commune.name if commune else "", commune.province if commune else "",
                       tuple(nodes))
