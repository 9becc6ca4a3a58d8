"""Publishing benchmark: the static site of N articles x 3 locales, full and incremental,
side by side with MkDocs and Hugo on the same Markdown. Prints numbers only.

python tests/perf/bench_publish.py [--articles 10000] [--seed 1234] [--no-peers]

Also prints what a reader downloads before the first results (search.js, the stemmer,
the locale's meta.js, the term chunks and length tables the query needs, and the document
chunks of the ten results shown), raw and gzipped, over queries made from article titles,
short and long ones, and the locale's relevance suite.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kbstudio.domain.workflow import Action
from kbstudio.publishing.swap import wait_for_cleanup
from kbstudio.services.publish import collect
from kbstudio.services.workspace import Workspace
from tests.perf.corpus import generate

LOCALES = ("en", "zh-Hans", "ja")
PEER_TIMEOUT = 1800
EDITS = 5  # one-edit republishes timed in a row
STATIC = Path(__file__).resolve().parents[2] / "kbstudio/publishing/theme/static"
NODE_RUN = Path(__file__).resolve().parents[1] / "publish/node_run.js"


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    took = time.perf_counter() - start
    print(f"{label}: {took:.2f} s", flush=True)
    return result, took


def write_markdown(ws: Workspace, root: Path) -> dict[str, list[tuple[str, str, str]]]:
    """The published texts as plain Markdown files, per locale: (slug, title, body)."""
    site = collect(ws)
    site.fill_bodies(list(site.articles))
    pages: dict[str, list[tuple[str, str, str]]] = {}
    for a in site.articles.values():
        pages.setdefault(a.locale, []).append((a.slug, a.title, site.body(a)))
    return pages


def mkdocs_build(pages: dict[str, list[tuple[str, str, str]]], root: Path) -> float | None:
    docs = root / "mkdocs" / "docs"
    for loc, items in pages.items():
        (docs / loc).mkdir(parents=True, exist_ok=True)
        for slug, title, body in items:
            (docs / loc / f"{slug}.md").write_text(f"# {title}\n\n{body}\n", encoding="utf-8")
    (docs / "index.md").write_text("# Help center\n", encoding="utf-8")
    (root / "mkdocs" / "mkdocs.yml").write_text(
        "site_name: Bench\nuse_directory_urls: false\n", encoding="utf-8"
    )
    exe = Path(sys.executable).parent / "mkdocs"
    if not exe.exists():
        print("mkdocs: not installed")
        return None
    start = time.perf_counter()
    cmd = [exe, "build", "-q"]
    try:
        done = subprocess.run(
            cmd, cwd=root / "mkdocs", capture_output=True, check=False, timeout=PEER_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        print(f"mkdocs build: not finished after {PEER_TIMEOUT} s (stopped)", flush=True)
        return float(PEER_TIMEOUT)  # a lower bound
    took = time.perf_counter() - start
    print(f"mkdocs build: {took:.2f} s (exit {done.returncode})", flush=True)
    return took if done.returncode == 0 else None


def hugo_build(pages: dict[str, list[tuple[str, str, str]]], root: Path) -> float | None:
    hugo = shutil.which("hugo")
    if hugo is None:
        print("hugo: not installed")
        return None
    site = root / "hugo"
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text(
        "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head>"
        "<body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n"
    )
    (site / "layouts" / "_default" / "list.html").write_text(
        '<!DOCTYPE html><html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">'
        "{{ .Title }}</a>{{ end }}</body></html>\n"
    )
    (site / "hugo.toml").write_text('baseURL = "/"\ntitle = "Bench"\n', encoding="utf-8")
    for loc, items in pages.items():
        folder = site / "content" / loc
        folder.mkdir(parents=True, exist_ok=True)
        for slug, title, body in items:
            front = json.dumps({"title": title}, ensure_ascii=False)
            (folder / f"{slug}.md").write_text(f"{front}\n\n{body}\n", encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run(
        [hugo, "--quiet"], cwd=site, capture_output=True, check=False, timeout=PEER_TIMEOUT
    )
    took = time.perf_counter() - start
    print(f"hugo build: {took:.2f} s (exit {done.returncode})", flush=True)
    if done.returncode != 0:
        print(done.stderr.decode()[:500])
    return took if done.returncode == 0 else None


FIRST_RESULTS = """function (input, root) {
  var state = root.KBSearch.store[input.locale], meta = state.meta;
  var a = new root.KBSearch.Analyzer(meta, meta.stemmer ? root.KBStem[meta.stemmer] : null);
  return input.queries.map(function (q) {
    var leaves = a.plan(q);
    var top = root.KBSearch.rank(state, leaves).slice(0, 10);
    var docs = new Set(top.map(function (r) { return Math.floor(r[0] / meta.docChunk); }));
    return root.KBSearch.filesFor(meta, leaves).concat(
      Array.from(docs).sort(function (x, y) { return x - y; }).map(function (n) {
        return 'd' + n + '.js';
      }));
  });
}"""


def first_results_bytes(out: Path, locale: str, queries: list[str]) -> list[tuple[int, int]]:
    """(raw, gzip) bytes a reader loads before the first results of each query: search.js,
    the stemmer, meta.js, the term chunks and length tables the query needs, and the
    document chunks of the ten results shown."""
    folder = out / "search" / locale
    meta = folder / "meta.js"
    stem = json.loads(meta.read_text("utf-8").split(",", 1)[1].rsplit(")", 1)[0])["stemmer"]
    files = [STATIC / "search.js", *([STATIC / "stem" / f"{stem}.js"] if stem else []), meta]
    index = sorted(folder.glob("t*.js")) + sorted(folder.glob("l*.js"))
    job = {"files": [str(f) for f in [*files, *index]], "code": FIRST_RESULTS,
           "input": {"locale": locale, "queries": queries}}  # fmt: skip
    done = subprocess.run(
        ["node", NODE_RUN], input=json.dumps(job), capture_output=True, text=True, check=True
    )
    sizes: dict[Path, tuple[int, int]] = {}

    def size(path: Path) -> tuple[int, int]:
        if path not in sizes:
            data = path.read_bytes()
            sizes[path] = (len(data), len(gzip.compress(data, 6)))
        return sizes[path]

    out_sizes = []
    for names in json.loads(done.stdout):
        needed = [*files, *(folder / name for name in names)]
        out_sizes.append((sum(size(p)[0] for p in needed), sum(size(p)[1] for p in needed)))
    return out_sizes


def short(title: str) -> str:
    """A query as readers type it: two words, or four CJK characters."""
    words = title.split()
    return " ".join(words[:2]) if len(words) > 2 else title[:4]


def long_queries(titles: list[str], count: int = 50, *, chars: int = 0) -> list[str]:
    """Long queries from four consecutive titles run together: their first *chars*
    characters (30: the brief's "30-character query"), or else their first 12 words."""
    out = []
    for i in range(count):
        text = " ".join(titles[i : i + 4])
        out.append(text[:chars] if chars else " ".join(text.split()[:12]))
    return out


def _p95(values: list[int]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def report_sizes(out: Path, locale: str, label: str, queries: list[str]) -> None:
    sizes = first_results_bytes(out, locale, queries)
    raw = [r for r, _ in sizes]
    packed = [g for _, g in sizes]
    print(
        f"  first results {locale} {label} ({len(sizes)} queries): raw median"
        f" {statistics.median(raw) / 1000:.0f} kB, p95 {_p95(raw) / 1000:.0f} kB,"
        f" max {max(raw) / 1000:.0f} kB; gzip median {statistics.median(packed) / 1000:.0f} kB,"
        f" p95 {_p95(packed) / 1000:.0f} kB, max {max(packed) / 1000:.0f} kB"
    )


def suite_queries(locale: str) -> list[str]:
    path = Path(__file__).resolve().parents[2] / "search_index" / "suites" / f"{locale}.toml"
    if not path.exists():
        return []
    return [q["q"] for q in tomllib.loads(path.read_text(encoding="utf-8"))["query"]]


def main() -> None:
    global PEER_TIMEOUT
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--no-peers", action="store_true", help="skip MkDocs and Hugo")
    ap.add_argument("--peer-timeout", type=int, default=PEER_TIMEOUT, help="seconds per peer")
    args = ap.parse_args()
    PEER_TIMEOUT = args.peer_timeout
    tmp = Path(tempfile.mkdtemp(prefix="kb-bench-publish-"))
    try:
        corpus = generate(tmp / "corpus", articles=args.articles, locales=LOCALES, seed=args.seed)
        ws = Workspace.init(tmp / "ws")
        report, _ = timed("import", lambda: ws.import_path(corpus))
        assert not report.errors, report.errors[:3]
        timed("published search index", lambda: ws.search.rebuild(views=("published",)))
        out = tmp / "site"
        n = args.articles * len(LOCALES)
        first, full = timed(f"publish full ({n} texts)", lambda: ws.publish(out))
        print(f"  pages written {first.pages_written}, files {first.files}")
        # One edit, published, then the republish: it rewrites that page only. Several
        # in a row, of different articles: the first follows the full build.
        ids = sorted({a.id for a in collect(ws).articles.values()})
        rng = random.Random(args.seed)
        edits = [ids[0], *rng.sample(ids[1:], EDITS - 1)]
        times = []
        for n, aid in enumerate(edits, 1):
            _, body = ws.show(aid, locale="en")
            ws.edit(aid, locale="en", body=body + "\n\nOne more sentence.", actor="mia")
            ws.act(Action.SUBMIT, aid, locale="en", actor="mia")
            for action in (Action.APPROVE, Action.PUBLISH):
                ws.act(action, aid, locale="en", actor="admin")
            wait_for_cleanup()
            label = f"publish incremental {n}/{EDITS} (one article changed: {aid})"
            again, took = timed(label, lambda: ws.publish(out))
            print(f"  pages written {again.pages_written}, unchanged {again.pages_unchanged}")
            times.append(took)
        incr = statistics.median(times)
        timed("  then deleting the replaced site (background thread)", wait_for_cleanup)
        _, noop = timed("publish again, nothing changed", lambda: ws.publish(out))
        wait_for_cleanup()
        site = collect(ws)
        for loc in LOCALES:
            titles = [a.title for a in site.articles.values() if a.locale == loc][:200]
            report_sizes(out, loc, "titles", titles)
            report_sizes(out, loc, "short", [short(t) for t in titles])
            report_sizes(out, loc, "30 chars", long_queries(titles, chars=30))
            report_sizes(out, loc, "12 words", long_queries(titles))
            suite = suite_queries(loc)
            if suite:
                report_sizes(out, loc, "suite", suite)
        if not args.no_peers:
            pages = write_markdown(ws, tmp)
            mk = mkdocs_build(pages, tmp)
            hg = hugo_build(pages, tmp)
            if mk:
                bound = " (at least)" if mk >= PEER_TIMEOUT else ""
                print(f"ratio: MkDocs / kbstudio full publish = {mk / full:.1f}x{bound}")
            if hg:
                print(f"ratio: Hugo / kbstudio full publish = {hg / full:.2f}x")
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(f"incremental: median {incr:.2f} s of {EDITS} ({runs})")
        print(f"nothing changed: {noop:.2f} s")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        ws.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
