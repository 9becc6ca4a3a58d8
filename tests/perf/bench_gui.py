"""Desktop studio benchmark on N articles x 7 locales. Prints numbers only.

python tests/perf/bench_gui.py [--articles 10000] [--keep DIR] [--runs 3]
                               [--stalls idle,index,publish,translate] [--cold-cache]

- cold start to interactive: from launching a fresh Python process until the window is
  shown with the whole tree loaded and the event loop idle (measured by this parent);
- tree filter latency: typing a filter and the view updating (model refilter + repaint);
- peak RSS of the studio process (ru_maxrss); `--cold-cache` evicts the workspace database
  from the OS page cache before each run (the first run after a while pays that read);
- the event loop's longest stall (and p99) while a full index rebuild, a publish of three
  locales and the machine translation of a long article (from a LibreTranslate stand-in
  on 127.0.0.1, run in its own process) go through the studio's op helper
  (tests/perf/gui_stalls.py, one fresh studio process; `--stalls ""` skips it).
The studio runs offscreen (QT_QPA_PLATFORM=offscreen), so no display is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

LOCALES = ("en", "zh-Hans", "ja", "ko", "es", "ru", "ar")
QUERIES = ("withdraw", "fee", "api key", "提现", "zzzz-no-match", "futures", "")

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from kbstudio.services.workspace import Workspace
from kbstudio.gui.app import open_window

ws = Workspace.open(Path(sys.argv[1]))
window = open_window(ws, user="grace")
window.show()
QApplication.processEvents()
print(json.dumps({"event": "shown"}), flush=True)
while not window.tree_loaded:  # the tree loads in the background
    QApplication.processEvents()
    time.sleep(0.002)
for _ in range(3):
    QApplication.processEvents()
articles = len(window.tree_panel.model.tree.articles())
print(json.dumps({"event": "interactive", "articles": articles}), flush=True)

panel = window.tree_panel
timings = {}
for query in json.loads(sys.argv[2]):
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        panel.search.setText(query)
        panel.apply_filter()
        QApplication.processEvents()
        runs.append((time.perf_counter() - start) * 1000)
        panel.search.setText("")
        panel.apply_filter()
        QApplication.processEvents()
    timings[query] = runs
# "Needs my action" for a reviewer of en and es.
runs = []
for _ in range(5):
    start = time.perf_counter()
    panel.mine.setChecked(True)
    QApplication.processEvents()
    runs.append((time.perf_counter() - start) * 1000)
    panel.mine.setChecked(False)
    QApplication.processEvents()
timings["<needs my action>"] = runs
# Longest the event loop stalls while a save (search refresh) and the tree reload run:
# a 5 ms timer ticks throughout; the biggest gap between ticks is the worst freeze.
from PySide6.QtCore import QTimer
from kbstudio.gui import ops
first = window.tree_panel.model.tree.articles()[0].id
window.set_user("admin")
window.open_article(first)
window.editor.appendPlainText("benchmark edit")
ticks = []
timer = QTimer()
timer.setInterval(5)
timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
timer.start()
start = time.perf_counter()
window.save()
while time.perf_counter() - start < 0.2 or ops._running:
    QApplication.processEvents()
    time.sleep(0.001)
timer.stop()
save_s = time.perf_counter() - start
gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:])]
stall = max(gaps) if gaps else 0.0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"event": "done", "filter_ms": timings, "peak_rss_mb": rss,
                  "save_s": save_s, "save_stall_ms": stall}), flush=True)
window.doc.key = None
window.close()
window.deleteLater()
QApplication.processEvents()
ws.close()
"""


def prepare(root: Path, articles: int, seed: int) -> Path:
    from kbstudio.services.workspace import Workspace
    from tests.perf.corpus import generate

    ws_dir = root / f"ws-{articles}"
    if (ws_dir / "kbstudio.toml").exists():
        return ws_dir
    corpus = generate(root / "corpus", articles=articles, locales=LOCALES, seed=seed, words=150)
    start = time.perf_counter()
    ws = Workspace.init(ws_dir)
    # The studio never reads the search index at start-up; skip building it for 70,000 texts.
    ws.search.refresh = lambda *args, **kwargs: None  # type: ignore[method-assign]
    report = ws.import_path(corpus)
    assert not report.errors, report.errors[:3]
    ws.close()
    print(
        f"prepare: imported {articles} articles x {len(LOCALES)} locales"
        f" in {time.perf_counter() - start:.0f} s"
    )
    return ws_dir


