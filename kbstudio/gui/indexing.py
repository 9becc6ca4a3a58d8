"""Rebuilding the search indexes from the studio: in the background, with progress and cancel.

The rebuild runs on the workspace lane like every write (a save made meanwhile waits for
it); its progress and a cancel button sit in the status bar while it runs.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from kbstudio.domain.errors import KBError
from kbstudio.gui.ops import Cancelled, Op, run_op
from kbstudio.i18n import _, ngettext

if TYPE_CHECKING:
    import threading

    from kbstudio.gui.mainwindow import MainWindow
    from kbstudio.services.search import BuildReport


class IndexBar(QWidget):
    """The status bar's progress and cancel button for a running rebuild; hidden otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.op: Op | None = None
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel_button)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.cancel_button.setText(_("Cancel"))
        self.progress.setToolTip(_("Rebuilding the search indexes"))

    def cancel(self) -> None:
        if self.op is not None:
            self.op.cancel()

    def show_progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{label} %v/%m")


def install(w: MainWindow) -> None:
    w.index_bar = IndexBar(w)
    w.statusBar().addPermanentWidget(w.index_bar)


def rebuild_index(w: MainWindow) -> Op:
    """Rebuild every locale's search indexes on the worker; a second call returns the first."""
    bar = w.index_bar
    if bar.op is not None:
        return bar.op
    ws = w.ws
    start = time.perf_counter()

    def work(progress: object, cancel: threading.Event) -> list[BuildReport]:
        try:
            return ws.search.rebuild(progress=progress, cancel=cancel)  # type: ignore[arg-type]
        except KBError as exc:  # the search layer's RebuildCancelledError
            if exc.code == "cancelled":
                raise Cancelled from None
            raise

    def done(reports: list[BuildReport]) -> None:
        texts = sum(r.documents for r in reports)
        w.statusBar().showMessage(
            ngettext(
                "Search indexes rebuilt: {n} text in {seconds} s.",
                "Search indexes rebuilt: {n} texts in {seconds} s.",
                texts,
            ).format(n=texts, seconds=round(time.perf_counter() - start)),
            10000,
        )

    def cancelled() -> None:
        w.statusBar().showMessage(
            _("Index rebuild cancelled; the index being built was left as it was."), 10000
        )

    def finished() -> None:
        bar.op = None
        bar.hide()

    bar.progress.setRange(0, 0)
    bar.show()
    bar.op = run_op(
        w,
        work,
        label="index",
        hold_gc=True,
        on_done=done,
        on_progress=bar.show_progress,
        on_cancelled=cancelled,
    )
    bar.op.finished.connect(finished)
    return bar.op
