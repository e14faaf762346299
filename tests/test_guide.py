"""The clerk's guide (Hướng dẫn sử dụng) and its short English version: built to PDF by
scripts/build_guide.py from docs/huong-dan/, committed inside the package exactly as the
sources make it, with its chapters, and opened from the Help menu with F1 (issue 11)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.i18n import set_language
from desktop.settings import Settings
from desktop.views import window_tools
from desktop.views.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "docs" / "huong-dan"
SHIPPED = ROOT / "desktop" / "resources" / "guide"
CHAPTERS = ["Hướng dẫn sử dụng Sổ Quỹ Cộng Đồng", "1. Cài đặt",
            "2. Một ngày làm việc của cán bộ xã: nhập một buổi họp",
            "3. Tất toán chu kỳ của ban quản lý", "4. In sổ thành viên và in tiếp",
            "5. Gửi báo cáo quý lên cấp trên",
            "6. Quý của tỉnh: nhập báo cáo và xem số liệu tổng hợp",
            "7. Sao lưu và khôi phục", "8. Khi có sự cố"]


def builder():  # type: ignore[no-untyped-def]
    if "build_guide" not in sys.modules:
        spec = importlib.util.spec_from_file_location("build_guide", ROOT / "scripts" /
                                                      "build_guide.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["build_guide"] = module  # its dataclasses look themselves up there
        spec.loader.exec_module(module)
    return sys.modules["build_guide"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("guide")
    assert builder().main(["--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("name", ["huong-dan-su-dung.pdf", "user-guide.pdf"])
def test_the_shipped_guide_is_what_its_sources_build(built, name) -> None:  # type: ignore[no-untyped-def]
    assert (built / name).read_bytes() == (SHIPPED / name).read_bytes(), (
        "the guide's sources changed: run .venv/bin/python scripts/build_guide.py")


def test_the_vietnamese_guide_has_its_chapters_as_bookmarks(built) -> None:  # type: ignore[no-untyped-def]
    reader = PdfReader(built / "huong-dan-su-dung.pdf")
    assert [entry.title for entry in reader.outline] == CHAPTERS
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("restore", "backup", "Tệp → Sao lưu", "Tệp → Khôi phục", "in tiếp",
                  "Trang 2"):
        assert words in text, words
    assert reader.metadata is not None and reader.metadata.title == CHAPTERS[0]


def test_the_english_guide_is_short_and_has_the_same_chapters(built) -> None:  # type: ignore[no-untyped-def]
    reader = PdfReader(built / "user-guide.pdf")
    titles = [entry.title for entry in reader.outline]
    assert len(titles) == len(CHAPTERS)
    assert titles[-2] == "7. Backups and restore"
    assert len(reader.pages) < len(PdfReader(built / "huong-dan-su-dung.pdf").pages)


def test_every_picture_of_the_guide_exists_and_is_made_by_the_screenshot_script() -> None:
    script = (ROOT / "scripts" / "screenshots.py").read_text(encoding="utf-8")
    for source in ("huong-dan-su-dung.md", "user-guide.md"):
        for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)",
                                  (SOURCES / source).read_text(encoding="utf-8")):
            assert (SOURCES / picture).is_file(), picture
            assert f'"{Path(picture).stem}"' in script, picture


def test_the_markdown_the_guide_uses_is_understood() -> None:
    blocks = builder().blocks("# Tiêu đề\n\n## 1. Chương\nMột đoạn\nhai dòng.\n\n- một\n- hai\n"
                              "  tiếp\n\n1. thứ nhất\n2. thứ hai\n\n![Ảnh](anh/x.png)\n")
    assert [(block.kind, block.text or block.items or block.path) for block in blocks] == [
        ("title", "Tiêu đề"), ("chapter", "1. Chương"), ("paragraph", "Một đoạn hai dòng."),
        ("bullets", ("một", "hai tiếp")), ("numbers", ("thứ nhất", "thứ hai")),
        ("picture", "Ảnh")]
    assert builder().inline("**đậm** và *nghiêng*, `lệnh <x>`").startswith(
        "<b>đậm</b> và <i>nghiêng</i>, <font")


@pytest.fixture
def opened(monkeypatch) -> list[QUrl]:  # type: ignore[no-untyped-def]
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


def help_window(qtbot, tmp_path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(Settings(tmp_path / "settings.json"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_f1_opens_the_guide_in_the_windows_language(qtbot, tmp_path, opened) -> None:  # type: ignore[no-untyped-def]
    window = help_window(qtbot, tmp_path)
    assert window.menu.guide.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert window.menu.guide.text() == "&Hướng dẫn sử dụng"
    assert window.menu.guide in window.menu.help_menu.actions()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F1)
    assert [url.toLocalFile() for url in opened] == [str(SHIPPED / "huong-dan-su-dung.pdf")]
    window.switch_language("en")
    window.menu.guide.trigger()
    assert opened[-1].toLocalFile() == str(SHIPPED / "user-guide.pdf")
    set_language("vi")


def test_a_computer_without_a_pdf_reader_is_told_where_the_guide_is(qtbot, tmp_path,
                                                                   monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = help_window(qtbot, tmp_path)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append(box.text()) or 0)
    assert not window_tools.open_guide(window)
    assert told and str(SHIPPED / "huong-dan-su-dung.pdf") in told[0]
