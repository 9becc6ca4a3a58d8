"""Content-health benchmark: `check` over N articles x 7 locales. Prints numbers only.

python tests/perf/bench_check.py [--articles 10000] [--seed 1234]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kbstudio.services.workspace import Workspace
from tests.perf.corpus import generate

LOCALES = ("en", "zh-Hans", "ja", "ko", "es", "ru", "ar")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kb-bench-check-"))
    try:
        corpus = generate(tmp / "corpus", articles=args.articles, locales=LOCALES, seed=args.seed)
        ws = Workspace.init(tmp / "ws")
        start = time.perf_counter()
        report = ws.import_path(corpus)
        assert not report.errors, report.errors[:3]
        texts = args.articles * len(LOCALES)
        print(f"import: {texts} texts in {time.perf_counter() - start:.1f} s")
        for _ in range(2):
            start = time.perf_counter()
            result = ws.check(with_search=False)
            took = time.perf_counter() - start
            print(
                f"check: {texts} texts ({args.articles} articles x {len(LOCALES)} locales),"
                f" {len(result.findings)} findings in {took:.2f} s"
            )
        ws.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
