"""The command line (DESIGN.md §7): the same core as the window, without a display.

``commune-ledger`` with no command opens the window. Each command lives in its own module
under ``desktop/commands/`` and exposes ``register(subparsers)``; the handler it sets
(``func``) takes the parsed arguments and returns the exit status. A refusal the user can
act on (``LedgerError``, bad input, a full or read-only disk) prints one Vietnamese line on
stderr, naming the file, and exits 2; no traceback ever reaches the user: logging goes to the
log file only, from the start of every command.

The command line starts light: Qt is loaded only for the window, reportlab only by the
commands that make a PDF, openpyxl only by those that read or write a workbook, and Alembic
only when a ledger needs migrating (``tests/test_cli_light.py``).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from desktop import __version__
from desktop.file_names import is_ledger_name
from desktop.i18n import N_, _

COMMAND_MODULES = (
    "desktop.commands.new",
    "desktop.commands.demo",
    "desktop.commands.group_workbook",
    "desktop.commands.shareout",
    "desktop.commands.check",
    "desktop.commands.printing",
    "desktop.commands.returns",
    "desktop.commands.backup",
    "desktop.commands.copy_ledger",
    "desktop.commands.users",
    "desktop.commands.audit_log",
    "desktop.commands.privacy",
)


# argparse speaks English; its few sentences a user meets are said again in the app's words.
_ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the following arguments are required: (?P<names>.*)"),
     N_("missing: {names}")),
    (re.compile(r"unrecognized arguments: (?P<names>.*)"), N_("not understood: {names}")),
    (re.compile(r"argument (?P<argument>\S+): invalid choice: '?(?P<value>.*?)'? "
                r"\(choose from (?P<choices>.*)\)"),
     N_("{argument}: '{value}' is not one of {choices}")),
    (re.compile(r"argument (?P<argument>\S+): expected one argument"),
     N_("{argument} needs a value")),
    (re.compile(r"argument (?P<argument>\S+): (?P<detail>.*)"), N_("{argument}: {detail}")),
)


def _in_our_words(message: str) -> str:
    for pattern, msgid in _ARGPARSE_ERRORS:
        match = pattern.fullmatch(message)
        if match:
            return _(msgid).format(**match.groupdict())
    return message


class _HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("Usage: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = _("arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=_("show this help and stop"))

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(_("Invalid command: {detail}").format(
            detail=_in_our_words(message)) + "\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="commune-ledger",
                     description=_("Commune Ledger: the savings groups and clubs of a commune."))
    parser.add_argument("--db", metavar="PATH|URL",
                        help=_("ledger file or database URL (default: your data folder)"))
    parser.add_argument("--lang", choices=("vi", "en"), help=_("language of messages"))
    parser.add_argument("--version", action="version", version=f"Commune Ledger {__version__}",
                        help=_("show the version number and stop"))
    parser.add_argument("--wait", type=float, default=60.0, metavar="SECONDS",
                        help=_("how long a command that changes the ledger waits while another "
                               "copy of the application changes it (default: 60)"))
    parser.add_argument("--user", metavar="NAME",
                        help=_("sign in as this user (default: COMMUNE_LEDGER_USER); the "
                               "password is asked, or read from COMMUNE_LEDGER_PASSWORD"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:  # a command not built yet in this checkout
                continue
            raise
        module.register(subparsers)
    return parser


def speak_utf8() -> None:
    """Vietnamese on any output. A Windows console takes Unicode as it is, but output sent to
    a file or a pipe (``> ket-qua.txt``, a batch job, CI) would be in the ANSI code page,
    which has no "Đ" or "ữ": the first Vietnamese word would stop the command. There it is
    written as UTF-8 instead."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    from desktop.i18n import set_language
    from desktop.models.errors import LedgerError

    speak_utf8()
    arguments = list(sys.argv[1:] if argv is None else argv)
    if "--lang" in arguments:
        index = arguments.index("--lang")
        if index + 1 < len(arguments):
            set_language(arguments[index + 1])
    parser = build_parser()
    arguments = ledger_given_alone(parser, arguments)
    options = parser.parse_args(arguments)
    if options.command is None:
        from desktop.app import run_gui

        return run_gui(options.db)
    from desktop.logbook import setup_logging

    log_path = setup_logging()
    # What start-up loaded outlives the command: the collector need not walk it again at
    # each of its rounds (a tenth of the time of a thousand passbook pages). Given back at
    # the end, for a caller that runs several commands in one process.
    gc.freeze()
    try:
        return int(options.func(options) or 0)
    except LedgerError as error:
        sys.stderr.write(str(error) + "\n")
        return 2
    except BrokenPipeError:  # the output was cut short (`| head`): nothing to say
        # Python's documented recipe: point stdout at devnull so the flush at exit is quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        sys.stderr.write(_("Cancelled.") + "\n")
        return 130
    except Exception as error:
        from desktop.models.system_errors import describe

        sentence = describe(error, _place(options, error))
        if sentence is not None:  # the disk or the database, not a fault of ours
            logging.getLogger("desktop").warning("command %s: %s", options.command, error,
                                                 exc_info=True)
            sys.stderr.write(sentence + "\n")
            return 2
        # A fault of ours: one line for the user, the details in the log file.
        logging.getLogger("desktop").exception("command %s failed", options.command)
        sys.stderr.write(_("Something went wrong and the work was not finished. Nothing was "
                           "changed.") + " " + _("The details were written to {file}.").format(
                               file=log_path) + "\n")
        return 1
    finally:
        gc.unfreeze()


def ledger_given_alone(parser: argparse.ArgumentParser, arguments: list[str]) -> list[str]:
    """``commune-ledger "C:\\…\\Sổ quỹ.soquy"``: the window on that ledger, as ``--db``.

    Windows opens a double-clicked ledger (and one dropped on the shortcut) this way. Only a
    lone argument that is no command and names a ledger file counts, so a mistyped command
    is still an error.
    """
    positional = [(index, word) for index, word in enumerate(arguments)
                  if not word.startswith("-")
                  and not (index > 0 and arguments[index - 1] in _WITH_VALUE)]
    if len(positional) != 1 or "--db" in arguments:
        return arguments
    index, word = positional[0]
    if word in _command_names(parser):
        return arguments
    if not is_ledger_name(word) and not os.path.isfile(word):
        return arguments
    return [*arguments[:index], "--db", word, *arguments[index + 1:]]


# The options before the command that take a value: that value is no ledger.
_WITH_VALUE = ("--db", "--lang", "--user", "--wait")


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    return {name for action in parser._actions
            if isinstance(action, argparse._SubParsersAction) for name in action.choices}


def _place(options: argparse.Namespace, error: BaseException) -> str:
    """The file a failure is about: the ledger when SQLite failed, otherwise the file the
    command writes (when the system did not say which)."""
    from desktop.models.database import location
    from desktop.models.system_errors import from_database

    try:
        ledger = location(options.db)
    except Exception:  # an address that does not even parse: show it as given
        ledger = str(options.db)
    if from_database(error):
        return ledger
    written = getattr(options, "out", None) or getattr(options, "file", None)
    return str(written) if written else ledger


if __name__ == "__main__":
    raise SystemExit(main())
