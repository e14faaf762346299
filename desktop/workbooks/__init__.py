"""Excel workbooks exchanged with other offices and with the board (DESIGN.md §6).

``safe_xlsx`` checks an uploaded file before it is opened; ``xlsx_cells`` reads the cells a
sheet really holds, formulas by their computed value, and refuses Excel errors; ``opening``
puts the two together; ``cells`` reads those cells the way people fill them in by hand and
locates problems by cell; the ``group_*`` modules are the group workbook (Sổ nhóm, §6.2),
``quarterly_return`` and ``return_*`` the quarterly return (§6.1). No Qt here: the command
line uses these modules without a display.
"""
