"""One module per command-line command (see ``desktop.cli``)."""
