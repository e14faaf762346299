"""The charts of the group and commune pages, drawn with QtCharts.

Print colours: dark blue, grey and orange on white, lines told apart by their dash pattern as
well as their colour (a grey photocopy keeps them apart), fonts the size of the window's.
Each function takes the Qt-free data of ``desktop.presenters.chart_data`` and returns a
widget; with nothing to draw it returns a framed sentence instead of an empty grid.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLegend,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.models.formatting import format_amount
from desktop.presenters.chart_data import (
    AmountScale,
    AttendancePoint,
    FundHistory,
    PurposeTotal,
    amount_scale,
)
from desktop.presenters.labels import purpose_label
from desktop.views.palette import DARK_BLUE, GREY, INK, LIGHT_GRID, ORANGE

CHART_HEIGHT = 240


class ChartView(QChartView):
    """A chart with the look shared by every chart of the window."""

    def __init__(self, chart: QChart, parent: QWidget | None = None) -> None:
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(CHART_HEIGHT)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundBrush(QColor("white"))


def plain_chart(title: str) -> QChart:
    """A chart on white with a bold title and its legend below, never animated."""
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setTitleBrush(INK)
    chart.setBackgroundBrush(QColor("white"))
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setLabelColor(INK)
    return chart


def _chart(title: str) -> QChart:
    chart = plain_chart(title)
    font = QFont(chart.titleFont())
    font.setPointSizeF(max(font.pointSizeF(), 10.0) + 1)
    chart.setTitleFont(font)
    # Line series show their dash pattern in the legend, not a square of colour.
    chart.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)
    return chart


def style_axis(axis: QValueAxis | QCategoryAxis | QBarCategoryAxis) -> None:
    """Labels in ink, a light grid and a grey axis line."""
    axis.setLabelsColor(INK)
    axis.setGridLineColor(LIGHT_GRID)
    axis.setLinePenColor(GREY)
    axis.setTitleBrush(INK)


def amount_axis(scale: AmountScale, *, from_zero: bool = False) -> QValueAxis:
    """The axis of amounts counted in ``scale``'s unit; ``from_zero`` for bars, which
    start at nothing."""
    axis = QValueAxis()
    if from_zero:
        axis.setRange(0, scale.top)
        axis.setTickCount(scale.top // scale.step + 1)
    else:
        axis.setRange(scale.bottom, scale.top)
        axis.setTickCount(scale.ticks)
    axis.setLabelFormat("%.0f")
    axis.setTitleText(scale.unit)
    return axis


def _empty(title: str, sentence: str) -> QWidget:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setMinimumHeight(CHART_HEIGHT)
    frame.setStyleSheet("QFrame { background: white; }")
    layout = QVBoxLayout(frame)
    heading = QLabel(title)
    heading.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    font = heading.font()
    font.setBold(True)
    heading.setFont(font)
    text = QLabel(sentence)
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    text.setWordWrap(True)
    text.setStyleSheet(f"color: {GREY.name()};")
    layout.addWidget(heading)
    layout.addWidget(text, 1)
    return frame


def horizontal_bar_axes(chart: QChart, series: QHorizontalBarSeries, labels: list[str],
                        scale: AmountScale) -> None:
    """The axes of a horizontal bar chart: ``labels`` down the left (top to bottom is the
    reverse of the order given) and the amounts from nothing along the bottom."""
    y_axis = QBarCategoryAxis()
    y_axis.append(labels)
    y_axis.setGridLineVisible(False)
    x_axis = amount_axis(scale, from_zero=True)
    for axis, side in ((y_axis, Qt.AlignmentFlag.AlignLeft),
                       (x_axis, Qt.AlignmentFlag.AlignBottom)):
        style_axis(axis)
        chart.addAxis(axis, side)
        series.attachAxis(axis)


def line_series(name: str, points: Sequence[int], divisor: int, color: QColor,
                style: Qt.PenStyle) -> QLineSeries:
    """A named line of amounts (divided by ``divisor``), one point per position."""
    series = QLineSeries()
    series.setName(name)
    for index, value in enumerate(points):
        series.append(index, value / divisor)
    pen = QPen(color)
    pen.setWidthF(2.5)
    pen.setStyle(style)
    series.setPen(pen)
    return series


def fund_chart(history: FundHistory, title: str | None = None) -> QWidget:
    """Savings, loan fund, income-generation fund and loans outstanding, month by month."""
    title = title or _("Funds month by month")
    candidates = [
        (_("Savings"), history.savings, DARK_BLUE, Qt.PenStyle.SolidLine),
        (_("Loan fund"), history.loan_fund, ORANGE, Qt.PenStyle.DashLine),
        (_("Income-generation fund"), history.income_fund, ORANGE, Qt.PenStyle.SolidLine),
        (_("Loans outstanding"), history.loans_outstanding, GREY, Qt.PenStyle.DotLine),
    ]
    drawn = [entry for entry in candidates if any(entry[1])]
    if history.is_empty or not drawn:
        return _empty(title, _("No money has been recorded yet."))
    scale = amount_scale([value for entry in drawn for value in entry[1]])
    chart = _chart(title)
    x_axis = QCategoryAxis()
    x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    count = len(history.months)
    every = max(1, -(-count // 6))  # at most six month labels, so they never overlap
    for index, month in enumerate(history.months):
        if index % every == 0:
            x_axis.append(f"{month.month:02d}/{month.year}", index)
    x_axis.setRange(0, max(count - 1, 1))
    x_axis.setGridLineVisible(False)
    y_axis = amount_axis(scale)
    for axis, side in ((x_axis, Qt.AlignmentFlag.AlignBottom),
                       (y_axis, Qt.AlignmentFlag.AlignLeft)):
        style_axis(axis)
        chart.addAxis(axis, side)
    for name, points, color, style in drawn:
        series = line_series(name, points, scale.divisor, color, style)
        chart.addSeries(series)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
    return ChartView(chart)


def purpose_chart(purposes: tuple[PurposeTotal, ...], title: str | None = None) -> QWidget:
    """Loans of the last twelve months by purpose: amount bars, labelled with the count."""
    title = title or _("Loans by purpose, last 12 months")
    if not any(entry.count for entry in purposes):
        return _empty(title, _("No loan in the last 12 months."))
    scale = amount_scale([entry.amount for entry in purposes])
    chart = _chart(title)
    bars = QBarSet(scale.unit)
    bars.setColor(DARK_BLUE)
    bars.setBorderColor(DARK_BLUE)
    categories = []
    # Bottom to top in a horizontal chart: reverse, so the list reads from the top.
    for entry in reversed(purposes):
        bars.append(entry.amount / scale.divisor)
        # Axis labels are rich text: the purpose, and under it in small print the count
        # and the exact amount (the bars show the rounded size).
        detail = _("{count} loans · {amount} đ").format(count=entry.count,
                                                        amount=format_amount(entry.amount))
        categories.append(f"{html.escape(purpose_label(entry.purpose))}<br>"
                          f"<small>{html.escape(detail)}</small>")
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setBarWidth(0.6)
    chart.addSeries(series)
    horizontal_bar_axes(chart, series, categories, scale)
    chart.legend().setVisible(False)
    return ChartView(chart)


def attendance_chart(points: tuple[AttendancePoint, ...], title: str) -> QWidget:
    """Share of members present, per meeting or per month, as bars from 0 to 100 %."""
    if not points:
        return _empty(title, _("No meeting has been recorded yet."))
    chart = _chart(title)
    bars = QBarSet(_("Present (%)"))
    bars.setColor(GREY)
    bars.setBorderColor(GREY)
    for point in points:
        bars.append(point.percent)
    series = QBarSeries()
    series.append(bars)
    series.setBarWidth(0.7)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsInsideEnd)
    bars.setLabelColor(QColor("white"))
    chart.addSeries(series)
    x_axis = QBarCategoryAxis()
    x_axis.append([point.label for point in points])
    x_axis.setGridLineVisible(False)
    if len(points) > 6:  # upright, so that a dozen dates never get cut short
        x_axis.setLabelsAngle(-90)
    y_axis = QValueAxis()
    y_axis.setRange(0, 100)
    y_axis.setTickCount(6)
    y_axis.setLabelFormat("%.0f%%")
    for axis, side in ((x_axis, Qt.AlignmentFlag.AlignBottom),
                       (y_axis, Qt.AlignmentFlag.AlignLeft)):
        style_axis(axis)
        chart.addAxis(axis, side)
        series.attachAxis(axis)
    chart.legend().setVisible(False)
    return ChartView(chart)
