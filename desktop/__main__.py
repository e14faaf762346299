"""``python -m desktop``: the same as the ``commune-ledger`` command."""

from desktop.cli import main

raise SystemExit(main())
