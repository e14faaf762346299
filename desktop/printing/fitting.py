"""Fitting text into the boxes of the printed forms.

A name is as long as the clerk typed it (a member's up to 120 characters, a group's up to
160). On a canvas-drawn form (passbooks, slips) nothing stops a long one running into the
page number, off the page or across a cut line, so every such text goes through here: it is
shrunk down to a smallest readable size, wrapped onto the lines its box has, and only then
cut short with an ellipsis. The administrative documents wrap the issuing body's name
without breaking a place name in two ("XÃ YÊN / BÌNH").
"""

from __future__ import annotations

import math

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

ELLIPSIS = "…"

# Words that begin a place's name in an administrative body's or a group's name: the name
# from that word on is kept on one line. Longer ones first ("THỊ XÃ" before "XÃ").
PLACE_WORDS = tuple(sorted((
    "TỔ DÂN PHỐ", "KHU PHỐ", "THỊ TRẤN", "ĐẶC KHU", "THỊ XÃ", "THÀNH PHỐ", "XÃ", "PHƯỜNG",
    "HUYỆN", "QUẬN", "TỈNH", "THÔN", "BẢN", "ẤP", "XÓM", "BUÔN", "SÓC", "PLEI",
), key=lambda words: -len(words.split())))


def width_of(text: str, font: str, size: float) -> float:
    return float(stringWidth(text, font, size))


def shrink_to_fit(text: str, font: str, size: float, width: float, smallest: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits ``width``, but not below
    ``smallest`` (a string's width grows in proportion to its size)."""
    natural = width_of(text, font, size)
    if natural <= width:
        return size
    return max(smallest, math.floor(size * width / natural * 100) / 100)


def ellipsize(text: str, font: str, size: float, width: float) -> str:
    """``text``, or as much of it as fits ``width`` followed by "…"."""
    if width_of(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if width_of(text[:middle].rstrip() + ELLIPSIS, font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def fit_line(text: str, font: str, size: float, width: float,
             smallest: float) -> tuple[str, float]:
    """One line in ``width``: shrunk if need be, then cut short. Returns (text, size)."""
    fitted = shrink_to_fit(text, font, size, width, smallest)
    return ellipsize(text, font, fitted, width), fitted


def fit_lines(text: str, font: str, size: float, width: float, lines: int,
              smallest: float) -> tuple[list[str], float]:
    """``text`` wrapped onto at most ``lines`` lines of ``width``: at its size if it fits,
    else smaller, down to ``smallest``; what still does not fit ends in "…"."""
    current = size
    while True:
        wrapped = simpleSplit(text, font, current, width) or [""]
        if len(wrapped) <= lines:
            return [ellipsize(line, font, current, width) for line in wrapped], current
        if current <= smallest:
            break
        current = max(smallest, round(current - 0.25, 2))
    kept = wrapped[:lines - 1]
    last = " ".join(wrapped[lines - 1:])
    return [ellipsize(line, font, current, width) for line in kept] + [
        ellipsize(last + ELLIPSIS, font, current, width)], current


def _chunks(text: str) -> list[tuple[str, bool]]:
    """``text`` cut before each place word: (chunk, is a place name)."""
    words = text.split()
    chunks: list[tuple[list[str], bool]] = [([], False)]
    index = 0
    while index < len(words):
        upper = [word.upper() for word in words[index:index + 3]]
        place = next((len(keyword.split()) for keyword in PLACE_WORDS
                      if upper[:len(keyword.split())] == keyword.split()), 0)
        # A place word followed by a name (not the body's last word) starts a place.
        if place and index + place < len(words):
            chunks.append((words[index:index + place], True))
            index += place
            continue
        chunks[-1][0].append(words[index])
        index += 1
    return [(" ".join(parts), is_place) for parts, is_place in chunks if parts]


def name_lines(text: str, font: str, size: float, width: float) -> list[str] | None:
    """A body's or a group's name wrapped onto lines of ``width``, never breaking a place
    name ("XÃ YÊN BÌNH") in two; None when a place name alone is wider than ``width``."""
    lines: list[str] = []
    current = ""
    for chunk, is_place in _chunks(text):
        candidate = f"{current} {chunk}".strip()
        if width_of(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        if width_of(chunk, font, size) <= width:
            current = chunk
        elif is_place:
            return None
        else:
            parts = simpleSplit(chunk, font, size, width)
            lines += parts[:-1]
            current = parts[-1] if parts else ""
    if current:
        lines.append(current)
    return lines


def fit_name(text: str, font: str, size: float, width: float,
             smallest: float) -> tuple[list[str], float]:
    """``name_lines`` at ``size``, or at a smaller size down to ``smallest`` when a place
    name does not fit a line; at ``smallest`` the plain word wrap. Returns (lines, size)."""
    current = size
    while current >= smallest:
        lines = name_lines(text, font, current, width)
        if lines is not None:
            return lines, current
        current = round(current - 0.5, 2)
    return [ellipsize(line, font, smallest, width)
            for line in simpleSplit(text, font, smallest, width)], smallest
