"""Excel workbooks exchanged with other offices and with the board (DESIGN.md §6).

``cells`` reads spreadsheet cells the way people fill them in by hand and locates problems
by cell; ``opening`` opens an uploaded file safely; the ``group_*`` modules are the group
workbook (Sổ nhóm, §6.2). No Qt here: the command line uses these modules without a display.
"""
