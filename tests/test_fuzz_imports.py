"""Bad input, at scale (issue 10): group workbooks and quarterly returns mutated by
hypothesis — cells of the wrong type, huge and negative numbers, junk Unicode, formulas,
dates as text, duplicated rows, sheets, rows and columns gone; and files cut short, bits
flipped, entity and zip bombs, password-protected packages — are imported whole or refused
with a sentence, never with a traceback and never half (the ledger unchanged).

``benchmarks/fuzz_benchmark.py`` runs thousands of these and measures time and memory.
"""

from __future__ import annotations

import random
from pathlib import Path

import crash_harness
import pytest
import workbook_fuzz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FILES = {"group": "HS01.xlsx", "return": "04321_2026Q1.xlsx"}
FUZZ = settings(max_examples=15, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return crash_harness.prepare(tmp_path_factory.mktemp("fuzz-inputs"))


def judged(kind: str, data: bytes, inputs: Path, work: Path) -> workbook_fuzz.Outcome:
    outcome = workbook_fuzz.import_and_judge(kind, data, inputs / "office.sqlite", work)
    assert not outcome.verdict.startswith("FAILED"), outcome.verdict
    return outcome


def test_the_unmutated_files_import(inputs: Path, tmp_path: Path) -> None:
    for kind, name in FILES.items():
        assert judged(kind, (inputs / name).read_bytes(), inputs,
                      tmp_path / kind).verdict == "imported"


@pytest.mark.slow
@FUZZ
@given(kind=st.sampled_from(sorted(FILES)), seed=st.integers(0, 2**32 - 1),
       changes=st.integers(1, 6))
def test_workbooks_with_mutated_cells_are_imported_whole_or_refused(
        inputs: Path, tmp_path: Path, kind: str, seed: int, changes: int) -> None:
    data = workbook_fuzz.mutate_cells((inputs / FILES[kind]).read_bytes(),
                                      random.Random(seed), changes)
    judged(kind, data, inputs, tmp_path / f"cells-{seed}")


@pytest.mark.slow
@FUZZ
@given(kind=st.sampled_from(sorted(FILES)), seed=st.integers(0, 2**32 - 1),
       damage=st.sampled_from(sorted(set(workbook_fuzz.BYTE_MUTATIONS) - {"zip bomb"})))
def test_damaged_files_are_refused_or_imported_whole(inputs: Path, tmp_path: Path, kind: str,
                                                     seed: int, damage: str) -> None:
    data = workbook_fuzz.BYTE_MUTATIONS[damage]((inputs / FILES[kind]).read_bytes(),
                                                random.Random(seed))
    judged(kind, data, inputs, tmp_path / f"bytes-{seed}")


@pytest.mark.parametrize("kind", sorted(FILES))
@pytest.mark.parametrize("damage", ["entity bomb", "external entity", "zip bomb", "password"])
def test_bombs_and_locked_files_are_refused_with_a_sentence(inputs: Path, tmp_path: Path,
                                                            kind: str, damage: str) -> None:
    data = workbook_fuzz.BYTE_MUTATIONS[damage]((inputs / FILES[kind]).read_bytes(),
                                                random.Random(7))
    assert judged(kind, data, inputs, tmp_path).verdict == "refused"


def test_the_judge_catches_a_traceback(inputs: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.workbooks import group_import

    def broken(*_args: object) -> None:
        raise KeyError("a fault of the program")

    monkeypatch.setattr(group_import, "import_group_file", broken)
    outcome = workbook_fuzz.import_and_judge("group", (inputs / FILES["group"]).read_bytes(),
                                             inputs / "office.sqlite", tmp_path)
    assert outcome.verdict.startswith("FAILED: KeyError")
