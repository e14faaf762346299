"""Translation catalogs: extract, update, compile, check, fill-from-notes.

Run from the repository root as ``.venv/bin/python scripts/i18n.py COMMAND``:

``extract``
    every ``_()``/``N_()`` string under ``desktop/`` into ``desktop/translations/desktop.pot``,
    sorted by msgid, locations without line numbers (so moving code does not churn diffs).
``update``
    merge the template into each language's ``desktop.po``: existing translations kept,
    new msgids added empty, no fuzzy matching, obsolete entries dropped.
``compile``
    write ``desktop.mo`` next to each ``desktop.po`` (build products, git-ignored).
``check``
    exit 1 listing every msgid whose Vietnamese is missing or fuzzy, whose ``{placeholders}``
    differ from the msgid's, or that uses ``%``-formatting or positional ``{}``/``{0}``;
    also ``_()`` calls in the source given an f-string, ``%``, ``+`` or ``.format`` argument.
``fill-from-notes [DIR]``
    fill empty Vietnamese entries from the ``| `msgid` | `Vietnamese` |`` tables in
    ``DIR/vi_*.md`` (default ``/work/notes``); existing translations are never overwritten.

Everything goes through Babel's Python API; files are rewritten only when an entry changed
(dates alone do not count), so running a command twice leaves git clean.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import io
import os
import re
import string
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "desktop"
TRANSLATIONS_DIR = SOURCE_DIR / "translations"
MAPPING_FILE = ROOT / "babel.cfg"
DOMAIN = "desktop"
POT_FILE = TRANSLATIONS_DIR / f"{DOMAIN}.pot"
LANGUAGES = ("vi", "en")
CHECKED_LANGUAGE = "vi"
NOTES_DIR = Path("/work/notes")
PROJECT = "Commune Ledger"
KEYWORDS: dict[str, None] = {"_": None, "N_": None}
COMMENT_TAGS = ("Translators:",)
# Header lines that change on every run; ignored when deciding whether a file changed.
_DATE_HEADERS = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"\n', re.MULTILINE)
# A %-format directive: "%(name)s", "%s", "%d", "%5.2f"… but not "50 % of" or "%/month".
_PERCENT_FORMAT = re.compile(
    r"(?<![\w%])%(?:\(\w+\)[-#0+ ]*\d*(?:\.\d+)?[a-zA-Z]|[-#0+]*\d*(?:\.\d+)?[sdifr](?![a-zA-Z]))"
)


def po_path(language: str) -> Path:
    """Where the catalog of ``language`` lives."""
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


# ---------------------------------------------------------------- format checks


def placeholders(text: str) -> set[str]:
    """The ``{…}`` fields of ``text`` as written (name, conversion and spec).

    Raises ``ValueError`` when the braces do not pair up, as ``str.format`` would.
    """
    fields: set[str] = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        field = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        fields.add(field)
    return fields


def format_problems(msgid: str) -> list[str]:
    """What is wrong with how ``msgid`` asks to be formatted (empty when it is fine)."""
    problems: list[str] = []
    if _PERCENT_FORMAT.search(msgid):
        problems.append("uses %-formatting; write {name} placeholders")
    try:
        fields = placeholders(msgid)
    except ValueError as error:
        return [*problems, f"has braces that do not pair up ({error})"]
    for field in sorted(fields):
        head = re.split(r"[.\[!:]", field, maxsplit=1)[0]
        if head == "" or head.isdigit():
            problems.append(f"uses a positional placeholder {{{field}}}; name it")
    return problems


def translation_problems(msgid: str, msgstr: str, fuzzy: bool, required: bool) -> list[str]:
    """What is wrong with one catalog entry; ``required`` when an empty msgstr is an error."""
    if not msgstr:
        return ["has no translation"] if required else []
    problems = ["is fuzzy"] if fuzzy else []
    try:
        wanted, found = placeholders(msgid), placeholders(msgstr)
    except ValueError as error:
        return [*problems, f"has a translation with braces that do not pair up ({error})"]
    if wanted != found:
        missing = ", ".join(f"{{{f}}}" for f in sorted(wanted - found)) or "none"
        extra = ", ".join(f"{{{f}}}" for f in sorted(found - wanted)) or "none"
        problems.append(f"has placeholders that differ (missing: {missing}; extra: {extra})")
    return problems


# ---------------------------------------------------------------- extraction


def _method_map() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    with MAPPING_FILE.open(encoding="utf-8") as handle:
        return parse_mapping_cfg(handle, filename=str(MAPPING_FILE))


def _only_source(path: str) -> bool:
    """Walk ``desktop/`` only (not ``.venv``, tests or build folders)."""
    parts = Path(os.path.relpath(path, ROOT)).parts
    if not parts or parts[0] != SOURCE_DIR.name:
        return False
    return not any(part.startswith((".", "__pycache__")) for part in parts)


def extract_template() -> Catalog:
    """Every translatable string under ``desktop/`` as a template catalog."""
    method_map, options_map = _method_map()
    template = Catalog(project=PROJECT, version=_version(), fuzzy=False)
    for filename, _lineno, message, comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, comment_tags=COMMENT_TAGS,
        strip_comment_tags=True, directory_filter=_only_source,
    ):
        template.add(message, None, [(filename.replace(os.sep, "/"), None)],
                     auto_comments=comments, context=context)
    return template


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("commune-ledger")
    except Exception:  # not installed: the header only loses its version
        return ""


def source_problems(source_dir: Path = SOURCE_DIR) -> list[str]:
    """``_()``/``N_()`` calls whose argument is built at run time, so extraction misses it.

    A plain name is allowed for ``_()`` (a string marked with ``N_()`` elsewhere and
    translated at use); f-strings, ``%``, ``+`` and ``.format`` inside the call are not.
    """
    problems: list[str] = []
    for path in sorted(source_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in KEYWORDS):
                continue
            where = f"{_show(path)}:{node.lineno}"
            if len(node.args) != 1 or node.keywords:
                problems.append(f"{where}: {node.func.id}() takes exactly one string")
                continue
            argument = node.args[0]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                continue
            if node.func.id == "_" and isinstance(argument, ast.Name | ast.Attribute
                                                  | ast.Subscript):
                continue
            problems.append(f"{where}: {node.func.id}() is given a computed string; pass a "
                            "literal and call .format() after the translation")
    return problems


# ---------------------------------------------------------------- reading and writing


_LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}


def _dress(catalog: Catalog, language: str | None) -> None:
    """Give the header real values instead of Babel's ``FIRST AUTHOR`` placeholders."""
    name = _LANGUAGE_NAMES.get(language or "", language or "")
    title = f"{name} translations" if language else "Translations template"
    catalog.header_comment = (
        f"# {title} for {PROJECT}.\n"
        f"# Distributed under the same licence as {PROJECT} (GPL-3.0-or-later).\n#"
    )
    catalog.project = PROJECT
    catalog.version = _version()
    catalog.copyright_holder = f"the {PROJECT} authors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = f"{PROJECT} team"
    catalog.language_team = f"{name} ({PROJECT})" if language else ""
    catalog.fuzzy = False


