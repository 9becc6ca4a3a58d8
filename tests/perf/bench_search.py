"""Search benchmark: full builds (en, zh-Hans), save-to-searchable, query latency.

Prints numbers; asserts nothing about time. The plain-Whoosh baseline (Whoosh's own
analyzers, its QueryParser and default scoring) runs in the same process on the same
texts, and the ratios are printed.

    python tests/perf/bench_search.py [--articles 10000] [--seed 1234]
"""

from __future__ import annotations

import argparse
import gc
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from whoosh import index as windex
from whoosh.analysis import NgramTokenizer, StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import MultifieldParser, OrGroup

from kbstudio.search.textify import plain_text
from kbstudio.services.workspace import Workspace
from tests.perf.corpus import generate


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def baseline_build(
    texts: list[tuple[str, str, str]], folder: Path, locale: str, procs: int = 1
) -> float:
    analyzer = StemmingAnalyzer() if locale == "en" else NgramTokenizer(2, 2)
    schema = Schema(
        id=ID(stored=True, unique=True), title=TEXT(analyzer=analyzer), body=TEXT(analyzer=analyzer)
    )
    ix = windex.create_in(str(folder), schema)
    start = time.perf_counter()
    writer = ix.writer(procs=procs, multisegment=procs > 1, limitmb=256)
    for aid, title, body in texts:
        writer.add_document(id=aid, title=title, body=body)
    writer.commit()
    return time.perf_counter() - start


def baseline_queries(folder: Path, queries: list[str]) -> list[float]:
    ix = windex.open_dir(str(folder))
    parser = MultifieldParser(["title", "body"], ix.schema, group=OrGroup)
    times = []
    with ix.searcher() as s:
        for q in queries:
            start = time.perf_counter()
            s.search(parser.parse(q), limit=10)
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--saves", type=int, default=100)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--locales", default="en,zh-Hans", help="measured in this order")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="kb-bench-search-"))
    try:
        corpus = generate(
            tmp / "corpus", articles=args.articles, locales=("en", "zh-Hans"), seed=args.seed
        )
        # Import in another process, as a team would before writers start: what this
        # process measures is a writer's session, not the import's leftovers.
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kbstudio", "init", str(tmp / "ws"), "--from", str(corpus)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        took = time.perf_counter() - start
        print(
            f"import: {2 * args.articles} texts in {took:.1f} s ({2 * args.articles / took:.0f}/s)"
        )
        ws = Workspace.open(tmp / "ws")
        for locale in args.locales.split(","):
            docs = [
                (i.article_id, i.title, ws.show(i.article_id, locale=locale)[1])
                for i in ws.translations(locale=locale)
            ]
            plain = [(a, t, plain_text(b).body) for a, t, b in docs]
            (tmp / f"base-{locale}").mkdir()
            base = baseline_build(plain, tmp / f"base-{locale}", locale)
            (tmp / f"base2-{locale}").mkdir()
            base2 = baseline_build(plain, tmp / f"base2-{locale}", locale, procs=2)
            built = ws.search.rebuild(locales=[locale], views=("working",))[0]
            ours = built.documents / built.seconds
            print(
                f"full build {locale}: {ours:.0f} docs/s ({built.seconds:.1f} s);"
                f" plain Whoosh {len(docs) / base:.0f} docs/s, procs=2 {len(docs) / base2:.0f}"
                f" docs/s; ratio {ours / (len(docs) / base):.2f}x"
            )
            ids = [d[0] for d in docs]
            titles = [d[1] for d in docs]
            # The baseline's texts are the benchmark's, not the app's: drop them so that
            # collecting them does not land in the middle of a timed save.
            del docs, plain
            gc.collect()
            saves, searchable = [], []
            for n in range(args.saves):
                aid = rng.choice(ids)
                word = f"zq{n}x{rng.randrange(10**6)}"
                body = ws.show(aid, locale=locale)[1] + f"\n{word}\n"
                start = time.perf_counter()
                ws.edit(aid, locale=locale, body=body, actor="admin")
                saved = time.perf_counter()
                hits = ws.search.search(word, locale=locale).hits
                found = time.perf_counter()
                assert hits
                assert hits[0].article_id == aid
                saves.append(saved - start)
                searchable.append(found - start)
            lookups = sorted(round((b - a) * 1000) for a, b in zip(saves, searchable, strict=True))
            print(f"  search right after a save {locale}: slowest {lookups[-6:]} ms")
            print(
                f"save (edit + index update) {locale}: median {statistics.median(saves) * 1000:.0f}"
                f" ms, p95 {p95(saves) * 1000:.0f} ms; save to searchable p95"
                f" {p95(searchable) * 1000:.0f} ms"
            )
            cut = 3 if locale == "en" else 4
            queries = [
                " ".join(t.split()[:cut]) if locale == "en" else t[:cut]
                for t in (rng.choice(titles) for _ in range(args.queries))
            ]
            ws.search.close()  # cold: a fresh searcher, no cached postings
            for label in ("first pass (cold)", "second pass (warm)"):
                times = []
                for q in queries:
                    start = time.perf_counter()
                    ws.search.search(q, locale=locale, explain=True)
                    times.append(time.perf_counter() - start)
                print(
                    f"query top-10 with explanation {locale}, {label}: p95"
                    f" {p95(times) * 1000:.1f} ms (median {statistics.median(times) * 1000:.1f})"
                )
            base_times = baseline_queries(tmp / f"base-{locale}", queries)
            print(
                f"plain Whoosh query {locale} (title+body, no explanation): p95"
                f" {p95(base_times) * 1000:.1f} ms (median"
                f" {statistics.median(base_times) * 1000:.1f})"
            )
        ws.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
