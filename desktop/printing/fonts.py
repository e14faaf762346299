"""The bundled fonts (``desktop/resources/fonts``, package data), registered once with reportlab.

Liberation Serif is metric-compatible with Times New Roman, the face the regulation asks for;
Liberation Sans prints the passbooks, where narrow columns read better without serifs. Both
cover every Vietnamese letter; reportlab embeds the subset of glyphs each PDF uses.
"""

from __future__ import annotations

import threading
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SERIF = "LedgerSerif"
SERIF_BOLD = "LedgerSerif-Bold"
SERIF_ITALIC = "LedgerSerif-Italic"
SERIF_BOLD_ITALIC = "LedgerSerif-BoldItalic"
SANS = "LedgerSans"
SANS_BOLD = "LedgerSans-Bold"

_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
    SANS: "LiberationSans-Regular.ttf",
    SANS_BOLD: "LiberationSans-Bold.ttf",
}
_lock = threading.Lock()
_registered = False


def fonts_dir() -> Traversable:
    """The fonts inside the package: found the same way in a checkout, a wheel or a frozen
    build, never by a path relative to the source tree."""
    return files("desktop").joinpath("resources").joinpath("fonts")


def register_fonts() -> None:
    """Register the fonts with reportlab (safe to call often, from any thread)."""
    global _registered
    with _lock:
        if _registered:
            return
        # Binary (zlib only) page streams: ASCII85 on top makes PDFs a quarter bigger and
        # costs a fifth of the time of a thousand-page print, and no printer needs it.
        rl_config.useA85 = 0
        folder = fonts_dir()
        for name, file_name in _FILES.items():
            # TTFont reads the whole file at once, so a temporary copy (a zipped install)
            # may go when the block ends.
            with as_file(folder.joinpath(file_name)) as path:
                pdfmetrics.registerFont(TTFont(name, str(path)))
        # Lets Platypus paragraphs switch to bold or italic with <b> and <i>.
        addMapping(SERIF, 0, 0, SERIF)
        addMapping(SERIF, 1, 0, SERIF_BOLD)
        addMapping(SERIF, 0, 1, SERIF_ITALIC)
        addMapping(SERIF, 1, 1, SERIF_BOLD_ITALIC)
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS)
        addMapping(SANS, 1, 1, SANS_BOLD)
        _registered = True
