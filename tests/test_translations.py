"""The translation catalogs and their tooling (``scripts/i18n.py``, ``desktop.i18n``).

The catalog tests fail when someone adds a ``_()`` string without refreshing the catalog:
run ``scripts/i18n.py extract``, ``update``, translate, then ``check`` (docs/translations.md).
"""

from __future__ import annotations

import ast
import gettext
import importlib.util
import os
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from desktop import i18n
from desktop.i18n import _, current_language, set_language

ROOT = Path(__file__).resolve().parent.parent
VI_PO = ROOT / "desktop" / "translations" / "vi" / "LC_MESSAGES" / "desktop.po"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


tools = _load_script()


@pytest.fixture(scope="module")
def source_ids() -> set[str]:
    """Every msgid ``_()``/``N_()`` marks under ``desktop/`` right now."""
    return {m.id for m in tools.extract_template() if m.id and isinstance(m.id, str)}


@pytest.fixture(scope="module")
def vietnamese() -> Catalog:
    with VI_PO.open("rb") as handle:
        return read_po(handle, locale="vi")


def _show(msgids: object) -> str:
    return "\n  " + "\n  ".join(repr(m) for m in sorted(msgids))  # type: ignore[call-overload]


# ---------------------------------------------------------------- the Vietnamese catalog


def test_every_source_msgid_is_in_the_vietnamese_catalog(source_ids, vietnamese) -> None:
    missing = {msgid for msgid in source_ids if msgid not in vietnamese}
    assert not missing, "run scripts/i18n.py extract, update and translate:" + _show(missing)


def test_every_vietnamese_entry_is_translated_and_not_fuzzy(vietnamese) -> None:
    bad = {m.id for m in vietnamese if m.id and (not m.string or m.fuzzy)}
    assert not bad, "untranslated or fuzzy Vietnamese:" + _show(bad)


def test_every_vietnamese_entry_has_exactly_the_msgids_placeholders(vietnamese) -> None:
    bad = {m.id for m in vietnamese if m.id and m.string
           and tools.placeholders(m.id) != tools.placeholders(m.string)}
    assert not bad, "placeholders differ between msgid and Vietnamese:" + _show(bad)


def test_no_msgid_uses_percent_formatting_or_positional_placeholders(source_ids) -> None:
    bad = {msgid for msgid in source_ids if tools.format_problems(msgid)}
    assert not bad, "use {name} placeholders only:" + _show(bad)


def test_no_translation_call_is_given_a_computed_string() -> None:
    assert tools.source_problems() == []


def test_vietnamese_text_in_the_catalog_is_nfc(vietnamese) -> None:
    import unicodedata

    bad = {m.id for m in vietnamese
           if m.id and m.string != unicodedata.normalize("NFC", m.string)}
    assert not bad, "not NFC:" + _show(bad)


# ---------------------------------------------------------------- desktop.i18n at run time


def test_vietnamese_is_returned_after_set_language_vi() -> None:
    set_language("vi")
    assert current_language() == "vi"
    assert _("Please enter an amount.") == "Vui lòng nhập số tiền."


def test_english_msgid_is_returned_after_set_language_en() -> None:
    set_language("en")
    assert current_language() == "en"
    assert _("Please enter an amount.") == "Please enter an amount."


def test_unknown_language_falls_back_to_vietnamese() -> None:
    set_language("fr")
    assert current_language() == "vi"
    assert _("Please enter an amount.") == "Vui lòng nhập số tiền."


def test_unknown_msgid_is_returned_unchanged() -> None:
    assert _("A sentence nobody translated.") == "A sentence nobody translated."


def _write_catalog(folder: Path, text: str, *, po: bool = True, mo: bool = False) -> None:
    catalog = Catalog(locale="vi", domain="desktop", fuzzy=False)
    catalog.add("Hello", text)
    folder.mkdir(parents=True, exist_ok=True)
    if po:
        with (folder / "desktop.po").open("wb") as handle:
            write_po(handle, catalog)
    if mo:
        with (folder / "desktop.mo").open("wb") as handle:
            write_mo(handle, catalog)


