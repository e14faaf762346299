"""Printed forms as PDF (reportlab): passbooks, meeting slips, the share-out sheet, quarterly
reports and registers. No Qt: the window previews and prints the bytes these make, and the
command line writes them to a file."""

# What every PDF says made it.
CREATOR = "Commune Ledger (Sổ Quỹ Cộng Đồng)"
