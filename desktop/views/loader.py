"""Loading a page's figures off the GUI thread, through the one background helper.

    self.loader = Loader(self, _("Computing the overview"))
    self.loader.load(lambda progress: read(context.ledger), self.show_figures)

``work`` runs on a worker thread (it opens its own session from the ledger and returns plain
data). The newest request wins: a result that arrives after a newer request was made is
dropped, so a quick "refresh, refresh" never shows stale figures. No progress dialog pops up —
the page shows its own "computing…" line — and a failure is handed to ``on_failure`` (the page
shows it in place) rather than a modal box for work the clerk did not ask for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject
from PySide6.QtWidgets import QWidget

from desktop.progress import Progress
from desktop.views.tasks import Task, run_task, running


class Loader(QObject):
    def __init__(self, owner: QWidget, title: str) -> None:
        super().__init__(owner)
        self._owner = owner
        self._title = title
        self._generation = 0
        self._running: list[Task] = []

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def load(self, work: Callable[[Progress], Any], apply: Callable[[Any], None],
             on_failure: Callable[[BaseException], None] | None = None) -> Task:
        """Run ``work`` in the background, then ``apply(result)`` on the GUI thread."""
        self._generation += 1
        generation = self._generation
        for task in self._running:
            task.cancel()  # stops at its next progress step; its result is dropped anyway

        def succeeded(result: Any) -> None:
            if generation == self._generation:
                apply(result)

        def failed(error: BaseException) -> None:
            if generation == self._generation and on_failure is not None:
                on_failure(error)

        task = run_task(self._owner, self._title, work).without_progress()
        task.on_success(succeeded).on_failure(failed)
        self._running.append(task)
        task.finished.connect(lambda: self._running.remove(task))
        return task.start()

    def wait(self) -> None:
        """Let every running load finish (the ledger is about to close, or the page to go),
        keeping the window painted meanwhile."""
        wait_for(self._running)


def wait_for(tasks: list[Task]) -> None:
    """Ask ``tasks`` to stop at their next step and wait until each has finished."""
    for task in list(tasks):
        task.cancel()
    for task in list(tasks):
        if task not in running():
            continue
        loop = QEventLoop()
        task.finished.connect(loop.quit)
        if task in running():  # it may have finished while we connected
            loop.exec()