def _render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, sort_output=True, include_lineno=False,
             ignore_obsolete=True)
    return buffer.getvalue()


def _save(path: Path, catalog: Catalog, language: str | None) -> bool:
    """Write ``catalog`` to ``path`` unless only its dates would change; True if written."""
    _dress(catalog, language)
    rendered = _render(catalog)
    if path.exists() and _DATE_HEADERS.sub(b"", path.read_bytes()) == _DATE_HEADERS.sub(
            b"", rendered):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_bytes(rendered)
    temporary.replace(path)
    return True


def load_po(language: str) -> Catalog:
    """The catalog of ``language`` as it is on disk (empty if there is none yet)."""
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, project=PROJECT, version=_version(),
                       fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def _entries(catalog: Catalog) -> Iterable[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of every singular, non-header entry."""
    for message in catalog:
        if message.id and isinstance(message.id, str):
            text = message.string if isinstance(message.string, str) else ""
            yield message.id, text, message.fuzzy


def _show(path: Path) -> str:
    """``path`` relative to the repository when it is inside it (for messages)."""
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# ---------------------------------------------------------------- commands


def command_extract() -> int:
    template = extract_template()
    template.creation_date = _now()
    written = _save(POT_FILE, template, None)
    count = sum(1 for _ in _entries(template))
    state = "written" if written else "unchanged"
    print(f"{_show(POT_FILE)}: {count} msgids ({state})")
    return 0


def command_update() -> int:
    if not POT_FILE.exists():
        print(f"{_show(POT_FILE)} is missing; run extract first", file=sys.stderr)
        return 1
    with POT_FILE.open("rb") as handle:
        template = read_po(handle, domain=DOMAIN)
    wanted = {msgid for msgid, _s, _f in _entries(template)}
    for language in LANGUAGES:
        catalog = load_po(language)
        before = {msgid for msgid, _s, _f in _entries(catalog)}
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=True)
        catalog.obsolete.clear()
        catalog.revision_date = _now()
        written = _save(po_path(language), catalog, language)
        empty = sum(1 for _i, text, _f in _entries(catalog) if not text)
        untranslated = (f"{empty} untranslated" if language == CHECKED_LANGUAGE
                        else f"{empty} using the English msgid")
        print(f"{_show(po_path(language))}: {len(wanted)} entries, "
              f"{len(wanted - before)} new, {len(before - wanted)} dropped, {untranslated}"
              f" ({'written' if written else 'unchanged'})")
    return 0


def command_compile() -> int:
    for language in LANGUAGES:
        path = po_path(language)
        if not path.exists():
            print(f"{_show(path)} is missing; run update first", file=sys.stderr)
            return 1
        catalog = load_po(language)
        target = path.with_suffix(".mo")
        temporary = target.with_suffix(".mo.tmp")
        with temporary.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        temporary.replace(target)
        translated = sum(1 for _i, text, fuzzy in _entries(catalog) if text and not fuzzy)
        print(f"{_show(target)}: {translated} translations")
    return 0


def check_problems() -> list[str]:
    """Every reason the catalogs are not ready to ship, one line each."""
    problems = source_problems()
    source_ids = {msgid for msgid, _s, _f in _entries(extract_template())}
    for msgid in sorted(source_ids):
        for problem in format_problems(msgid):
            problems.append(f"source: {msgid!r} {problem}")
    for language in LANGUAGES:
        catalog = load_po(language)
        required = language == CHECKED_LANGUAGE
        known = set()
        for msgid, text, fuzzy in _entries(catalog):
            known.add(msgid)
            for problem in translation_problems(msgid, text, fuzzy, required):
                problems.append(f"{language}: {msgid!r} {problem}")
        if required:
            for msgid in sorted(source_ids - known):
                problems.append(f"{language}: {msgid!r} is not in the catalog (run extract and "
                                "update)")
    return problems


def command_check() -> int:
    problems = check_problems()
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("translations: OK")
    return 0


@dataclass(frozen=True)
class NoteRow:
    """One ``| `msgid` | `Vietnamese` |`` row of a notes table."""

    msgid: str
    text: str
    where: str


_CODE_CELL = re.compile(r"\s*(`+)(.*?)\1\s*(?:\||$)")


def _code_cells(line: str) -> list[str]:
    """The backquoted cells of a markdown table row, in order ("\\|" unescaped)."""
    body = line.strip()
    if not body.startswith("|"):
        return []
    cells: list[str] = []
    position = 1
    while position < len(body):
        match = _CODE_CELL.match(body, position)
        if match is None:
            break
        fence, content = match.group(1), match.group(2)
        if len(fence) > 1 and content.startswith(" ") and content.endswith(" "):
            content = content[1:-1]  # ``` `` `x` `` ``` pads with one space each side
        cells.append(content.replace("\\|", "|"))
        position = match.end()
    return cells


def read_notes(notes_dir: Path) -> list[NoteRow]:
    """Every ``msgid → Vietnamese`` row of ``notes_dir/vi_*.md``, NFC, in file order."""
    rows: list[NoteRow] = []
    for path in sorted(notes_dir.glob("vi_*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            cells = _code_cells(line)
            if len(cells) >= 2 and cells[0].strip():
                rows.append(NoteRow(unicodedata.normalize("NFC", cells[0]),
                                    unicodedata.normalize("NFC", cells[1]),
                                    f"{path.name}:{number}"))
    return rows


def command_fill_from_notes(notes_dir: Path) -> int:
    if not notes_dir.is_dir():
        print(f"{notes_dir} is not a folder", file=sys.stderr)
        return 1
    catalog = load_po(CHECKED_LANGUAGE)
    by_nfc = {unicodedata.normalize("NFC", msgid): msgid for msgid, _s, _f in _entries(catalog)}
    filled = unknown = conflicts = rejected = 0
    for row in read_notes(notes_dir):
        msgid = by_nfc.get(row.msgid)
        if msgid is None:
            unknown += 1
            continue
        message = catalog[msgid]
        if message.string:
            if message.string != row.text:
                conflicts += 1
                print(f"{row.where}: kept the catalog's translation of {msgid!r}")
            continue
        problems = translation_problems(msgid, row.text, False, required=True)
        if problems:
            rejected += 1
            print(f"{row.where}: skipped {msgid!r}: the note {'; '.join(problems)}")
            continue
        message.string = row.text
        message.flags.discard("fuzzy")
        filled += 1
    if filled:
        catalog.revision_date = _now()
        _save(po_path(CHECKED_LANGUAGE), catalog, CHECKED_LANGUAGE)
    empty = sum(1 for _i, text, _f in _entries(catalog) if not text)
    print(f"{_show(po_path(CHECKED_LANGUAGE))}: filled {filled}, "
          f"{conflicts} differing note(s) ignored, {rejected} rejected, {unknown} note row(s) "
          f"not in the catalog, {empty} still untranslated")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run one command; returns the exit status."""
    parser = argparse.ArgumentParser(prog="scripts/i18n.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("extract", help="source strings → desktop/translations/desktop.pot")
    commands.add_parser("update", help="merge the template into every desktop.po")
    commands.add_parser("compile", help="desktop.po → desktop.mo")
    commands.add_parser("check", help="exit 1 if a Vietnamese translation is missing or wrong")
    fill = commands.add_parser("fill-from-notes", help="fill empty Vietnamese from notes tables")
    fill.add_argument("notes_dir", nargs="?", type=Path, default=NOTES_DIR,
                      help=f"folder holding vi_*.md (default: {NOTES_DIR})")
    options = parser.parse_args(argv)
    if options.command == "extract":
        return command_extract()
    if options.command == "update":
        return command_update()
    if options.command == "compile":
        return command_compile()
    if options.command == "check":
        return command_check()
    return command_fill_from_notes(options.notes_dir)


if __name__ == "__main__":
    raise SystemExit(main())
