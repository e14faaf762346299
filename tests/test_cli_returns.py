"""The returns commands: template, export-return, import-returns, consolidated and
print consolidated, as an office would script them."""

from __future__ import annotations

import argparse
import datetime as dt
import json

import pytest
from conftest import with_admin
from pypdf import PdfReader
from return_builders import broken, valid_return

from desktop.cli import main
from desktop.commands.returns import add_print_consolidated
from desktop.demo.generator import build_demo
from desktop.models.database import open_new_ledger
from desktop.workbooks.quarterly_return import read_return

FIGURES = {"members", "female", "poor", "elderly", "savings", "loans_outstanding",
           "loans_count", "overdue", "social_fund", "income_fund", "cash", "dropouts"}


def run(capsys, *arguments: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    status = main([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def office(new_place):  # type: ignore[no-untyped-def]
    path = new_place("office")
    open_new_ledger(path, with_admin).close()
    return path


def test_template_return_writes_the_blank_return(capsys, tmp_path):
    path = tmp_path / "mau.xlsx"
    status, out, _err = run(capsys, "template", "return", path)
    assert status == 0 and path.exists() and "mau.xlsx" in out
    assert {(problem.sheet, problem.cell) for problem in read_return(path).problems} >= {
        ("ThongTin", "B2")}


def test_export_then_import_then_consolidated_json(capsys, tmp_path, office, new_place):
    commune_db = new_place("commune")
    ledger = open_new_ledger(commune_db, with_admin)
    with ledger.session() as session:
        build_demo(session, dt.date(2026, 11, 23))
    ledger.close()
    exported = tmp_path / "05563_2026Q3.xlsx"
    status, out, _err = run(capsys, "--db", commune_db, "export-return", "--quarter", "2026Q3",
                            "--prepared-by", "Nguyễn Thị Hoa", exported)
    assert status == 0 and exported.exists()

    status, out, _err = run(capsys, "--db", office, "import-returns", exported, "--json")
    assert status == 0
    [result] = json.loads(out)
    assert result == {"file": "05563_2026Q3.xlsx", "status": "imported", "commune": "05563",
                      "quarter": "2026Q3", "groups": 6, "problems": []}

    status, out, _err = run(capsys, "--db", office, "consolidated", "--quarter", "2026Q3",
                            "--json")
    assert status == 0
    data = json.loads(out)
    assert (data["quarter"], data["communes"], data["groups"]) == ("2026Q3", 1, 6)
    assert set(data["totals"]) == FIGURES
    assert all(isinstance(value, int) for value in data["totals"].values())
    assert set(data["by_kind"]) == {"VSLA", "ASCA", "ISHC"}
    for kind in data["by_kind"].values():
        assert set(kind) == FIGURES | {"groups"}
    assert sum(kind["groups"] for kind in data["by_kind"].values()) == 6
    assert sum(kind["savings"] for kind in data["by_kind"].values()) == data["totals"]["savings"]


def test_import_exits_1_and_lists_every_problem_when_a_file_is_refused(capsys, tmp_path,
                                                                       office):
    good = valid_return(tmp_path, "a.xlsx")
    bad = broken(tmp_path, "Nhom", {"F2": 21, "K3": "abc"}, name="b.xlsx")
    status, out, _err = run(capsys, "--db", office, "import-returns", good, bad, "--json")
    assert status == 1
    results = json.loads(out)
    assert [(item["file"], item["status"]) for item in results] == [
        ("a.xlsx", "imported"), ("b.xlsx", "refused")]
    assert [(problem["sheet"], problem["cell"]) for problem in results[1]["problems"]] == [
        ("Nhom", "F2"), ("Nhom", "K3")]
    assert all(problem["message"] for problem in results[1]["problems"])


def test_import_of_a_folder_reports_replacements_in_plain_text(capsys, tmp_path, office):
    folder = tmp_path / "returns"
    folder.mkdir()
    valid_return(folder, "04321.xlsx")
    run(capsys, "--db", office, "import-returns", folder)
    status, out, err = run(capsys, "--db", office, "import-returns", folder)
    assert status == 0 and err == ""
    assert "04321.xlsx" in out
    status, out, _err = run(capsys, "--db", office, "import-returns", folder, "--json")
    assert json.loads(out)[0]["status"] == "replaced"


def test_refused_files_are_explained_on_stderr(capsys, tmp_path, office):
    bad = broken(tmp_path, "ThongTin", {"B5": 9}, name="q9.xlsx")
    status, _out, err = run(capsys, "--db", office, "import-returns", bad)
    assert status == 1
    assert "q9.xlsx" in err and "B5" in err
    assert "Traceback" not in err


def test_a_missing_file_is_refused_not_a_crash(capsys, tmp_path, office):
    status, out, _err = run(capsys, "--db", office, "import-returns",
                            tmp_path / "missing.xlsx", "--json")
    assert status == 1
    assert json.loads(out)[0]["status"] == "refused"


def test_a_badly_written_quarter_is_a_one_line_error(capsys, office):
    with pytest.raises(SystemExit) as stopped:
        main(["--db", str(office), "consolidated", "--quarter", "quý ba"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "quý ba" in err and "Traceback" not in err


def test_consolidated_in_plain_text_names_communes_and_missing_ones(capsys, tmp_path, office):
    run(capsys, "--db", office, "import-returns", valid_return(tmp_path, "a.xlsx"))
    run(capsys, "--db", office, "import-returns",
        valid_return(tmp_path, "q2.xlsx", **{"Mã xã": "04322", "Quý": 2}))
    status, out, _err = run(capsys, "--db", office, "consolidated", "--quarter", "2026Q3")
    assert status == 0
    assert "04321" in out and "Xã Yên Bình" in out
    assert "04322" in out  # sent for Q2, not for Q3


def test_print_consolidated_writes_the_report(capsys, tmp_path, office):
    run(capsys, "--db", office, "import-returns", valid_return(tmp_path, "a.xlsx"))
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.set_defaults(command="print", user=None)  # as the print command says it
    add_print_consolidated(parser.add_subparsers(dest="form"))
    pdf = tmp_path / "tong_hop.pdf"
    options = parser.parse_args(["--db", str(office), "consolidated", "--quarter", "2026Q3",
                                 "--out", str(pdf), "--date", "20/10/2026"])
    assert options.func(options) == 0
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "BÁO CÁO TỔNG HỢP" in text
    assert "Quý III năm 2026" in text
    assert "ngày 20 tháng 10 năm 2026" in text
    assert "Xã Yên Bình" in text and "12.500.000" in text
