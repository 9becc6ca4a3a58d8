"""The one way to run slow work off the GUI thread.

`run_op(parent, work, on_done=...)` runs ``work(progress, cancel)`` on a single worker
thread and calls back on the GUI thread. Modelled on Anki's CollectionOp/QueryOp and
taskman:

- All workspace work is serialised on ONE worker thread, because SQLite has one writer and
  the search indexes are not safe to update from two threads at once; a second op queues
  behind the first instead of racing it.
- Core code reports progress through a plain callable ``progress(done, total, label)``
  and checks a ``threading.Event`` for cancel; only this module turns them into signals.
- The work's return value is "what changed" (a Change, a report); ``on_done`` receives it
  and decides what to refresh. Errors go to ``on_error`` or, by default, to the parent
  window's ``show_error``; they are never swallowed.
- What must happen on the GUI thread but is long in total (filling hundreds of rows,
  measuring their heights) goes through `run_sliced`: small steps run in slices of at
  most SLICE_MS with the event loop in between, as an Op that can be waited on and cancelled.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from kbstudio.gui import gchold

Progress = Callable[[int, int, str], None]


class Work(Protocol):
    def __call__(self, progress: Progress, cancel: threading.Event) -> Any: ...


class Cancelled(Exception):  # noqa: N818 - a signal, not an error
    """Raised by work that noticed the cancel flag; reported as cancelled, not failed."""


# One worker thread per lane. "workspace" serialises everything that writes (see the module
# docstring). "preview" renders read-only previews: a 2 s render of a big workspace must
# neither wait behind a save nor hold one up, and SQLite's WAL lets it read meanwhile.
LANES = ("workspace", "preview")
_pools: dict[str, QThreadPool] = {}
# Ops still running: Python must hold a reference until their signals are delivered.
_running: set[Op] = set()


def pool(lane: str = "workspace") -> QThreadPool:
    if lane not in LANES:
        raise ValueError(f"unknown lane {lane!r}")
    if lane not in _pools:
        _pools[lane] = QThreadPool()
        _pools[lane].setMaxThreadCount(1)
    return _pools[lane]


class Op(QObject):
    """A running piece of work; its public signals fire on the GUI thread.

    The worker emits the private ``_w_*`` signals; they reach this object's own methods
    through queued connections (the object lives on the GUI thread), which then call the
    callbacks. Connecting callbacks straight to a signal emitted from the worker would run
    them on the worker thread.
    """

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    _w_progress = Signal(int, int, str)
    _w_success = Signal(object)
    _w_failure = Signal(object)
    _w_cancel = Signal()
    _w_end = Signal()

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.cancel_event = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self._w_progress.connect(self._on_progress)
        self._w_success.connect(self._on_success)
        self._w_failure.connect(self._on_failure)
        self._w_cancel.connect(self._on_cancel)
        self._w_end.connect(self._on_end)

    def cancel(self) -> None:
        self.cancel_event.set()

    def _on_progress(self, done: int, total: int, label: str) -> None:
        self.progressed.emit(done, total, label)

    def _on_success(self, result: object) -> None:
        self.result = result
        self.succeeded.emit(result)

    def _on_failure(self, exc: object) -> None:
        self.error = exc  # type: ignore[assignment]
        self.failed.emit(exc)

    def _on_cancel(self) -> None:
        self.cancelled.emit()

    def _on_end(self) -> None:
        self.done = True
        self.finished.emit()
        _running.discard(self)


class _Runner(QRunnable):
    def __init__(self, op: Op, work: Work, *, hold_gc: bool = False) -> None:
        super().__init__()
        self.op, self.work, self.hold_gc = op, work, hold_gc

    def run(self) -> None:
        op = self.op
        try:
            with gchold.hold() if self.hold_gc else nullcontext():
                result = self.work(op._w_progress.emit, op.cancel_event)
        except Cancelled:
            op._w_cancel.emit()
        except BaseException as exc:  # routed to the GUI, never lost
            op._w_failure.emit(exc)
        else:
            if op.cancel_event.is_set():
                op._w_cancel.emit()
            else:
                op._w_success.emit(result)
        op._w_end.emit()


def run_op(
    parent: QObject | None,
    work: Work,
    *,
    label: str = "",
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    lane: str = "workspace",
    hold_gc: bool = False,
) -> Op:
    """Run *work* on the *lane*'s worker thread; call the callbacks on the GUI thread.

    *hold_gc* is for bulk work that builds many objects (publishing, indexing, loading a
    translation memory): no full garbage collection runs until it ends (gchold).
    """
    op = Op(label)
    _running.add(op)

    def alive(callback: Callable[..., None]) -> Callable[..., None]:
        # A window closed while its op ran must not get the result: its widgets are gone.
        def call(*args: Any) -> None:
            if not isinstance(parent, QObject) or shiboken6.isValid(parent):
                callback(*args)

        return call

    if on_progress is not None:
        op.progressed.connect(alive(on_progress))
    if on_done is not None:
        op.succeeded.connect(alive(on_done))
    op.failed.connect(alive(on_error or (lambda exc: _default_error(parent, exc))))
    if on_cancelled is not None:
        op.cancelled.connect(alive(on_cancelled))
    pool(lane).start(_Runner(op, work, hold_gc=hold_gc))
    return op


# A slice of GUI-thread steps stops after this long, leaving room in the 100 ms a user
# does not notice for painting, input and the next slice.
SLICE_MS = 25


def run_sliced(
    parent: QObject,
    steps: Iterable[Callable[[], object]],
    *,
    label: str = "",
    on_done: Callable[[Any], None] | None = None,
) -> Op:
    """Run *steps* on the GUI thread in slices of at most SLICE_MS, the event loop between.

    Each step must be short (one row, one widget update). The Op succeeds with None after
    the last step, reports cancelled if cancelled before it, and fails (to the parent's
    ``show_error``) if a step raises; the remaining steps are then dropped.
    """
    op = Op(label)
    _running.add(op)
    pending = deque(steps)
    timer = QTimer(op)
    timer.setSingleShot(True)
    timer.setInterval(0)

    def end(outcome: Callable[[], None]) -> None:
        pending.clear()
        outcome()
        op._on_end()

    def run_slice() -> None:
        if not shiboken6.isValid(parent):
            end(op._on_cancel)  # the widgets the steps touch are gone
            return
        if op.cancel_event.is_set():
            end(op._on_cancel)
            return
        stop = time.perf_counter() + SLICE_MS / 1000
        try:
            while pending and time.perf_counter() < stop:
                pending.popleft()()
        except Exception as exc:  # routed like a worker's error, never lost
            error: BaseException = exc
            end(lambda: op._on_failure(error))
            return
        if pending:
            timer.start()
        else:
            end(lambda: op._on_success(None))

    if on_done is not None:
        op.succeeded.connect(on_done)
    op.failed.connect(lambda exc: _default_error(parent, exc))
    timer.timeout.connect(run_slice)
    timer.start()
    return op


def wait_idle(timeout_ms: int = 30000, *, lane: str | None = None) -> bool:
    """Block until the workers are idle (tests and shutdown; never from a slot)."""
    lanes = [lane] if lane else list(_pools)
    return all(pool(name).waitForDone(timeout_ms) for name in lanes)


def _default_error(parent: QObject | None, exc: BaseException) -> None:
    show = getattr(parent, "show_error", None)
    if callable(show):
        show(exc)
    else:  # no window to tell: at least never silent
        traceback.print_exception(exc)
