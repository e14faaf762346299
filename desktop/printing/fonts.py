"""The bundled fonts (``desktop/resources/fonts``, package data), registered once with reportlab.

Liberation Serif is metric-compatible with Times New Roman, the face the regulation asks for;
Liberation Sans prints the passbooks, where narrow columns read better without serifs. Both
cover every Vietnamese letter; reportlab embeds the subset of glyphs each PDF uses.
"""

from __future__ import annotations

import threading
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from typing import Any
from weakref import WeakKeyDictionary

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
_registered: set[str] = set()


def fonts_dir() -> Traversable:
    """The fonts inside the package: found the same way in a checkout, a wheel or a frozen
    build, never by a path relative to the source tree."""
    return files("desktop").joinpath("resources").joinpath("fonts")


class _DocumentFont(TTFont):
    """A bundled font that splits each string into its subsets' codes once per document.

    A thousand-page batch of passbooks draws the same amounts and dates thousands of times,
    and reportlab works out every string's codes again each time it is drawn; once a letter
    has its code in a document's subset it keeps it, so the first answer stays right."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._split: WeakKeyDictionary[Any, dict[str, Any]] = WeakKeyDictionary()

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> Any:
        try:
            known = self._split[doc]
        except KeyError:
            known = self._split[doc] = {}
        found = known.get(text)
        if found is None:
            found = known[text] = super().splitString(text, doc, encoding)
        return found


def register_fonts(*names: str) -> None:
    """Register the fonts ``names`` (none given: every bundled font) with reportlab; safe to
    call often, from any thread. Reading a font file takes a moment, so a form that needs
    two of the six registers only those."""
    wanted = names or tuple(_FILES)
    with _lock:
        missing = [name for name in wanted if name not in _registered]
        if not missing:
            return
        # Binary (zlib only) page streams: ASCII85 on top makes PDFs a quarter bigger and
        # costs a fifth of the time of a thousand-page print, and no printer needs it.
        rl_config.useA85 = 0
        folder = fonts_dir()
        for name in missing:
            # TTFont reads the whole file at once, so a temporary copy (a zipped install)
            # may go when the block ends.
            with as_file(folder.joinpath(_FILES[name])) as path:
                pdfmetrics.registerFont(_DocumentFont(name, str(path)))
            _registered.add(name)
        # Lets Platypus paragraphs switch to bold or italic with <b> and <i> (a mapping
        # names fonts; registering them is not needed for it).
        addMapping(SERIF, 0, 0, SERIF)
        addMapping(SERIF, 1, 0, SERIF_BOLD)
        addMapping(SERIF, 0, 1, SERIF_ITALIC)
        addMapping(SERIF, 1, 1, SERIF_BOLD_ITALIC)
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS)
        addMapping(SANS, 1, 1, SANS_BOLD)
