"""What printing needs to know that the books do not: declared once, typed, with defaults,
stored in the ledger's ``settings`` table under the ``print.`` prefix."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import audit
from desktop.models.errors import LedgerError
from desktop.models.permissions import Actor
from desktop.models.setting import read_settings, write_setting
from desktop.models.words import FOUR_WORDS, THOUSAND_WORDS, ZERO_TENS_WORDS

PREFIX = "print."
PASSBOOK_FORMATS = ("A6", "A5")
MAX_OFFSET_MM = 30.0  # a printer feeding a booklet more than 3 cm off is a wrong setting


@dataclass(frozen=True)
class PrintSettings:
    """Settings of every printed form. Names may be empty: the line is then left to be
    written by hand."""

    passbook_format: str = "A6"  # for booklets printed for the first time
    offset_x_mm: float = 0.0  # moves passbook print right (negative: left)
    offset_y_mm: float = 0.0  # moves passbook print down (negative: up)
    place_name: str = ""  # "Xã Yên Bình" on the place-and-date line; default: the commune
    preparer_name: str = ""  # người lập biểu
    union_chair_name: str = ""  # signs commune reports for the union
    thousand_word: str = "nghìn"  # amounts in words: nghìn / ngàn
    zero_tens_word: str = "linh"  # linh / lẻ
    four_word: str = "tư"  # tư / bốn

    def words_options(self) -> dict[str, str]:
        """Keyword arguments for ``words.amount_in_words``."""
        return {"thousand": self.thousand_word, "zero_tens": self.zero_tens_word,
                "four": self.four_word}


def validate(settings: PrintSettings) -> PrintSettings:
    """``settings`` if every value is acceptable; otherwise a ``LedgerError`` that says which."""
    if settings.passbook_format not in PASSBOOK_FORMATS:
        raise LedgerError(_("The passbook format must be A6 or A5, not '{value}'.").format(
            value=settings.passbook_format))
    for offset in (settings.offset_x_mm, settings.offset_y_mm):
        if not -MAX_OFFSET_MM <= offset <= MAX_OFFSET_MM:
            raise LedgerError(_("A printer offset must be between -30 and 30 mm, not {value}.")
                              .format(value=offset))
    for value, allowed in ((settings.thousand_word, THOUSAND_WORDS),
                           (settings.zero_tens_word, ZERO_TENS_WORDS),
                           (settings.four_word, FOUR_WORDS)):
        if value not in allowed:
            raise LedgerError(_("'{value}' is not one of the allowed words: {allowed}.").format(
                value=value, allowed=", ".join(allowed)))
    return settings


def _coerce(name: str, value: Any, default: Any) -> Any:
    if isinstance(default, float):
        return float(value)
    return str(value) if value is not None else default


def load_print_settings(session: Session) -> PrintSettings:
    """The stored settings; anything never set (or unreadable) keeps its default."""
    stored = read_settings(session, PREFIX)
    defaults = PrintSettings()
    values: dict[str, Any] = {}
    for item in fields(PrintSettings):
        if item.name in stored:
            try:
                values[item.name] = _coerce(item.name, stored[item.name],
                                            getattr(defaults, item.name))
            except (TypeError, ValueError):
                continue
    try:
        return validate(replace(defaults, **values))
    except LedgerError:
        return defaults


def save_print_settings(session: Session, settings: PrintSettings,
                        actor: Actor | None = None) -> None:
    """Store every field of ``settings`` after checking them (the caller commits); what
    ``actor`` changed is in the audit log with the old and new values."""
    validate(settings)
    before = asdict(load_print_settings(session))
    after = asdict(settings)
    for name, value in after.items():
        write_setting(session, PREFIX + name, value)
    changed = {name: [before[name], value] for name, value in after.items()
               if before[name] != value}
    if changed and actor is not None:
        audit.record(session, actor, "change_settings", "settings", None, area="print",
                     changes=changed)


def update_print_settings(session: Session, **changes: Any) -> PrintSettings:
    """Change some settings, keep the others; returns the new settings."""
    settings = replace(load_print_settings(session), **changes)
    save_print_settings(session, settings)
    return settings
