"""``installer.nsi`` compiles with ``makensis -WX`` (a warning is an error) over a stand-in of
the frozen folder with the Windows build's layout, so the script never rots between Windows
builds; scripts/frozen_app.sh compiles it over the real frozen folder too. What the script
promises the clerk — Vietnamese first, per user without rights, shortcuts named in
Vietnamese, the ledgers kept — is read from it here, since no Windows runs it in this CI.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from desktop import __version__

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = (ROOT / "installer.nsi").read_text(encoding="utf-8")
GUIDES = ("huong-dan-su-dung.pdf", "user-guide.pdf")


def makensis() -> str:
    found = shutil.which("makensis")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("makensis is missing: scripts/bootstrap.sh --packaging installs nsis")
        pytest.skip("makensis is not installed (apt-get install nsis)")
    return found


@pytest.fixture
def payload(tmp_path: Path) -> Path:
    """The frozen folder's layout, with stand-in files (the Windows build makes the real)."""
    folder = tmp_path / "dist" / "commune-ledger"
    for name in ("commune-ledger.exe", "commune-ledger-cli.exe", "_internal/python311.dll",
                 *(f"_internal/desktop/resources/guide/{guide}" for guide in GUIDES)):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"MZ stand-in")
    return folder


def compile_script(payload: Path, out: Path, *defines: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [makensis(), "-WX", "-V2", "-DSTORE_ONLY", f"-DPAYLOAD={payload}", f"-DOUTFILE={out}",
         *defines, str(ROOT / "installer.nsi")],
        capture_output=True, text=True, timeout=120)


def test_the_installer_script_compiles_without_a_warning(payload, tmp_path) -> None:
    out = tmp_path / f"commune-ledger-{__version__}-setup.exe"
    done = compile_script(payload, out, f"-DVERSION={__version__}")
    assert done.returncode == 0, done.stdout + done.stderr
    setup = out.read_bytes()
    assert setup[:2] == b"MZ"
    # The version information carries the one version: as text (UTF-16) and as numbers
    # (VS_FIXEDFILEINFO: its signature, then MAJOR.MINOR and PATCH.0 of the file version).
    assert "ProductVersion".encode("utf-16-le") in setup
    assert __version__.encode("utf-16-le") in setup
    fixed = setup.index(struct.pack("<I", 0xFEEF04BD))
    major, minor, patch = (int(part) for part in __version__.split("."))
    assert struct.unpack_from("<II", setup, fixed + 8) == ((major << 16) | minor, patch << 16)


def test_the_installer_will_not_compile_without_the_version(payload, tmp_path) -> None:
    done = compile_script(payload, tmp_path / "x-setup.exe")
    assert done.returncode != 0
    assert "desktop/__init__.py" in done.stdout + done.stderr


def test_vietnamese_is_the_default_language_and_english_the_other() -> None:
    languages = re.findall(r'!insertmacro MUI_LANGUAGE "(\w+)"', SCRIPT)
    assert languages == ["Vietnamese", "English"]
    assert SCRIPT.startswith(";") and "\nUnicode true\n" in SCRIPT
    # Every string of the installer's own is given in both languages (makensis -WX also
    # refuses one missing).
    names = re.findall(r"^LangString (\w+) \$\{LANG_(\w+)\}", SCRIPT, re.MULTILINE)
    by_name: dict[str, set[str]] = {}
    for name, language in names:
        by_name.setdefault(name, set()).add(language)
    assert by_name and all(found == {"VIETNAMESE", "ENGLISH"} for found in by_name.values())


def test_it_installs_for_the_clerk_alone_unless_an_administrator_chooses_all_users() -> None:
    assert "!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER" in SCRIPT
    assert "!insertmacro MULTIUSER_PAGE_INSTALLMODE" in SCRIPT
    assert "!include MultiUser.nsh" in SCRIPT


def test_the_shortcuts_and_the_file_type_are_named_in_vietnamese() -> None:
    assert '!define APP_NAME "Sổ Quỹ Cộng Đồng"' in SCRIPT
    assert 'CreateShortcut "$SMPROGRAMS\\${APP_NAME}.lnk"' in SCRIPT
    assert 'CreateShortcut "$DESKTOP\\${APP_NAME}.lnk"' in SCRIPT
    assert '!define LEDGER_EXT ".soquy"' in SCRIPT
    assert """'"$INSTDIR\\${APP_EXE}" "%1"'""" in SCRIPT


def test_the_uninstaller_keeps_the_data_unless_asked() -> None:
    data_section = SCRIPT[SCRIPT.index('Section /o "un.$(UnSecData)"'):]
    program_section = SCRIPT[SCRIPT.index('Section "!un.$(UnSecProgram)"'):
                             SCRIPT.index('Section /o "un.$(UnSecData)"')]
    assert "$APPDATA" not in program_section  # removing the program never touches the data
    assert 'RMDir /r "$APPDATA\\${APP_KEY}"' in data_section
    # An upgrade removes only the earlier program's files, in the program's folder.
    upgrade = SCRIPT[SCRIPT.index("Function RemovePreviousProgram"):
                     SCRIPT.index("FunctionEnd", SCRIPT.index("Function RemovePreviousProgram"))]
    removed = re.findall(r'(?:Delete|RMDir /r) "([^"]+)"', upgrade)
    assert removed and all(path.startswith("$INSTDIR\\") for path in removed)
