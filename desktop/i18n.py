"""Translations: gettext catalogs made with Babel, Vietnamese first.

Source strings (msgids) are English; ``desktop/translations/vi/LC_MESSAGES/desktop.po`` holds
the Vietnamese, which is the default language. The catalogs are package data, read with
``importlib.resources``, so an installed copy (a wheel, the Windows build) finds them as a
checkout does. A compiled ``.mo`` is used when it is present and up to date; otherwise the
``.po`` file is read directly with Babel, so neither a checkout nor a wheel needs a build step.
Placeholders are ``{name}`` only, filled with ``str.format``.

No Qt here: the domain, printing and the command line translate through this module too.
"""

from __future__ import annotations

import gettext
import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

DOMAIN = "desktop"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
TRANSLATIONS_DIR: Traversable = files("desktop").joinpath("translations")

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


class _PoTranslations(gettext.NullTranslations):
    """A catalog read straight from a ``.po`` file (untranslated or fuzzy entries fall back)."""

    def __init__(self, po_path: Traversable, language: str) -> None:
        super().__init__()
        from babel.messages.pofile import read_po

        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        self._messages: dict[str, str] = {}
        for message in catalog:
            if not message.id or message.fuzzy or not isinstance(message.id, str):
                continue
            if isinstance(message.string, str) and message.string:
                self._messages[message.id] = message.string

    def gettext(self, message: str) -> str:
        return self._messages.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)


def _is_fresh(mo_path: Traversable, po_path: Traversable) -> bool:
    """True when the compiled ``.mo`` exists and is not older than its ``.po``."""
    if not mo_path.is_file():
        return False
    if not po_path.is_file() or not isinstance(mo_path, Path) or not isinstance(po_path, Path):
        return True  # inside an archive there are no dates: a shipped .mo is the build's own
    return mo_path.stat().st_mtime >= po_path.stat().st_mtime


def _stamp(path: Traversable) -> tuple[str, int, int]:
    if not isinstance(path, Path):
        return (str(path), 0, 0)
    stat = path.stat()
    return (str(path), stat.st_mtime_ns, stat.st_size)


# Parsed catalogs by file identity (path, mtime, size): tests and windows switch language
# often, and re-parsing a large ``.po`` with Babel each time would be slow. An edited file
# has a new identity, so it is read again.
_cache: dict[tuple[str, int, int], gettext.NullTranslations] = {}


def _load(language: str) -> gettext.NullTranslations:
    folder = TRANSLATIONS_DIR.joinpath(language).joinpath("LC_MESSAGES")
    po_path = folder.joinpath(f"{DOMAIN}.po")
    mo_path = folder.joinpath(f"{DOMAIN}.mo")
    if _is_fresh(mo_path, po_path):
        key = _stamp(mo_path)
        if key not in _cache:
            with mo_path.open("rb") as handle:
                _cache[key] = gettext.GNUTranslations(handle)
        return _cache[key]
    if po_path.is_file():
        key = _stamp(po_path)
        if key not in _cache:
            _cache[key] = _PoTranslations(po_path, language)
        return _cache[key]
    return gettext.NullTranslations()


def set_language(language: str) -> None:
    """Switch every later ``_()`` call to ``language`` (``vi`` or ``en``).

    An unknown language falls back to Vietnamese, the default.
    """
    global _current, _language
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    _current = _load(language)
    _language = language


def current_language() -> str:
    """The language ``_()`` translates into now (one of ``LANGUAGES``)."""
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _current.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (translate at use)."""
    return message


set_language(os.environ.get("COMMUNE_LEDGER_LANG", DEFAULT_LANGUAGE))
