"""Build the clerk's guide (Hướng dẫn sử dụng) and its short English version into PDFs.

    .venv/bin/python scripts/build_guide.py            # writes desktop/resources/guide/*.pdf
    .venv/bin/python scripts/build_guide.py --out DIR  # elsewhere (the test compares)

The sources are Markdown in docs/huong-dan/ (pictures in docs/huong-dan/anh/, made by
``scripts/screenshots.py --guide``). The PDFs are laid out with reportlab and the bundled
fonts, so nothing else (LibreOffice, pandoc) is needed. They are built byte for byte the
same from the same sources (reportlab's invariant mode), and committed inside the package:
the wheel, the frozen app and a checkout all carry the guide the Help menu (F1) opens, with no
build step; tests/test_guide.py fails when the committed PDFs are not what the sources make.

Only the Markdown the guide uses is understood: ``#``/``##`` headings, paragraphs, ``-`` and
``1.`` lists, ``![caption](picture.png)`` on a line of its own, ``**bold**``, ``*italic*``
and ```code```.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "docs" / "huong-dan"
OUT = ROOT / "desktop" / "resources" / "guide"
GUIDES = {"huong-dan-su-dung.md": ("huong-dan-su-dung.pdf", "Trang {page}"),
          "user-guide.md": ("user-guide.pdf", "Page {page}")}


@dataclass(frozen=True)
class Block:
    kind: str  # title, chapter, paragraph, bullets, numbers, picture
    text: str = ""
    items: tuple[str, ...] = ()
    path: str = ""


def blocks(markdown: str) -> list[Block]:
    """The Markdown split into blocks (blank lines separate paragraphs and lists)."""
    found: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_kind = ""

    def flush() -> None:
        nonlocal paragraph, items, list_kind
        if paragraph:
            found.append(Block("paragraph", " ".join(paragraph)))
        if items:
            found.append(Block(list_kind, items=tuple(items)))
        paragraph, items, list_kind = [], [], ""

    for line in markdown.splitlines():
        stripped = line.strip()
        picture = re.fullmatch(r"!\[(.*)\]\((.+)\)", stripped)
        bullet = re.match(r"-\s+(.*)", stripped)
        number = re.match(r"\d+\.\s+(.*)", stripped)
        if not stripped:
            flush()
        elif stripped.startswith("# "):
            flush()
            found.append(Block("title", stripped[2:]))
        elif stripped.startswith("## "):
            flush()
            found.append(Block("chapter", stripped[3:]))
        elif picture:
            flush()
            found.append(Block("picture", picture.group(1), path=picture.group(2)))
        elif bullet or number:
            kind = "bullets" if bullet else "numbers"
            if paragraph or (items and list_kind != kind):
                flush()
            list_kind = kind
            items.append((bullet or number).group(1))  # type: ignore[union-attr]
        elif items:
            items[-1] += " " + stripped  # a list item continued on the next line
        else:
            paragraph.append(stripped)
    flush()
    return found


def inline(text: str) -> str:
    """Markdown's inline marks as reportlab's paragraph markup."""
    from desktop.printing.fonts import SANS

    text = escape(text)
    text = re.sub(r"`([^`]+)`", rf'<font name="{SANS}" size="9.5">\1</font>', text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", text)
    return re.sub(r"\*([^*]+)\*", r"<i>\1</i>", text)


def build(source: Path, target: Path, page_label: str) -> Path:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Image,
        KeepTogether,
        ListFlowable,
        ListItem,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
    )

    from desktop.printing.fonts import SANS, SANS_BOLD, SERIF, SERIF_ITALIC, register_fonts

    register_fonts()
    body = ParagraphStyle("body", fontName=SERIF, fontSize=11.5, leading=15, spaceAfter=5)
    styles = {
        "title": ParagraphStyle("title", parent=body, fontName=SANS_BOLD, fontSize=20,
                                leading=25, spaceAfter=10, textColor="#1f3a5f"),
        "chapter": ParagraphStyle("chapter", parent=body, fontName=SANS_BOLD, fontSize=15,
                                  leading=19, spaceBefore=10, spaceAfter=6,
                                  textColor="#1f3a5f"),
        "caption": ParagraphStyle("caption", parent=body, fontName=SERIF_ITALIC, fontSize=10,
                                  leading=13, alignment=TA_CENTER, spaceAfter=8),
        "item": ParagraphStyle("item", parent=body, spaceAfter=2),
    }
    width = A4[0] - 40 * mm

    class Guide(SimpleDocTemplate):
        def afterFlowable(self, flowable: object) -> None:
            # Each chapter is a bookmark of the PDF's outline (the reader's side panel).
            if isinstance(flowable, Paragraph) and flowable.style.name in ("title", "chapter"):
                key = f"part{self.seq.nextf('guide')}"
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)

    story: list[object] = []
    title = ""
    for block in blocks(source.read_text(encoding="utf-8")):
        if block.kind in ("title", "chapter"):
            title = title or block.text
            story.append(Paragraph(inline(block.text), styles[block.kind]))
        elif block.kind == "paragraph":
            story.append(Paragraph(inline(block.text), body))
        elif block.kind in ("bullets", "numbers"):
            story.append(ListFlowable(
                [ListItem(Paragraph(inline(item), styles["item"])) for item in block.items],
                bulletType="bullet" if block.kind == "bullets" else "1",
                start="•" if block.kind == "bullets" else None, leftIndent=14,
                bulletFormat=None if block.kind == "bullets" else "%s.",
                bulletFontName=SERIF, bulletFontSize=11))
            story.append(Spacer(0, 4))
        elif block.kind == "picture":
            picture = source.parent / block.path
            from reportlab.lib.utils import ImageReader

            pixels_wide, pixels_high = ImageReader(str(picture)).getSize()
            shown = min(width, pixels_wide * 0.5)  # 1366 px across the page at most
            story.append(KeepTogether([
                Image(str(picture), width=shown, height=shown * pixels_high / pixels_wide),
                Paragraph(inline(block.text), styles["caption"])]))

    def footer(canvas, document) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(SANS, 9)
        canvas.setFillColor("#555555")
        canvas.drawCentredString(A4[0] / 2, 12 * mm, page_label.format(page=document.page))
        canvas.restoreState()

    target.parent.mkdir(parents=True, exist_ok=True)
    document = Guide(str(target), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                     topMargin=18 * mm, bottomMargin=20 * mm, title=title,
                     author="Sổ Quỹ Cộng Đồng", creator="scripts/build_guide.py",
                     lang="vi" if "Trang" in page_label else "en", invariant=1)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(OUT), help="folder for the PDFs")
    options = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    for source, (pdf, page_label) in GUIDES.items():
        made = build(SOURCES / source, Path(options.out) / pdf, page_label)
        print(made.relative_to(ROOT) if made.is_relative_to(ROOT) else made)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
