"""The window's settings, each declared once with its type and default.

Like Electrum's ``ConfigVar``: a ``Setting`` is declared on ``Settings`` and read or written as
an attribute, so a typo is an ``AttributeError`` and a wrong type a ``TypeError`` at once, not a
surprise at the next start. Values live in one JSON file in the user's configuration folder
(``COMMUNE_LEDGER_CONFIG_DIR`` overrides the folder, for tests and portable installs). Every
change is written at once, atomically, so a power cut never leaves half a file.

No Qt here: the window stores its geometry as base64 text it gets from Qt.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

if TYPE_CHECKING:  # the backups module loads when a backup is made, not at start
    from desktop.models.backups import Policy as BackupPolicy

log = logging.getLogger(__name__)

T = TypeVar("T")

CONFIG_DIR_VARIABLE = "COMMUNE_LEDGER_CONFIG_DIR"
FILE_NAME = "settings.json"
MAX_RECENT = 8


def config_dir() -> Path:
    """The folder of the settings file and the log (``%APPDATA%`` or XDG)."""
    override = os.environ.get(CONFIG_DIR_VARIABLE)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
        return base / "CommuneLedger"
    base = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    return base / "commune-ledger"


class Setting(Generic[T]):
    """One setting: its key in the file, its default, and what values it accepts.

    ``item`` is the type of a list's items; ``choices`` the only values allowed.
    """

    def __init__(self, key: str, default: T, *, item: type | None = None,
                 choices: Sequence[Any] | None = None, doc: str = "") -> None:
        self.key = key
        self.default = default
        self.item = item
        self.choices = tuple(choices) if choices is not None else None
        self.__doc__ = doc

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` has this setting's type (a bool is not an int here)."""
        kind = type(self.default)
        if type(value) is not kind:
            return False
        if self.item is not None and not all(type(entry) is self.item for entry in value):
            return False
        return self.choices is None or value in self.choices

    @overload
    def __get__(self, store: None, owner: type) -> Setting[T]: ...

    @overload
    def __get__(self, store: Settings, owner: type) -> T: ...

    def __get__(self, store: Settings | None, owner: type) -> T | Setting[T]:
        if store is None:
            return self
        return store.get(self)

    def __set__(self, store: Settings, value: T) -> None:
        store.set(self, value)


class Settings:
    """The settings file. Read attributes; assigning one saves the file."""

    language: Setting[str] = Setting(
        "language", "vi", choices=("vi", "en"), doc="Language of the window.")
    last_ledger: Setting[str] = Setting(
        "ledger.last", "", doc="The ledger opened at start.")
    recent_ledgers: Setting[list[str]] = Setting(
        "ledger.recent", [], item=str, doc=f"Recently opened ledgers, newest first "
        f"(at most {MAX_RECENT}).")
    window_geometry: Setting[str] = Setting(
        "window.geometry", "", doc="The main window's size and place (Qt, base64).")
    window_state: Setting[str] = Setting(
        "window.state", "", doc="Toolbars and docks of the main window (Qt, base64).")
    splitter_state: Setting[str] = Setting(
        "window.splitter", "", doc="Width of the commune tree (Qt, base64).")
    open_pages: Setting[list[str]] = Setting(
        "window.open_pages", [], item=str, doc="Pages open when the window closed.")
    current_page: Setting[str] = Setting(
        "window.current_page", "", doc="The page shown when the window closed.")
    backup_folder: Setting[str] = Setting(
        "backup.folder", "", doc="Where automatic backups of a ledger go; empty: a "
        "'backups' folder beside the ledger.")
    backup_keep_daily: Setting[int] = Setting(
        "backup.keep_daily", 7, choices=range(1, 367), doc="Automatic backups kept: the first "
        "and last of each of this many newest days.")
    backup_keep_monthly: Setting[int] = Setting(
        "backup.keep_monthly", 12, choices=range(0, 121), doc="…and the newest of each of "
        "this many newest months.")

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / FILE_NAME
        self._values: dict[str, Any] = self._read()
        self._listeners: list[Callable[[str], None]] = []

    @classmethod
    def declared(cls) -> dict[str, Setting[Any]]:
        """Every setting, by attribute name."""
        return {name: value for name, value in vars(cls).items() if isinstance(value, Setting)}

    def get(self, setting: Setting[T]) -> T:
        value = self._values.get(setting.key, setting.default)
        if not setting.accepts(value):
            return _copy(setting.default)
        return _copy(value)

    def set(self, setting: Setting[T], value: T) -> None:
        if not setting.accepts(value):
            raise TypeError(f"setting {setting.key!r} does not accept {value!r}")
        if self._values.get(setting.key) == value:
            return
        self._values[setting.key] = _copy(value)
        self.save()
        for listener in list(self._listeners):
            listener(setting.key)

    def reset(self, setting: Setting[Any]) -> None:
        """Back to the default."""
        if self._values.pop(setting.key, None) is not None:
            self.save()

    def on_change(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(key)`` after a setting changed."""
        self._listeners.append(listener)

    def backup_policy(self) -> BackupPolicy:
        """Where automatic backups go and how many are kept, as these settings say."""
        from desktop.models.backups import Policy

        folder = self.backup_folder.strip()
        return Policy(Path(folder).expanduser() if folder else None, self.backup_keep_daily,
                      self.backup_keep_monthly)

    # -- recent ledgers ------------------------------------------------------------------
    def remember_ledger(self, path: str) -> None:
        """``path`` becomes the last ledger and the first of the recent ones."""
        recent = [path] + [entry for entry in self.recent_ledgers if entry != path]
        self.recent_ledgers = recent[:MAX_RECENT]
        self.last_ledger = path

    def forget_ledger(self, path: str) -> None:
        self.recent_ledgers = [entry for entry in self.recent_ledgers if entry != path]
        if self.last_ledger == path:
            self.last_ledger = ""

    def clear_recent(self) -> None:
        self.recent_ledgers = []

    # -- the file ------------------------------------------------------------------------
    def _read(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError:
            log.warning("cannot read the settings file %s", self.path, exc_info=True)
            return {}
        try:
            data = json.loads(text)
        except ValueError:
            # A damaged file must not stop the window from starting: defaults instead.
            log.warning("the settings file %s is damaged; using defaults", self.path)
            return {}
        return data if isinstance(data, dict) else {}

    def save(self) -> None:
        """Write the file atomically (a temporary file, then a rename)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(self._values, stream, ensure_ascii=False, indent=2, sort_keys=True)
            os.replace(temporary, self.path)
        except OSError:
            # Settings are a convenience: a read-only folder must not break the work.
            log.warning("cannot write the settings file %s", self.path, exc_info=True)


def _copy(value: T) -> T:
    """Lists and dicts are copied, so that editing a value read never changes the store."""
    if isinstance(value, list):
        return list(value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return dict(value)  # type: ignore[return-value]
    return value
