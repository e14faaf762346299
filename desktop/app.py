"""Starting the window: ``commune-ledger`` with no command runs ``run_gui``.

The window is shown first and the ledger opened behind it (``MainWindow.start``), so the
clerk sees the application at once even when a big ledger takes a moment. Qt's own words
(standard buttons, the file dialog) are given Vietnamese here. An error nobody foresaw is
logged to a file and shown as a short apology — never a traceback.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QWidget

from desktop import __version__
from desktop.i18n import _, set_language
from desktop.logbook import setup_logging
from desktop.settings import Settings

log = logging.getLogger(__name__)


class ErrorHook:
    """``sys.excepthook``: log the error, say sorry in one short sentence. Errors that come
    in a burst (the same fault on every repaint) are shown once."""

    def __init__(self, log_path: str, parent: QWidget | None = None) -> None:
        self.log_path = log_path
        self.parent = parent
        self._showing = False

    def __call__(self, kind: type[BaseException], error: BaseException,
                 trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        log.error("unexpected error", exc_info=(kind, error, trace))
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            from desktop.views import dialogs

            dialogs.warn(self.parent, _("Sorry"), self._sentence(error) or _(
                "Sorry, something went wrong. What you were doing may not have been saved; "
                "please check it and try again."),
                _("The details were written to {file}.").format(file=self.log_path))
        finally:
            self._showing = False


    def _sentence(self, error: BaseException) -> str | None:
        """What the database said, in the clerk's words, naming the ledger (a server gone,
        another clerk saving the same figures at the same instant…); ``None`` for a fault
        of the program."""
        from desktop.models.system_errors import describe, from_database
        from desktop.views.ledger_files import is_url, shown

        if not from_database(error):
            return None
        path = str(getattr(self.parent, "ledger_path", "") or "")
        return describe(error, (shown(path) if is_url(path) else path) or _("the ledger"))


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, in the language of the settings, with Qt's words translated."""
    from desktop.views.qt_texts import apply_language

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Commune Ledger")
    app.setApplicationDisplayName(_("Commune Ledger"))
    app.setOrganizationName("CommuneLedger")
    app.setApplicationVersion(__version__)
    apply_language()
    return app


def start_window(db: str | None, settings: Settings | None = None):  # type: ignore[no-untyped-def]
    """Show the main window and start opening the ledger; returns the window."""
    from desktop.views.main_window import MainWindow

    settings = settings or Settings()
    set_language(settings.language)
    make_application()
    window = MainWindow(settings)
    window.show()
    window.start(db)
    return window


def run_gui(db: str | None) -> int:
    """Run the window until it is closed; the exit status."""
    settings = Settings()
    set_language(settings.language)
    log_path = setup_logging()
    app = make_application()
    hook = ErrorHook(log_path)
    sys.excepthook = hook
    window = start_window(db, settings)
    hook.parent = window
    log.info("Commune Ledger %s started", __version__)
    return int(app.exec())
