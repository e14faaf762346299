"""The frozen application's entry point: the same ``main`` as ``commune-ledger``.

PyInstaller freezes a script, not a console-script entry point; both executables of the
Windows build (the window and the command line) start here.
"""

from desktop.cli import main

raise SystemExit(main())
