"""The two charts of the consolidated page: savings and loans outstanding by commune, and the
trend over the last quarters. Same print colours as the window's other charts (dark blue and
orange on white, lines also told apart by their dash pattern)."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QHorizontalBarSeries,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n import _
from desktop.presenters.chart_data import amount_scale
from desktop.views.charts import (
    DARK_BLUE,
    GREY,
    ORANGE,
    ChartView,
    amount_axis,
    horizontal_bar_axes,
    line_series,
    plain_chart,
    style_axis,
)

BAR_HEIGHT = 26  # pixels per commune, so that forty communes stay readable


def _nothing(sentence: str) -> QWidget:
    label = QLabel(sentence)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setMinimumHeight(120)
    label.setStyleSheet(f"color: {GREY.name()}; background: white;")
    return label


def communes_chart(rows: list[tuple[str, int, int]]) -> QWidget:
    """Savings and loans outstanding of each commune, as pairs of horizontal bars."""
    if not rows:
        return _nothing(_("No return has been imported for this quarter."))
    scale = amount_scale([value for _name, savings, loans in rows for value in (savings, loans)])
    chart = plain_chart(_("Savings and loans outstanding by commune"))
    savings, loans = QBarSet(_("Savings")), QBarSet(_("Loans outstanding"))
    for bars, colour in ((savings, DARK_BLUE), (loans, ORANGE)):
        bars.setColor(colour)
        bars.setBorderColor(colour)
    names = []
    for name, saved, lent in reversed(rows):  # a horizontal chart draws bottom-up
        savings.append(saved / scale.divisor)
        loans.append(lent / scale.divisor)
        names.append(name)
    series = QHorizontalBarSeries()
    series.append(savings)
    series.append(loans)
    chart.addSeries(series)
    horizontal_bar_axes(chart, series, names, scale)
    view = ChartView(chart)
    view.setMinimumHeight(max(260, 120 + BAR_HEIGHT * len(rows)))
    return view


def trend_chart(points: list[tuple[str, int, int, int]]) -> QWidget:
    """Savings and loans outstanding of all communes, quarter after quarter."""
    if not any(saved or lent for _label, saved, lent, _members in points):
        return _nothing(_("No return has been imported for these quarters."))
    scale = amount_scale([value for _label, saved, lent, _members in points
                          for value in (saved, lent)])
    chart = plain_chart(_("Trend over the last quarters"))
    x_axis = QBarCategoryAxis()
    x_axis.append([label for label, *_rest in points])
    x_axis.setGridLineVisible(False)
    y_axis = amount_axis(scale)
    for axis, side in ((x_axis, Qt.AlignmentFlag.AlignBottom),
                       (y_axis, Qt.AlignmentFlag.AlignLeft)):
        style_axis(axis)
        chart.addAxis(axis, side)
    savings = [saved for _label, saved, _lent, _members in points]
    loans = [lent for _label, _saved, lent, _members in points]
    for name, values, colour, dash in ((_("Savings"), savings, DARK_BLUE, Qt.PenStyle.SolidLine),
                                       (_("Loans outstanding"), loans, ORANGE,
                                        Qt.PenStyle.DashLine)):
        series = line_series(name, values, scale.divisor, colour, dash)
        series.setPointsVisible(True)
        chart.addSeries(series)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
    return ChartView(chart)
