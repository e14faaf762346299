"""Data-entry grids: a thin ``QAbstractTableModel`` over a Qt-free ``TablePresenter``
(``model.py``), editors (``delegates.py``), the keyboard-first ``GridView`` (``view.py``) and
the always-visible totals row under it (``footer.py``)."""
