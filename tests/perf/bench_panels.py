"""Studio panels benchmark: "rank if saved" for an unsaved edit, over N articles. Numbers only.

python tests/perf/bench_panels.py [--articles 10000] [--seed 1234]

The search panel ranks the open article's unsaved text against every suite query that
expects it, in a copy of the locale's index. A suite is written for the corpus: five
queries made of words of one article's title.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kbstudio.services.search import BUNDLED_TUNING
from kbstudio.services.search_whatif import ranks_if_saved
from kbstudio.services.workspace import Workspace
from tests.perf.corpus import generate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kb-bench-panels-"))
    try:
        corpus = generate(tmp / "corpus", articles=args.articles, locales=("en",), seed=args.seed)
        ws = Workspace.init(tmp / "ws")
        assert not ws.import_path(corpus).errors
        target = ws.translations(locale="en")[args.articles // 2]
        info, body = ws.show(target.article_id, locale="en")
        words = info.title.split()
        tuning = tmp / "tuning"
        shutil.copytree(BUNDLED_TUNING, tuning)
        shutil.rmtree(tuning / "suites")
        (tuning / "suites").mkdir()
        queries = "".join(
            f'[[query]]\nq = "{" ".join(words[i : i + 2])}"\nexpect = ["{target.article_id}"]\n\n'
            for i in range(min(5, max(len(words) - 1, 1)))
        )
        (tuning / "suites" / "en.toml").write_text(f'view = "working"\n\n{queries}')
        ws.search.tuning_dir = tuning
        start = time.perf_counter()
        ws.search.ensure("en", "working")
        print(f"index: {args.articles} articles in {time.perf_counter() - start:.1f} s")
        edits = (("same text", info.title, body), ("edited", "Notes", "Nothing left of it.\n"))
        for label, title, text in edits:
            for _ in range(2):
                start = time.perf_counter()
                changes = ranks_if_saved(
                    ws.search, target.article_id, locale="en", title=title, body=text
                )
                took = time.perf_counter() - start
                print(
                    f"rank if saved ({label}): {len(changes)} queries over {args.articles}"
                    f" articles in {took:.2f} s"
                )
        ws.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
