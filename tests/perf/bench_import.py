"""Import/export benchmark on the generated corpus: first import, idempotent re-import, export.

Prints numbers; asserts nothing about time.

    python tests/perf/bench_import.py [--articles 10000] [--locales en,zh-Hans] [--seed 1234]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kbstudio.services.workspace import Workspace
from tests.perf.corpus import generate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--locales", default="en,zh-Hans")
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    locales = tuple(args.locales.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="kb-bench-import-"))
    try:
        start = time.perf_counter()
        corpus = generate(tmp / "corpus", articles=args.articles, locales=locales, seed=args.seed)
        texts = args.articles * len(locales)
        print(
            f"corpus: {args.articles} articles x {len(locales)} locales"
            f" in {time.perf_counter() - start:.1f} s"
        )
        ws = Workspace.init(tmp / "ws")
        for label in ("first import", "re-import (unchanged)"):
            start = time.perf_counter()
            report = ws.import_path(corpus)
            took = time.perf_counter() - start
            assert not report.errors, report.errors[:3]
            print(
                f"{label}: {texts} texts in {took:.1f} s ({texts / took:.0f}/s);"
                f" {len(report.created)} created, {len(report.updated)} updated,"
                f" {report.unchanged} unchanged"
            )
        start = time.perf_counter()
        files = ws.export(tmp / "export")
        took = time.perf_counter() - start
        print(f"export: {len(files)} files in {took:.1f} s ({len(files) / took:.0f}/s)")
        start = time.perf_counter()
        rows = ws.translations()
        print(f"list all texts: {len(rows)} in {(time.perf_counter() - start) * 1000:.0f} ms")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS: {peak:.0f} MB")
        ws.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
