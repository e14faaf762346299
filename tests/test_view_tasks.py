"""The one background helper: work off the GUI thread, its result or error back on it,
progress shown, Cancel honoured — and never a traceback on screen."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget

from desktop.i18n import _
from desktop.models.errors import LedgerError
from desktop.views.tasks import run_task

WAIT = 5.0  # seconds a worker may wait for the test before giving up


@pytest.fixture
def shown(monkeypatch):  # type: ignore[no-untyped-def]
    """Message boxes are recorded (title, text, buttons) instead of waiting for a click."""
    boxes: list[tuple[str, str, list[str]]] = []

    def record(box: QMessageBox) -> int:
        boxes.append((box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    return boxes


@pytest.fixture
def parent(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_the_work_runs_on_another_thread_and_its_result_comes_back_on_the_gui_thread(
        qtbot, parent) -> None:
    gui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def work(_progress):  # type: ignore[no-untyped-def]
        seen["worker_thread"] = QThread.currentThread()
        return {"groups": 6}

    def done(result) -> None:  # type: ignore[no-untyped-def]
        seen["result"] = result
        seen["callback_thread"] = QThread.currentThread()

    task = run_task(parent, "Tính số liệu", work).on_success(done).start()
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == {"groups": 6}
    assert seen["worker_thread"] is not gui_thread
    assert seen["callback_thread"] is gui_thread
    assert task.result == {"groups": 6} and task.error is None


def test_a_ledger_error_is_shown_as_its_vietnamese_sentence(qtbot, parent, shown) -> None:
    def work(_progress):  # type: ignore[no-untyped-def]
        raise LedgerError("Buổi họp ngày 05/10/2026 đã khóa sổ.")

    task = run_task(parent, "Ghi buổi họp", work).start()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown == [("Ghi buổi họp", "Buổi họp ngày 05/10/2026 đã khóa sổ.", [_("OK")])]
    assert isinstance(task.error, LedgerError)


def test_an_unexpected_error_is_a_short_apology_never_a_traceback(qtbot, parent,
                                                                  shown) -> None:
    def work(_progress):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("division by zero")

    run_task(parent, "In sổ thành viên", work).start()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    _title, text, buttons = shown[0]
    assert text == _("Something went wrong and the work was not finished. Nothing was changed.")
    assert "Traceback" not in text and "ZeroDivisionError" not in text
    assert buttons == [_("OK")]


def test_a_failure_callback_replaces_the_message_box(qtbot, parent, shown) -> None:
    errors: list[BaseException] = []

    def work(_progress):  # type: ignore[no-untyped-def]
        raise LedgerError("Không mở được tệp.")

    run_task(parent, "Mở", work).on_failure(errors.append).start()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert str(errors[0]) == "Không mở được tệp."
    assert shown == []


def test_progress_is_shown_in_the_dialog_with_its_text(qtbot, parent) -> None:
    release = threading.Event()

    def work(progress):  # type: ignore[no-untyped-def]
        progress.step(1, 3, "Đang in sổ của TV01…")
        release.wait(WAIT)
        return "xong"

    task = run_task(parent, "In sổ thành viên", work).start()
    try:
        dialog = parent.findChild(QProgressDialog)
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.labelText() == "Đang in sổ của TV01…", timeout=5000)
        assert (dialog.maximum(), dialog.value()) == (3, 1)
    finally:
        release.set()
    qtbot.waitUntil(lambda: task.result == "xong", timeout=5000)
    assert parent.findChild(QProgressDialog) is None or not \
        parent.findChild(QProgressDialog).isVisible()


def test_cancel_stops_the_work_at_its_next_step_and_skips_the_result(qtbot, parent,
                                                                     shown) -> None:
    started, release = threading.Event(), threading.Event()
    steps: list[int] = []
    results: list[object] = []

    def work(progress):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(WAIT)
        for number in range(1, 4):
            progress.step(number, 3)  # raises Cancelled once cancel was asked for
            steps.append(number)
        return "xong"

    task = run_task(parent, "Sao lưu", work).on_success(results.append).start()
    assert started.wait(WAIT)
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: task.was_cancelled, timeout=5000)
    assert steps == [] and results == [] and shown == []


def test_the_cancel_button_of_the_progress_dialog_cancels(qtbot, parent) -> None:
    started, release = threading.Event(), threading.Event()

    def work(progress):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(WAIT)
        progress.step(1, 1)

    task = run_task(parent, "Nhập báo cáo", work).start()
    dialog = parent.findChild(QProgressDialog)
    assert started.wait(WAIT)
    button = dialog.findChild(QPushButton)
    assert button.text() == _("Cancel")
    button.click()
    release.set()
    qtbot.waitUntil(lambda: task.was_cancelled, timeout=5000)


def test_without_progress_no_dialog_is_made(qtbot, parent) -> None:
    results: list[object] = []
    run_task(parent, "Đọc", lambda _progress: 1).without_progress().on_success(
        results.append).start()
    assert parent.findChild(QProgressDialog) is None
    qtbot.waitUntil(lambda: results == [1], timeout=5000)


def test_a_task_ending_while_its_dialog_updates_keeps_the_dialog_until_the_update_returns(
        qtbot, parent) -> None:
    """A shown modal progress dialog handles events inside setValue; the task's end can
    arrive there. The dialog must outlive its own setValue even if Qt carries out deferred
    deletions in those events (the window crashed switching ledgers)."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    release = threading.Event()
    task = run_task(parent, "Đang mở sổ", lambda _progress: release.wait(WAIT))
    task.start()
    alive_after_events: list[bool] = []

    class Dialog(QProgressDialog):
        def setValue(self, value: int) -> None:  # type: ignore[override]
            task._succeeded(None)  # the end arrives among the events setValue handles
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            alive_after_events.append(shiboken6.isValid(self))
            if alive_after_events[-1]:
                super().setValue(value)

    release.set()
    dialog = Dialog("Đang mở sổ", "Hủy", 0, 0, parent)
    task._dialog = dialog
    task._on_progress(1, 2, "")
    assert alive_after_events == [True]
    assert task._dialog is None
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(dialog)  # deleted after all, once setValue returned
