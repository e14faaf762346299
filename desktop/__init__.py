"""Commune Ledger — Sổ Quỹ Cộng Đồng."""

__version__ = "0.1.0"
