"""A labelled figure ready to show: the unit of the key-figure cards and summary tables."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    label: str
    value: str  # already formatted: "1.234.567", "85%"
    hint: str = ""  # a short line under the value, or a tooltip
    level: int = 0  # 1: a part of the figure above ("of whom women")
