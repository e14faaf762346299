"""Vietnamese for the words Qt draws itself (standard buttons, the text-field menu, the
file dialog), because Qt ships no Vietnamese catalog.

Qt asks a ``QTranslator`` with its English source text ("&Yes"); we look up our msgid
("Yes") and give its translation in the current language. The translator is a plain
``QTranslator`` loaded with a ``.qm`` catalog written here in memory from our gettext
catalog — not a Python subclass overriding ``translate()``, because PySide6 releases a
reference to ``None`` on every such call and the interpreter eventually crashes. In English,
or for a word not translated, no entry is written and Qt keeps its own text and mnemonic.
"""

from __future__ import annotations

import struct

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desktop.i18n import N_, _, current_language

_BUTTONS = {
    "OK": N_("OK"),
    "Save": N_("Save"),
    "Save All": N_("Save all"),
    "Open": N_("Open"),
    "&Yes": N_("Yes"),
    "Yes to &All": N_("Yes to all"),
    "&No": N_("No"),
    "N&o to All": N_("No to all"),
    "Abort": N_("Abort"),
    "Retry": N_("Retry"),
    "Ignore": N_("Ignore"),
    "Close": N_("Close"),
    "Cancel": N_("Cancel"),
    "Discard": N_("Discard"),
    "Help": N_("Help"),
    "Apply": N_("Apply"),
    "Reset": N_("Reset"),
    "Restore Defaults": N_("Restore defaults"),
}
_EDITING = {
    "&Undo": N_("Undo"),
    "&Redo": N_("Redo"),
    "Cu&t": N_("Cut"),
    "&Copy": N_("Copy"),
    "&Paste": N_("Paste"),
    "Delete": N_("Delete"),
    "Select All": N_("Select all"),
    "&Select All": N_("Select all"),
    "Copy &Link Location": N_("Copy link address"),
}
_FILE_DIALOG = {
    "&Look in:": N_("Look in:"),
    "File &name:": N_("File name:"),
    "Files of &type:": N_("Files of type:"),
    "&Open": N_("Open"),
    "&Save": N_("Save"),
    "Open": N_("Open"),
    "Save As": N_("Save as"),
    "Back": N_("Back"),
    "Forward": N_("Forward"),
    "Parent Directory": N_("Parent folder"),
    "Create New Folder": N_("New folder"),
    "&New Folder": N_("New folder"),
    "New Folder": N_("New folder"),
    "List View": N_("List"),
    "Detail View": N_("Details"),
    "&Delete": N_("Delete"),
    "&Rename": N_("Rename"),
    "Show &hidden files": N_("Show hidden files"),
    "All Files (*)": N_("All files (*)"),
    "Directory:": N_("Folder:"),
    "Files": N_("Files"),
    "Recent Places": N_("Recent places"),
    "%1 already exists.\nDo you want to replace it?": N_(
        "{file} already exists. Do you want to replace it?"),
}
_FILE_MODEL = {
    "Name": N_("Name"),
    "Size": N_("Size"),
    "Type": N_("Type"),
    "Date Modified": N_("Date modified"),
    "My Computer": N_("This computer"),
    "Computer": N_("This computer"),
}

TEXTS: dict[str, dict[str, str]] = {
    "QPlatformTheme": _BUTTONS,
    "QDialogButtonBox": _BUTTONS,
    "QProgressDialog": {"Cancel": N_("Cancel")},
    "QLineEdit": _EDITING,
    "QWidgetTextControl": _EDITING,
    "QAbstractSpinBox": {**_EDITING, "&Step up": N_("Step up"), "Step &down": N_("Step down")},
    "QMessageBox": {"Show Details...": N_("Show details…"),
                    "Hide Details...": N_("Hide details…"), "OK": N_("OK")},
    "QFileDialog": _FILE_DIALOG,
    "QFileSystemModel": _FILE_MODEL,
    "QAbstractFileIconProvider": {"Folder": N_("Folder"), "Drive": N_("Drive"),
                                  "File": N_("File")},
}


# The .qm format (Qt's translator.cpp): a magic number, then tagged blocks.
_QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
_BLOCK_HASHES, _BLOCK_MESSAGES = 0x42, 0x69
_TAG_END, _TAG_TRANSLATION, _TAG_SOURCE, _TAG_CONTEXT = 1, 3, 6, 7


def _elf_hash(text: bytes) -> int:
    """Qt's hash of a source text, by which the catalog is searched."""
    value = 0
    for byte in text:
        value = ((value << 4) + byte) & 0xFFFFFFFF
        high = value & 0xF0000000
        if high:
            value ^= high >> 24
        value &= ~high & 0xFFFFFFFF
    return value or 1


def qm_catalog(entries: dict[tuple[str, str], str]) -> bytes:
    """A ``.qm`` file holding ``(context, source) → translation``."""
    messages = bytearray()
    hashes = []
    for (context, source), translation in entries.items():
        hashes.append((_elf_hash(source.encode()), len(messages)))
        for tag, data in ((_TAG_TRANSLATION, translation.encode("utf-16-be")),
                          (_TAG_SOURCE, source.encode()), (_TAG_CONTEXT, context.encode())):
            messages += struct.pack(">BI", tag, len(data)) + data
        messages.append(_TAG_END)
    table = b"".join(struct.pack(">II", value, offset) for value, offset in sorted(hashes))
    return (_QM_MAGIC + struct.pack(">BI", _BLOCK_HASHES, len(table)) + table
            + struct.pack(">BI", _BLOCK_MESSAGES, len(messages)) + bytes(messages))


def translated_entries() -> dict[tuple[str, str], str]:
    """Qt's texts that have a translation in the current language."""
    entries = {}
    for context, texts in TEXTS.items():
        for source, msgid in texts.items():
            text = _(msgid)
            if text != msgid:
                entries[(context, source)] = text.replace("{file}", "%1")  # Qt: %1
    return entries


class QtTexts:
    """Qt's own words in the current language; call ``refresh()`` after switching."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None
        self._data = b""  # Qt reads the catalog in place: it must stay alive
        self.refresh()

    def refresh(self) -> None:
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        entries = translated_entries()
        if not entries:
            return
        translator = QTranslator(self._app)
        self._data = qm_catalog(entries)
        if translator.load(self._data):
            self._app.installTranslator(translator)
            self._translator = translator


def qt_locale(language: str) -> QLocale:
    """Vietnamese month and day names in Qt's date widgets and calendars."""
    if language == "vi":
        return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def apply_language() -> None:
    """Qt's locale (dates, calendars) and Qt's own words follow the current language."""
    QLocale.setDefault(qt_locale(current_language()))
    app = QCoreApplication.instance()
    if app is None:
        return
    texts = getattr(app, "_commune_qt_texts", None)
    if isinstance(texts, QtTexts):
        texts.refresh()
    else:
        app._commune_qt_texts = QtTexts(app)  # type: ignore[attr-defined]  # lives with the app