def drop_db_cache(ws_dir: Path) -> None:
    """Evict the workspace database from the OS page cache (as after a reboot or a while)."""
    for path in ws_dir.glob("kbstudio.db*"):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def run_once(ws_dir: Path, *, cold_cache: bool = False) -> tuple[float, dict]:
    if cold_cache:
        drop_db_cache(ws_dir)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="kb-bench-gui-config-")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ws_dir), json.dumps(QUERIES, ensure_ascii=False)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    shown = json.loads(proc.stdout.readline())
    shown_s = time.perf_counter() - start
    assert shown["event"] == "shown", shown
    first = json.loads(proc.stdout.readline())
    cold = time.perf_counter() - start
    assert first["event"] == "interactive", first
    done = json.loads(proc.stdout.readline())
    proc.wait(60)
    return cold, {**first, **done, "shown_s": shown_s}


STUB = (
    "import time; from tests import libre_stub; stub, _server = libre_stub.start();"
    " print(stub.url, flush=True); time.sleep(3600)"
)


def run_stalls(ws_dir: Path, wanted: str, helper_nice: int | None = None) -> None:
    """Measure the GUI's stalls during slow ops in a fresh studio process; print them."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if helper_nice is not None:
        env["KB_HELPER_NICE"] = str(helper_nice)
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="kb-bench-gui-config-")
    out = Path(tempfile.mkdtemp(prefix="kb-bench-gui-out-"))
    stub = subprocess.Popen(
        [sys.executable, "-c", STUB], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert stub.stdout is not None
        url = stub.stdout.readline().strip()
        child = ROOT / "tests" / "perf" / "gui_stalls.py"
        proc = subprocess.run(
            [sys.executable, str(child), str(ws_dir), url, str(out), wanted],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=False,
        )
        nice = f", helper processes at nice {helper_nice}" if helper_nice is not None else ""
        print(f"GUI stalls (5 ms heartbeat; load average {os.getloadavg()[0]:.1f}{nice}):")
        for line in proc.stdout.splitlines():
            if not line.startswith("{"):
                continue
            row = json.loads(line)
            extra = {k: v for k, v in row.items() if k not in ("op", "seconds", "ticks")}
            print(
                f"  {row['op']}: {row['seconds']:.1f} s, longest stall {row['max_ms']:.0f} ms,"
                f" p99 {row['p99_ms']:.1f} ms ({extra})"
            )
        if proc.returncode:
            print(proc.stderr[-3000:])
            raise SystemExit(f"gui_stalls.py failed ({proc.returncode})")
    finally:
        stub.kill()
        stub.wait()
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="folder to keep the prepared workspace in")
    ap.add_argument(
        "--stalls",
        default="idle,index,publish,translate",
        help="ops to measure GUI stalls during (comma-separated; empty to skip)",
    )
    ap.add_argument(
        "--cold-cache",
        action="store_true",
        help="evict the workspace database from the page cache before each start-up run",
    )
    ap.add_argument(
        "--helper-nice",
        type=int,
        help="priority of the studio's helper processes (default: the studio's own, 10)",
    )
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="kb-bench-gui-"))
    try:
        ws_dir = prepare(root, args.articles, args.seed)
        print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        colds, shown, result = [], [], {}
        for _ in range(args.runs):
            cold, result = run_once(ws_dir, cold_cache=args.cold_cache)
            colds.append(cold)
            shown.append(result["shown_s"])
        if args.stalls:
            run_stalls(ws_dir, args.stalls, args.helper_nice)
        if not args.runs:
            return
        cache = " (database evicted from the page cache before each run)" if args.cold_cache else ""
        print(f"studio: {result['articles']} articles x {len(LOCALES)} locales{cache}")
        print(f"cold start to window shown: median {statistics.median(shown):.2f} s")
        print(
            f"cold start to interactive (tree loaded): median {statistics.median(colds):.2f} s"
            f" (runs: {', '.join(f'{c:.2f}' for c in colds)})"
        )
        for query, runs in result["filter_ms"].items():
            label = query or "<clear>"
            print(
                f"filter {label!r}: median {statistics.median(runs):.1f} ms, max {max(runs):.1f} ms"
            )
        print(
            f"save with tree reload: {result['save_s']:.2f} s in the background,"
            f" longest GUI stall {result['save_stall_ms']:.0f} ms"
        )
        print(f"peak RSS: {result['peak_rss_mb']:.0f} MB")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
