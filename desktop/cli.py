"""The command line (DESIGN.md §7): the same core as the window, without a display.

``commune-ledger`` with no command opens the window. Each command lives in its own module
under ``desktop/commands/`` and exposes ``register(subparsers)``; the handler it sets
(``func``) takes the parsed arguments and returns the exit status. A refusal the user can
act on (``LedgerError``, bad input) prints one Vietnamese line on stderr and exits 2; no
traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from desktop.i18n import _

COMMAND_MODULES = (
    "desktop.commands.demo",
    "desktop.commands.group_workbook",
    "desktop.commands.shareout",
    "desktop.commands.check",
    "desktop.commands.printing",
    "desktop.commands.returns",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(_("Invalid command: {detail}").format(detail=message) + "\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="commune-ledger",
                     description=_("Commune Ledger: the savings groups and clubs of a commune."))
    parser.add_argument("--db", metavar="PATH|URL",
                        help=_("ledger file or database URL (default: your data folder)"))
    parser.add_argument("--lang", choices=("vi", "en"), help=_("language of messages"))
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


def main(argv: Sequence[str] | None = None) -> int:
    from desktop.i18n import set_language
    from desktop.models.errors import LedgerError

    arguments = list(sys.argv[1:] if argv is None else argv)
    if "--lang" in arguments:
        index = arguments.index("--lang")
        if index + 1 < len(arguments):
            set_language(arguments[index + 1])
    parser = build_parser()
    options = parser.parse_args(arguments)
    if options.command is None:
        from desktop.app import run_gui

        return run_gui(options.db)
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
    except OSError as error:
        sys.stderr.write(_("Cannot use the file {file}: {reason}").format(
            file=error.filename or "", reason=error.strerror or error) + "\n")
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
