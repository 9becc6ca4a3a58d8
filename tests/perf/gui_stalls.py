"""Child of bench_gui.py: how long the studio's event loop stalls while slow work runs.

python tests/perf/gui_stalls.py WORKSPACE STUB_URL OUT_DIR OPS

Opens the studio (offscreen) on WORKSPACE and runs each of OPS (comma-separated: idle,
index, publish, translate; idle is a 5 s control with nothing running) through the
studio's own op helper, as its menus and buttons do, while a 5 ms precise QTimer ticks on
the GUI thread. The gaps between ticks are the freezes a user would feel; prints one JSON
line per operation with the longest and the 99th-percentile gap.
"""

from __future__ import annotations

import faulthandler
import gc
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kbstudio.domain.workflow import Action  # noqa: E402
from kbstudio.gui import (  # noqa: E402
    app,
    indexing,
    ops,
)
from kbstudio.gui.app import open_window  # noqa: E402
from kbstudio.services.workspace import Workspace  # noqa: E402
from kbstudio.translation.providers import ProviderSettings  # noqa: E402
from tests.memory_keyring import MemoryKeyring  # noqa: E402

TICK_MS = 5
PUBLISH_LOCALES = ("en", "zh-Hans", "ja")
LONG_UNITS = 240  # paragraphs in the long article machine-translated
TRANSLATE_TO = "es"


class StallTracer:
    """With KB_STALL_TRACE=FILE: every thread's Python stack whenever the GUI thread stalls.

    Each heartbeat re-arms faulthandler's watchdog, a C thread that needs no GIL: if no
    tick comes for TRACE_AFTER_S it writes all threads' stacks to FILE, so a worker holding
    the GIL inside one long C call is caught in the act.
    """

    TRACE_AFTER_S = 0.06

    def __init__(self, path: str) -> None:
        self.file = open(path, "w")  # noqa: SIM115 - open for the process's life
        self.armed = False

    def tick(self) -> None:
        if self.armed:
            faulthandler.dump_traceback_later(self.TRACE_AFTER_S, file=self.file)

    def arm(self, on: bool) -> None:
        self.armed = on
        if on:
            self.tick()
        else:
            faulthandler.cancel_dump_traceback_later()


class GcPauses:
    """The cyclic garbage collector's pauses (they hold the GIL, in whichever thread)."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []  # (generation, ms)
        self._began = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.pauses.append((info["generation"], (time.perf_counter() - self._began) * 1000))

    def take(self) -> dict[str, object]:
        pauses, self.pauses = self.pauses, []
        full = [ms for gen, ms in pauses if gen == 2]
        return {
            "gc_max_ms": round(max((ms for _g, ms in pauses), default=0.0), 1),
            "gc_full": len(full),
        }


class Heartbeat:
    """A precise timer on the GUI thread; the gaps between its ticks are the stalls."""

    def __init__(self, tracer: StallTracer | None = None) -> None:
        self.ticks: list[float] = []
        self.tracer = tracer
        self.gc = GcPauses()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.ticks.append(time.perf_counter())
        if self.tracer is not None:
            self.tracer.tick()

    def run(self, name: str, start: object, done: object) -> dict[str, object]:
        """Call start(), spin the real event loop until done() is true, report the gaps."""
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(20)
        poll.timeout.connect(lambda: loop.quit() if done() else None)  # type: ignore[operator]
        self.ticks = []
        self.gc.take()
        rss_before = rss_mb()
        if self.tracer is not None:
            self.tracer.arm(True)
        self.timer.start()
        began = time.perf_counter()
        start()  # type: ignore[operator]
        poll.start()
        loop.exec()
        poll.stop()
        self.timer.stop()
        if self.tracer is not None:
            self.tracer.arm(False)
        seconds = time.perf_counter() - began
        gaps = sorted((b - a) * 1000 for a, b in zip(self.ticks, self.ticks[1:], strict=False))
        p99 = gaps[min(len(gaps) - 1, int(len(gaps) * 0.99))] if gaps else 0.0
        return {
            "op": name,
            "seconds": round(seconds, 2),
            "ticks": len(self.ticks),
            "max_ms": round(gaps[-1], 1) if gaps else 0.0,
            "p99_ms": round(p99, 1),
            "median_ms": round(statistics.median(gaps), 1) if gaps else 0.0,
            "over_100": sum(1 for g in gaps if g > 100),
            **self.gc.take(),
            "rss_before_mb": round(rss_before),
            "rss_after_mb": round(rss_mb()),
            "rss_trimmed_mb": round(trimmed_rss_mb()),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "gc_tracked_young": sum(gc.get_count()),
        }


def rss_mb() -> float:
    """The process's resident memory now (not the peak): what an op leaves behind."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def trimmed_rss_mb() -> float:
    """Resident memory once glibc hands its free heap pages back: what is still in use."""
    from kbstudio.gui.gchold import trim_heap

    trim_heap()
    return rss_mb()


