"""Words the window shows for the ledger's closed vocabularies (group kinds, loan purposes).

Translated when asked for, never at import, so a language switch takes effect at once.
"""

from __future__ import annotations

from desktop.i18n import N_, _
from desktop.models.enums import GroupKind, LoanPurpose

_KIND_SHORT = {
    GroupKind.VSLA: N_("VSLA group"),
    GroupKind.ASCA: N_("Savings group"),
    GroupKind.ISHC: N_("ISHC club"),
}
_KIND_LONG = {
    GroupKind.VSLA: N_("Village savings and loan group"),
    GroupKind.ASCA: N_("Community-managed savings group"),
    GroupKind.ISHC: N_("Intergenerational self-help club"),
}
_PURPOSE = {
    LoanPurpose.LIVELIHOOD: N_("Livelihood"),
    LoanPurpose.EDUCATION: N_("Education"),
    LoanPurpose.HEALTH: N_("Health care"),
    LoanPurpose.OTHER: N_("Other"),
}


def kind_badge(kind: GroupKind) -> str:
    """The code on the coloured badge: VSLA, ASCA or ISHC — the programmes' own names,
    which clerks know from their training material, so they are not translated."""
    return GroupKind(kind).value


def kind_short(kind: GroupKind) -> str:
    """``Nhóm TK&VV``, ``Nhóm tiết kiệm``, ``CLB LTHTGN``."""
    return _(_KIND_SHORT[GroupKind(kind)])


def kind_long(kind: GroupKind) -> str:
    """The full name of the kind, as in the glossary."""
    return _(_KIND_LONG[GroupKind(kind)])


def purpose_label(purpose: LoanPurpose) -> str:
    return _(_PURPOSE[LoanPurpose(purpose)])