def test_catalog_is_read_from_the_po_when_there_is_no_mo(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    _write_catalog(tmp_path / "vi" / "LC_MESSAGES", "Xin chào (po)")
    set_language("vi")
    assert _("Hello") == "Xin chào (po)"


def test_catalog_is_read_from_the_mo_when_it_is_newer(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    folder = tmp_path / "vi" / "LC_MESSAGES"
    _write_catalog(folder, "Xin chào (po)")
    _write_catalog(folder, "Xin chào (mo)", po=False, mo=True)
    os.utime(folder / "desktop.po", (1_000_000, 1_000_000))
    os.utime(folder / "desktop.mo", (2_000_000, 2_000_000))
    set_language("vi")
    assert isinstance(i18n._current, gettext.GNUTranslations)
    assert _("Hello") == "Xin chào (mo)"


def test_catalog_is_read_from_the_po_when_the_mo_is_older(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    folder = tmp_path / "vi" / "LC_MESSAGES"
    _write_catalog(folder, "Xin chào (po)")
    _write_catalog(folder, "Xin chào (mo)", po=False, mo=True)
    os.utime(folder / "desktop.mo", (1_000_000, 1_000_000))
    os.utime(folder / "desktop.po", (2_000_000, 2_000_000))
    set_language("vi")
    assert _("Hello") == "Xin chào (po)"


# ---------------------------------------------------------------- scripts/i18n.py helpers


@pytest.mark.parametrize("msgid", [
    "Saved %s.", "Saved %(count)d members.", "%5.2f%% done", "Member {}", "Member {0}",
    "Member {0.name}",
])
def test_format_problems_reject_percent_and_positional_formatting(msgid: str) -> None:
    assert tools.format_problems(msgid)


@pytest.mark.parametrize("msgid", [
    "Saved {count} members.", "Interest {rate} %/month", "50 % of the savings",
    "Amount {amount:>10}", "A literal {{brace}}",
])
def test_format_problems_accept_named_placeholders_and_plain_percent_signs(msgid: str) -> None:
    assert tools.format_problems(msgid) == []


def test_translation_problems_find_missing_extra_and_broken_placeholders() -> None:
    assert tools.translation_problems("{a} and {b}", "{b} và {a}", False, True) == []
    assert tools.translation_problems("{a} and {b}", "{a} và {c}", False, True)
    assert tools.translation_problems("{a}", "{a", False, True)
    assert tools.translation_problems("Hello", "", False, True) == ["has no translation"]
    assert tools.translation_problems("Hello", "", False, False) == []
    assert tools.translation_problems("Hello", "Chào", True, True) == ["is fuzzy"]


def test_notes_rows_are_read_from_backquoted_cells(tmp_path) -> None:
    (tmp_path / "vi_area.md").write_text(
        "| msgid | Vietnamese |\n|---|---|\n"
        "| `Save` | `Lưu` |\n"
        "| `A \\| B` | `A \\| B (vi)` | a remark |\n"
        "| `` Use `code` `` | `` Dùng `code` `` |\n"
        "plain text | not a row\n",
        encoding="utf-8",
    )
    (tmp_path / "other.md").write_text("| `Ignored` | `Bỏ qua` |\n", encoding="utf-8")
    rows = [(row.msgid, row.text) for row in tools.read_notes(tmp_path)]
    assert rows == [("Save", "Lưu"), ("A | B", "A | B (vi)"), ("Use `code`", "Dùng `code`")]


def _catalog_file(path: Path, entries: dict[str, str], locale: str | None = "vi") -> None:
    catalog = Catalog(locale=locale, domain="desktop", fuzzy=False)
    for msgid, text in entries.items():
        catalog.add(msgid, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """``scripts/i18n.py`` pointed at an empty translations folder."""
    folder = tmp_path / "translations"
    monkeypatch.setattr(tools, "TRANSLATIONS_DIR", folder)
    monkeypatch.setattr(tools, "POT_FILE", folder / "desktop.pot")
    return folder


def test_fill_from_notes_fills_only_empty_entries_with_valid_placeholders(
        scratch, tmp_path, capsys) -> None:
    po = scratch / "vi" / "LC_MESSAGES" / "desktop.po"
    _catalog_file(po, {"Save": "", "Open": "Mở", "Hello {name}": ""})
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "vi_area.md").write_text(
        "| `Save` | `Lưu` |\n| `Open` | `Mở ra` |\n| `Hello {name}` | `Chào {ten}` |\n"
        "| `Gone` | `Đã bỏ` |\n", encoding="utf-8")
    assert tools.main(["fill-from-notes", str(notes)]) == 0
    filled = _read(po)
    assert filled["Save"].string == "Lưu"
    assert filled["Open"].string == "Mở"
    assert filled["Hello {name}"].string == ""
    assert "Gone" not in filled
    assert "filled 1" in capsys.readouterr().out


def test_update_keeps_translations_adds_new_entries_and_drops_obsolete_ones(scratch) -> None:
    _catalog_file(scratch / "desktop.pot", {"Save": "", "Hello, {name}": ""}, locale=None)
    po = scratch / "vi" / "LC_MESSAGES" / "desktop.po"
    _catalog_file(po, {"Save": "Lưu", "Hello {name}": "Chào {name}"})
    assert tools.main(["update"]) == 0
    updated = _read(po)
    assert updated["Save"].string == "Lưu"
    assert updated["Hello, {name}"].string == "" and not updated["Hello, {name}"].fuzzy
    assert "Hello {name}" not in updated and not updated.obsolete
    assert b"#~" not in po.read_bytes()
    assert (scratch / "en" / "LC_MESSAGES" / "desktop.po").exists()
    before = po.read_bytes()
    assert tools.main(["update"]) == 0
    assert po.read_bytes() == before  # a second run changes nothing, not even the dates


def test_compile_writes_an_mo_that_gettext_reads(scratch) -> None:
    for language in tools.LANGUAGES:
        _catalog_file(scratch / language / "LC_MESSAGES" / "desktop.po",
                      {"Save": "Lưu" if language == "vi" else ""}, locale=language)
    assert tools.main(["compile"]) == 0
    with (scratch / "vi" / "LC_MESSAGES" / "desktop.mo").open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Save") == "Lưu"
    with (scratch / "en" / "LC_MESSAGES" / "desktop.mo").open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Save") == "Save"


# ---------------------------------------------------------------- command-line output


_TRANSLATE = {"_", "N_"}
_FIELD = re.compile(r"\{[^{}]*\}")
_WORD = re.compile(r"[^\W\d_]{2,}")
# Methods whose arguments end up in the printed text, so their literals are checked too.
_TEXT_METHODS = {"format", "join"}


def _is_output_call(node: ast.Call) -> bool:
    """``print(...)`` or ``sys.stdout.write(...)`` / ``sys.stderr.write(...)``."""
    func = node.func
    if isinstance(func, ast.Name):
        return func.id == "print"
    return (isinstance(func, ast.Attribute) and func.attr == "write"
            and isinstance(func.value, ast.Attribute) and func.value.attr in {"stdout", "stderr"}
            and isinstance(func.value.value, ast.Name) and func.value.value.id == "sys")


def _bare_words(node: ast.AST) -> list[str]:
    """Literal text with words in ``node`` that does not pass through ``_()``.

    ``{fields}`` and format specs are data layout, not words, so a table row such as
    ``"{code:<6} {amount:>12}"`` is allowed.
    """
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
            and node.func.id in _TRANSLATE:
        return []
    if isinstance(node, ast.Constant):
        text = node.value if isinstance(node.value, str) else ""
        return [text] if _WORD.search(_FIELD.sub("", text)) else []
    if isinstance(node, ast.FormattedValue):
        return _bare_words(node.value)
    if isinstance(node, ast.Subscript):  # row["name"]: a key, not text
        return _bare_words(node.value)
    if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Attribute)
                                           and node.func.attr in _TEXT_METHODS):
        return _bare_words(node.func)  # str(n), json.dumps(data, indent=2): arguments are data
    return [text for child in ast.iter_child_nodes(node) for text in _bare_words(child)]


def untranslated_output(source: str) -> list[str]:
    """``line: text`` for every printed literal with words that is not translated."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _is_output_call(node):
            for argument in node.args:
                found += [f"{node.lineno}: {text!r}" for text in _bare_words(argument)]
    return found


def test_output_check_flags_bare_text_and_allows_translated_text_and_data() -> None:
    flagged = untranslated_output(
        "print('Done')\nsys.stderr.write(f'Error in {name}\\n')\n"
        "print('Total: ' + str(n))\nprint('{a}: {b}'.format(a='Total', b=n))\n"
        "print(', '.join(['Members', str(n)]))\n")
    assert len(flagged) == 5
    assert untranslated_output(
        "print(_('Saved {count}.').format(count=n))\n"
        "sys.stdout.write(_('Done') + '\\n')\n"
        "print('{code:<6} {amount:>12}'.format(code=c, amount=a))\n"
        "print(f'{code:<6}{amount:>12,}', file=sys.stderr)\n"
        "print(json.dumps(data, ensure_ascii=False), end='\\n')\n"
        "print(row['name'], 1.5, 'đ')\n") == []


CLI_FILES = sorted([ROOT / "desktop" / "cli.py",
                    *(ROOT / "desktop" / "commands").glob("*.py")])


@pytest.mark.parametrize("path", CLI_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_command_line_output_with_words_passes_through_translation(path: Path) -> None:
    found = untranslated_output(path.read_text(encoding="utf-8"))
    assert not found, f"wrap in _() in {path.name}:" + _show(found)