def idle() -> bool:
    return not ops._running


def settle() -> None:
    for _ in range(20):
        QApplication.processEvents()


def long_body(words: list[str]) -> str:
    """A deterministic article of LONG_UNITS paragraphs, a heading every tenth."""
    out = []
    for n in range(LONG_UNITS):
        if n % 10 == 0:
            out.append(f"## Part {n // 10 + 1}")
        sentence = " ".join(words[(n * 7 + k) % len(words)] for k in range(40))
        out.append(sentence.capitalize() + ".")
    return "\n\n".join(out) + "\n"


def main() -> None:
    ws_dir, stub_url, out_dir = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    wanted = sys.argv[4]
    keyring.set_keyring(MemoryKeyring())
    if "KB_HELPER_NICE" in os.environ:  # bench_gui.py --helper-nice: compare priorities
        app.HELPER_NICE = int(os.environ["KB_HELPER_NICE"])
    ws = Workspace.open(ws_dir)
    window = open_window(ws, user="admin")
    window.show()
    while not window.tree_loaded:
        QApplication.processEvents()
        time.sleep(0.002)
    ops.wait_idle()
    settle()
    trace = os.environ.get("KB_STALL_TRACE")
    beat = Heartbeat(StallTracer(trace) if trace else None)
    results: list[dict[str, object]] = []
    printed = 0

    def flush() -> None:  # one line per op as soon as it is measured: a crash loses none
        nonlocal printed
        for row in results[printed:]:
            print(json.dumps(row), flush=True)
        printed = len(results)

    if "idle" in wanted:  # the machine's own noise: nothing runs but the heartbeat
        began = time.perf_counter()
        results.append(
            beat.run("idle (control)", lambda: None, lambda: time.perf_counter() - began > 5)
        )

    flush()
    if "index" in wanted:
        results.append(beat.run("index rebuild", lambda: indexing.rebuild_index(window), idle))

    flush()
    if "publish" in wanted:
        dialog = window.open_publish_dialog(modal=False)
        dialog.ui.folderEdit.setText(str(out_dir / "site"))
        dialog.ui.approvedCheck.setChecked(False)  # publish what is published; change nothing
        for i in range(dialog.ui.localeList.count()):
            item = dialog.ui.localeList.item(i)
            on = item.text() in PUBLISH_LOCALES
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        results.append(
            beat.run("publish 3 locales", dialog.ui.publishButton.click, lambda: dialog.op is None)
        )
        pages = getattr(dialog.report, "pages_written", None)
        results[-1]["pages"] = pages
        dialog.close()
        dialog.deleteLater()
        settle()

    flush()
    if "translate" in wanted:
        window.ws.translation.set_provider(
            ProviderSettings("libre", url=stub_url, timeout=10.0, retries=1),
            key="bench",
            default=True,
        )
        article = window.tree_panel.model.tree.articles()[1].id
        info, body = ws.show(article, locale="en")
        words = [w.strip(".,:;()#*|`").lower() for w in body.split() if w.isalpha()]
        # A long new source text, approved: its translations are outdated, every unit changed.
        ws.edit(
            article,
            locale="en",
            title=info.title,
            body=f"Revision {time.time():.0f}.\n\n" + long_body(words or ["fee"]),
            actor="mia",
            major=True,
        )
        ws.act(Action.SUBMIT, article, locale="en", actor="mia")
        ws.act(Action.APPROVE, article, locale="en", actor="grace")
        view = window.translate_view
        window.tabs.setCurrentWidget(window.translate_page)
        results.append(
            beat.run(
                "translate: load units",
                lambda: view.open(article, TRANSLATE_TO),
                lambda: idle() and view.key == (article, TRANSLATE_TO),
            )
        )
        todo = sum(1 for r in view.model.rows if r.changed and not r.touched)
        results.append(beat.run("translate: machine", view.machine_translate, idle))
        filled = sum(1 for r in view.model.rows if r.machine)
        results[-1].update(units=todo, filled=filled)
    flush()

    ops.wait_idle()  # no op may outlive the window (its signals would have no receiver)
    window.doc.key = None
    window.close()
    window.deleteLater()
    settle()
    ws.close()


if __name__ == "__main__":
    main()
