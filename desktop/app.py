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
        from desktop.models.errors import LedgerError
        from desktop.views.failures import disk_sentence

        # A USB stick pulled out, a full or read-only disk, met where no page expected it: no
        # fault of the program, and the clerk is told what happened to her ledger, not sorry.
        sentence = None
        if QApplication.instance():
            sentence = str(error) if isinstance(error, LedgerError) else \
                disk_sentence(error, self.parent)
        log.log(logging.WARNING if sentence else logging.ERROR, "unexpected error",
                exc_info=(kind, error, trace))
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            from desktop.views import dialogs

            if sentence is not None:
                dialogs.warn(self.parent, _("Cannot use the ledger"), sentence,
                             _("The details were written to {file}.").format(
                                 file=self.log_path))
                return
            dialogs.warn(self.parent, _("Sorry"), _(
                "Sorry, something went wrong. What you were doing may not have been saved; "
                "please check it and try again."),
                _("The details were written to {file}.").format(file=self.log_path))
        finally:
            self._showing = False


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


def start_window(db: str | None, settings: Settings | None = None, *,
                 first_run: bool = True):  # type: ignore[no-untyped-def]
    """Show the main window and start opening the ledger; returns the window. With no
    ledger at all (the first run), the first-run wizard asks how to begin."""
    from desktop.views.first_run import first_run_needed
    from desktop.views.main_window import MainWindow

    settings = settings or Settings()
    set_language(settings.language)
    make_application()
    window = MainWindow(settings)
    window.show()
    beginning = first_run and first_run_needed(db, settings.last_ledger,
                                               settings.recent_ledgers)
    window.start(db)
    if beginning:
        window.show_first_run()
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
