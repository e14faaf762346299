"""The overview's table of groups: fitting its height after a resize (pytest-qt)."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QApplication

from desktop.views.overview_table import OverviewTable


def test_a_table_closed_before_its_height_is_fitted_is_left_alone(qtbot) -> None:
    # Closing the window right after a resize (the overview page going away) left the
    # fitting queued for a table that no longer existed: a traceback at exit.
    table = OverviewTable()
    table.resize(500, 300)
    table.show()
    qtbot.waitExposed(table)
    table.resize(420, 300)  # a narrower table: its height is fitted on the next turn
    QApplication.processEvents()
    table.resize(380, 300)
    shiboken6.delete(table)
    QApplication.processEvents()  # pytest-qt fails the test on an exception raised here
