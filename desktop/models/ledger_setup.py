"""What a new ledger starts with: the commune it belongs to, the name of its Women's Union
and the people who sign the commune's printed forms.

File ▸ New ledger and the first-run wizard both make a ledger through ``set_up_ledger``, in
the same step that makes the file (``create_ledger``'s fill), so a ledger never exists half
set up. A later step of the first run (the administrator's account) adds its own fields here
and its own line to ``set_up_ledger``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.i18n import _
from desktop.models.collation import nfc

if TYPE_CHECKING:  # the window asks its questions before SQLAlchemy is loaded
    from sqlalchemy.orm import Session

    from desktop.models.organisation import Commune

COMMUNE_CODE = re.compile(r"^\d{5}$")


def _clean(text: str) -> str:
    return nfc(" ".join(text.split()))


@dataclass(frozen=True)
class LedgerSetup:
    """The answers of the new-ledger questions. Empty names are written by hand on paper
    (the union's name then defaults to "Hội LHPN" and the commune's name)."""

    commune_code: str
    commune_name: str
    province: str = ""
    union_name: str = ""
    preparer_name: str = ""  # người lập biểu
    union_chair_name: str = ""  # signs commune reports for the union

    def cleaned(self) -> LedgerSetup:
        """The same answers, spaces tidied and text in NFC."""
        return LedgerSetup(self.commune_code.strip(), _clean(self.commune_name),
                           _clean(self.province), _clean(self.union_name),
                           _clean(self.preparer_name), _clean(self.union_chair_name))

    def commune_problem(self) -> str:
        """What is wrong with the commune's details, as a sentence; empty when fine."""
        if not COMMUNE_CODE.match(self.commune_code.strip()):
            return _("The commune code has exactly 5 digits, for example 04321.")
        if not _clean(self.commune_name):
            return _("Enter the commune's name, for example Xã Yên Bình.")
        return ""


def set_up_ledger(session: Session, setup: LedgerSetup) -> Commune:
    """Record the commune, its union's name and the signatories (the caller commits)."""
    from desktop.models import registry
    from desktop.models.print_settings import update_print_settings

    setup = setup.cleaned()
    commune = registry.get_or_create_commune(session, setup.commune_code, setup.commune_name,
                                             setup.province)
    if setup.union_name:
        commune.union_name = setup.union_name
    if setup.preparer_name or setup.union_chair_name:
        update_print_settings(session, preparer_name=setup.preparer_name,
                              union_chair_name=setup.union_chair_name)
    session.flush()
    return commune
