"""Translation benchmarks: segmentation throughput, and pre-fill from translation memory alone.

python tests/perf/bench_translate.py [--articles 1000] [--seed 1234]

1. Segmentation: every article body of a synthetic corpus (en and ja), cut into units and
   rebuilt; then placeholder protection of every English unit.
2. Pre-fill: a workspace whose ja translations are approved gives its memory as TMX; a
   second workspace with the same English articles and no ja text imports that TMX and
   pre-fills all of them with ``translate --all --memory-only`` (no provider, no network).
Prints numbers only; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kbstudio.interchange.textfile import split_front_matter
from kbstudio.services.workspace import Workspace
from kbstudio.translation.protect import protect
from kbstudio.translation.segmentation import segment
from tests.perf.corpus import generate


def bench_segmentation(corpus: Path) -> None:
    paths = sorted(corpus.glob("articles/*/*.md"))
    bodies = [split_front_matter(p.read_text(encoding="utf-8"), shown=str(p)).body for p in paths]
    mb = sum(len(b.encode()) for b in bodies) / 1e6
    for _ in range(2):
        start = time.perf_counter()
        docs = [segment(b) for b in bodies]
        took = time.perf_counter() - start
        units = sum(len(d.segments) for d in docs)
        print(
            f"segment: {len(bodies)} bodies ({mb:.1f} MB), {units} units in {took:.2f} s"
            f" = {len(bodies) / took:,.0f} bodies/s, {units / took:,.0f} units/s"
        )
    start = time.perf_counter()
    for d in docs:
        assert d.rebuild([s.text for s in d.segments]) == d.text
    print(f"rebuild: {len(docs)} bodies in {time.perf_counter() - start:.2f} s")
    english = [
        s.text for p, d in zip(paths, docs, strict=True) if p.stem == "en" for s in d.segments
    ]
    start = time.perf_counter()
    for text in english:
        protect(text)
    took = time.perf_counter() - start
    print(f"protect: {len(english)} units in {took:.2f} s = {len(english) / took:,.0f} units/s")


def bench_prefill(corpus: Path, tmp: Path, articles: int) -> None:
    start = time.perf_counter()
    donor = Workspace.init(tmp / "donor")
    assert donor.import_path(corpus).ok
    tmx = donor.translation.export_tmx("ja")
    donor.close()
    tus = tmx.count(b"<tu>") + tmx.count(b"<tu ")
    print(
        f"memory: {tus} TMX units from {articles} approved ja texts"
        f" (import and export {time.perf_counter() - start:.1f} s)"
    )
    for path in corpus.glob("articles/*/ja.md"):
        path.unlink()
    ws = Workspace.init(tmp / "target")
    assert ws.import_path(corpus).ok
    ws.add_user("tl", roles=["translator"], locales=["ja"], actor="admin")
    start = time.perf_counter()
    ws.translation.import_tmx(tmx, locale="ja", shown="donor.tmx")
    print(f"tm import: {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    batch = ws.translation.translate_all("ja", actor="tl", use_provider=False)
    took = time.perf_counter() - start
    units = [u for r in batch.results for u in r.units]
    hits = sum(u.origin == "memory" for u in units)
    saved = sum(1 for r in batch.results if r.change is not None and r.change.changed)
    print(
        f"pre-fill from memory: {len(batch.results)} articles, {saved} drafts saved,"
        f" {hits}/{len(units)} units from memory in {took:.1f} s"
        f" = {len(batch.results) / took:,.1f} articles/s"
    )
    ws.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kb-bench-translate-"))
    try:
        corpus = generate(
            tmp / "corpus", articles=args.articles, locales=("en", "ja"), seed=args.seed
        )
        bench_segmentation(corpus)
        bench_prefill(corpus, tmp, args.articles)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
