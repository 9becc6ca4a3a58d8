"""Build the static site: render (only what changed) into a folder beside OUT, then swap.

Stages: the caller collects a SiteInput; pages.py turns it into page jobs; this module
renders the jobs whose input fingerprint changed since the last build (the others are
hard-linked from the current site), adds assets, search index, sitemap and feeds, writes
``manifest.json`` (SHA-256 of every file, and each page's input fingerprint), and only
then swaps the new folder in. Until the swap, OUT is not touched: a crash, a kill or a
cancel leaves the previous site whole.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import multiprocessing as mp
import os
import shutil
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

try:
    import fcntl
except ImportError:  # not POSIX: builds are not locked against each other
    fcntl = None  # type: ignore[assignment]

from kbstudio.domain.errors import ConflictError, KBError, ValidationError
from kbstudio.domain.model import ArticleType
from kbstudio.publishing import buildstate, extras, manifest, searchexport, spare, theme
from kbstudio.publishing.pages import PageJob, Pages, site_settings, structure_fields
from kbstudio.publishing.site import SHARDS as FACT_SHARDS
from kbstudio.publishing.site import Fact, LinkReport, OldFacts, article_path, digest, shard_of
from kbstudio.publishing.swap import remove_leftovers, swap

if TYPE_CHECKING:
    import threading
    from pathlib import Path

    from kbstudio.publishing.model import SearchSource, SiteInput

# Pages rendered by the worker processes: (job number, bytes, link problems).
Rendered = Generator[tuple[int, bytes, dict[str, list[str]]], None, None]
Progress = Callable[[int, int, str], None]


class BuildCancelledError(KBError):
    def __init__(self) -> None:
        super().__init__("cancelled", "publish cancelled; the previous site is unchanged")


@dataclass
class BuildResult:
    out: Path
    pages_written: int = 0
    pages_unchanged: int = 0
    files: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    external_links: list[str] = field(default_factory=list)
    # locale -> [inputs of its search export, SHA-256 of its meta.js]
    search_states: dict[str, list[str]] = field(default_factory=dict)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_out(out: Path) -> None:
    """OUT must be a previous site or an empty or missing folder: never clobber other files."""
    if out.exists() and (
        not out.is_dir() or (any(out.iterdir()) and not (out / manifest.MANIFEST).exists())
    ):
        raise ValidationError(
            "not-a-site",
            f"{out} exists and is not a site built by kbstudio; choose an empty or new folder",
            file=str(out),
        )


def _check_rel(rel: str) -> str:
    """*rel* itself, refusing any relative path that could point outside the site.

    A check on the text, not resolve(): the new folder holds no links, and resolving
    every path of a 30,000-page site costs seconds on each incremental build.
    """
    parts = rel.split("/")
    if (
        not rel
        or "\\" in rel
        or "\0" in rel
        or any(p in ("", ".", "..") for p in parts)
        or ":" in parts[0]
    ):
        raise ValidationError("unsafe-path", f"{rel!r} would be written outside the site")
    return rel


class _Writer:
    """Writes files into the new folder, linking those the current site already has.

    Paths are plain strings: an incremental build links tens of thousands of files,
    and pathlib's object per path cost more than the links themselves.

    *in_place*: the folder is the spare (spare.py), already equal to the current site,
    so a kept file needs no link; a written one is unlinked first (the current site
    shares it), and what the new site no longer has is removed by finish().
    """

    def __init__(
        self, tmp: Path, out: Path, old: dict[str, Any], in_place: bool = False, old_text: str = ""
    ) -> None:
        self.tmp, self.out, self.old, self.in_place = tmp, out, old, in_place
        self._old_text = old_text
        # After keep_all(): the paths whose entries may differ from the current manifest.
        self._touched: set[str] | None = None
        self._tmp, self._out = f"{tmp}/", f"{out}/"
        self.manifest: dict[str, Any] = {}
        self.written: set[str] = set()  # files that are new here (not the current site's)
        self.digest = ""  # SHA-256 of the manifest, once written
        self._folders: set[str] = set()

    def _target(self, rel: str) -> str:
        folder = _check_rel(rel).rpartition("/")[0]
        if folder not in self._folders:  # one mkdir per folder, not per file
            os.makedirs(self._tmp + folder, exist_ok=True)
            self._folders.add(folder)
        return self._tmp + rel

    def keep(self, rel: str, entry: dict[str, Any]) -> bool:
        """Reuse the current site's file for *rel*; False when it is gone."""
        if self._touched is not None and self.old.get(rel) is not entry:
            self._touched.add(rel)
        if self.in_place and rel in self.old and rel not in self.written:
            self.manifest[rel] = entry
            return True
        src, dst = self._out + rel, self._target(rel)
        self._unlink(rel)
        try:
            os.link(src, dst)
        except FileNotFoundError:
            return False
        except OSError:  # no hard links here (another file system): copy
            if not os.path.isfile(src):
                return False
            shutil.copyfile(src, dst)
            self.written.add(rel)
        self.manifest[rel] = entry
        return True

    def keep_all(self) -> None:
        """Every file of the current site, as it is (an incremental build then writes only
        what changed); those that went missing are left out."""
        if self.in_place:
            self.manifest.update(self.old)
        else:
            for rel, entry in self.old.items():
                self.keep(rel, entry)
        self._touched = {rel for rel in self.old if rel not in self.manifest}

    def drop(self, rels: list[str]) -> None:
        """Take back files kept or written (they are not in the new site after all)."""
        for rel in rels:
            if self._touched is not None:
                self._touched.add(rel)
            if self.manifest.pop(rel, None) is not None:
                os.unlink(self._tmp + rel)
                self.written.add(rel)  # gone from here: never "kept" again

    def write(self, rel: str, data: bytes, **extra: Any) -> None:
        entry = {"sha256": _sha(data), **extra}
        if self._touched is not None:
            self._touched.add(rel)
        old = self.old.get(rel)
        if old and old.get("sha256") == entry["sha256"] and self.keep(rel, entry):
            return
        target = self._target(rel)
        self._unlink(rel)  # linked to the current site's file: never write through
        with open(target, "wb") as f:
            f.write(data)
        self.manifest[rel] = entry
        self.written.add(rel)

    def _unlink(self, rel: str) -> None:
        if rel in self.manifest or (self.in_place and rel in self.old):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._tmp + rel)

    def finish(self) -> None:
        """The manifest, after removing what the spare had and the new site has not."""
        if self.in_place:
            folders = set()
            for rel in self.old.keys() - self.manifest.keys():
                try:
                    os.unlink(self._tmp + rel)
                except FileNotFoundError:
                    continue
                folders.add(rel.rpartition("/")[0])
            spare.remove_empty(self.tmp, folders)
        target = self._tmp + manifest.MANIFEST
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)  # the spare's is the current site's file
        text = None
        if self._touched is not None and self._old_text:  # an incremental build
            changes = {rel: self.manifest.get(rel) for rel in self._touched}
            text = manifest.patch(self._old_text, changes)
        data = (text or manifest.text(self.manifest)).encode("utf-8")
        with open(target, "wb") as f:
            f.write(data)
        self.digest = manifest.digest(data)


def build_site(
    site: SiteInput,
    out: Path,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    state: buildstate.State | None = None,
) -> BuildResult:
    """Build *site* into *out* atomically; with *strict*, link errors abort the build.

    *state*: the build state of the site at *out*, when the caller read it already. One
    build at a time into an OUT: another one meanwhile is refused (ConflictError).
    """
    out = out.resolve()
    _check_out(out)
    with _exclusive(out):
        return _build_locked(site, out, strict, progress, cancel, state)


@contextlib.contextmanager
def _exclusive(out: Path) -> Iterator[None]:
    """Hold ``.<OUT>.lock`` (an advisory lock, released when the process dies): a second
    build would delete the first one's folder beside OUT, or swap in a half-built site."""
    lock = out.with_name(f".{out.name}.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+b") as f:
        if fcntl is not None:
            try:
                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ConflictError(
                    "publish-running",
                    f"another publish into {out} is running; publish again when it ends",
                ) from None
        yield


def _build_locked(
    site: SiteInput,
    out: Path,
    strict: bool,
    progress: Progress | None,
    cancel: threading.Event | None,
    state: buildstate.State | None,
) -> BuildResult:
    old, old_text, digest_of_old = manifest.read(out)
    if state is None or state.manifest != digest_of_old:
        # Read for a site another build has replaced since: what the collector found
        # changed is relative to that one, so every page is checked.
        state = buildstate.State(out, digest_of_old)
        site.changes = None
    tmp = out.with_name(f".{out.name}.building")
    shutil.rmtree(tmp, ignore_errors=True)  # left by a build that was killed
    remove_leftovers(out)
    in_place = bool(old) and spare.take(out, tmp)
    if not in_place:
        tmp.mkdir(parents=True)
    try:
        writer = _Writer(tmp, out, old, in_place, old_text)
        result, parts, keep = _build_into(site, writer, state, progress, cancel)
        if strict and result.errors:
            raise ValidationError(
                "broken-links",
                f"{len(result.errors)} link errors; the site was not published:\n"
                + "\n".join(result.errors),
            )
        exchanged = swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if exchanged:  # tmp holds the replaced site: the next build starts from it
        spare.keep(tmp, out, writer.manifest, writer.written)
    else:  # a first build, or the old site deleted (no one-step exchange here)
        spare.create(out, writer.manifest)
    parts.update(site.state_parts)
    state.save(writer.digest, parts, (keep | site.state_keep) - parts.keys())
    return result


@dataclass
class _Delta:
    """An incremental build whose changes left the site's structure as it was: only the
    changed texts' pages (and the pages linking to them, when their anchors changed) are
    checked; every other file is the current site's."""

    structure: str
    texts: set[tuple[str, str]]


def _globals(site: SiteInput) -> str:
    """Everything but the texts that pages, feeds and root files show."""
    return digest(
        *site_settings(site),
        {loc: [e.__dict__ for e in entries] for loc, entries in site.glossary.items()},
        sorted((k, v.__dict__) for k, v in site.variables.items()),
        sorted(site.snippets.items()),
        searchexport.FORMAT,
    )


def _delta(site: SiteInput, info: Any, globals_digest: str) -> _Delta | None:
    """The incremental plan, when the collector knows what changed and none of it
    changes what every page shows (else None: every page is checked)."""
    if site.changes is None or not isinstance(info, dict) or info.get("globals") != globals_digest:
        return None
    structure = info.get("structure")
    if not isinstance(structure, str):
        return None
    for key, before in site.changes.items():
        now = site.articles.get(key)
        if before is None or now is None or structure_fields(before) != structure_fields(now):
            return None
    return _Delta(structure, set(site.changes))


def _build_into(
    site: SiteInput,
    writer: _Writer,
    state: buildstate.State,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> tuple[BuildResult, dict[str, Any], set[str]]:
    """The site into the writer's folder; returns the result, the new state parts, and
    the names of those to keep as they are."""
    result = BuildResult(writer.out)
    report = LinkReport()
    old_facts = OldFacts(lambda shard: state.get(f"facts-{shard}"))
    globals_digest = _globals(site)
    delta = _delta(site, state.get("site"), globals_digest) if writer.old else None
    pages = Pages(
        site,
        report,
        old_facts,
        structure=delta.structure if delta else None,
        check=delta.texts if delta else None,
    )
    for loc in site.locales:
        if not theme.has_catalog(loc):
            result.warnings.append(f"no compiled `site` catalog for {loc}: its pages show English")
    if delta is None:
        site.fill_bodies(pages.map.missing_facts())  # one query, not one per text
        jobs = pages.jobs()
    else:
        writer.keep_all()
        jobs = pages.jobs(_texts_to_check(site, pages, delta, writer))
    _pages_into(writer, pages, jobs, result, progress, cancel)
    if delta is None:
        files = _site_files(site, pages)
    else:
        files = _changed_site_files(site, pages, delta, writer)
    for rel, data in files.items():
        writer.write(rel, data)
    parts, keep = _facts_parts(pages.map.facts, old_facts, full=delta is None)
    for loc, source in sorted(site.search.items()):
        small, terms = _search_files(writer, loc, source, pages, state)
        parts[f"search-{loc}"] = small
        if terms is not None:
            parts[f"terms-{loc}"] = terms
        else:
            keep.add(f"terms-{loc}")
    _problems(writer.manifest, result)
    parts["site"] = {"globals": globals_digest, "structure": pages.structure}
    writer.finish()
    result.files = len(writer.manifest) + 1
    return result, parts, keep


def _facts_parts(
    found: dict[str, Fact], old: OldFacts, *, full: bool
) -> tuple[dict[str, Any], set[str]]:
    """The facts' state parts (``facts-<hex digit>``, by their keys' first digit): every
    shard after a full build (what the site's texts hold, no more); after an incremental
    one, the shards that gained facts, the others kept as they are."""
    by_shard: dict[str, dict[str, Fact]] = {}
    for key, fact in found.items():
        by_shard.setdefault(shard_of(key), {})[key] = fact
    if full:
        return {f"facts-{n}": by_shard.get(n, {}) for n in FACT_SHARDS}, set()
    parts: dict[str, Any] = {}
    for n, facts in by_shard.items():
        shard = old.shard(n)
        if any(shard.get(key) != fact for key, fact in facts.items()):
            parts[f"facts-{n}"] = {**shard, **facts}
    return parts, {f"facts-{n}" for n in FACT_SHARDS} - parts.keys()


def _texts_to_check(
    site: SiteInput, pages: Pages, delta: _Delta, writer: _Writer
) -> set[tuple[str, str]]:
    """The changed texts, and the texts whose links go to one whose anchors changed (the
    links' targets are part of a page's fingerprint), and any whose page is missing."""
    texts = {key for key in delta.texts if key in site.articles}
    site.fill_bodies(texts)
    moved = set()
    for key in texts:
        before = site.changes[key] if site.changes else None
        old = pages.map.known_facts(before.text_hash) if before is not None else None
        if old is None or old[1] is None or old[1] != pages.map.anchor_facts(site.articles[key]):
            moved.add(key[0])
    if moved:
        site.fill_bodies(pages.map.missing_facts())
        texts |= {k for k, a in site.articles.items() if moved & set(pages.map.link_targets(a))}
    missing = {rel for rel in writer.old if rel not in writer.manifest}
    if missing:  # gone from the current site: render again
        texts |= {k for k, a in site.articles.items() if article_path(a) in missing}
    return texts


def _pages_into(
    writer: _Writer,
    pages: Pages,
    jobs: list[PageJob],
    result: BuildResult,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> None:
    old = writer.old
    # A page whose file went missing from the current site is rendered when keep() fails.
    todo = [i for i, job in enumerate(jobs) if old.get(job.path, {}).get("inputs") != job.inputs]
    wanted = set(todo)
    pages.site.fill_bodies(job.text for job in (jobs[i] for i in todo) if job.text is not None)
    # Pages rendered by worker processes arrive in job order and are written as they
    # come: holding all 30,000 until the end took the process past 1 GB.
    stream = _render_stream(pages, jobs, todo, cancel)
    try:
        _write_pages(writer, pages, jobs, wanted, stream, result, cancel, _every_step(progress))
    finally:
        if stream is not None:
            stream.close()
    if cancel is not None and cancel.is_set():
        raise BuildCancelledError()


def _write_pages(
    writer: _Writer,
    pages: Pages,
    jobs: list[PageJob],
    wanted: set[int],
    stream: Rendered | None,
    result: BuildResult,
    cancel: threading.Event | None,
    progress: Progress | None,
) -> None:
    """Every page into the new folder, in job order: linked when unchanged, else written."""
    old = writer.old
    for n, job in enumerate(jobs, 1):
        if cancel is not None and cancel.is_set():
            raise BuildCancelledError()
        if n - 1 not in wanted and writer.keep(job.path, old[job.path]):
            pass
        else:
            if stream is not None and n - 1 in wanted:
                _i, data, problems = next(stream)  # the stream follows the wanted jobs
            else:
                data, problems = _render_one(pages, job)
            writer.write(job.path, data, inputs=job.inputs, **problems)
            result.pages_written += 1
        if progress is not None:
            progress(n, len(jobs), job.path)


def _problems(manifest: dict[str, Any], result: BuildResult) -> None:
    """Link problems and external links of every page, in path order (the same whether
    the page was rendered now or before), and how many pages were kept."""
    external: set[str] = set()
    pages = 0
    for rel in sorted(manifest):
        entry = manifest[rel]
        if "inputs" not in entry:
            continue
        pages += 1
        if len(entry) > 2:
            result.errors += entry.get("errors", [])
            result.warnings += entry.get("warnings", [])
            external.update(entry.get("external", []))
    result.pages_unchanged = pages - result.pages_written
    result.external_links = sorted(external)


STEPS = 500  # progress reports per stage, at most (and always the last one)


def _every_step(progress: Progress | None) -> Progress | None:
    """*progress*, called about STEPS times a stage instead of once a page: a window that
    shows it must not process 30,000 queued updates for an incremental build."""
    if progress is None:
        return None
    last = {"total": -1, "done": 0}

    def report(done: int, total: int, label: str) -> None:
        step = max(1, total // STEPS)
        if total != last["total"] or done >= total or done - last["done"] >= step:
            last["total"], last["done"] = total, done
            progress(done, total, label)

    return report


# -- rendering, in worker processes when there is much to do ---------------------------

PARALLEL_FROM = 400
_WORK: tuple[Pages, list[PageJob]] | None = None  # set before forking; workers inherit it


def _render_one(pages: Pages, job: PageJob) -> tuple[bytes, dict[str, list[str]]]:
    """A page's bytes and the link problems and external links found while rendering it."""
    errors, warnings = len(pages.report.errors), len(pages.report.warnings)
    pages.external.clear()
    data = job.render()
    problems = {
        "errors": pages.report.errors[errors:],
        "warnings": pages.report.warnings[warnings:],
        "external": sorted(pages.external),
    }
    return data, {k: v for k, v in problems.items() if v}


def _render_index(i: int) -> tuple[int, bytes, dict[str, list[str]]]:
    assert _WORK is not None
    pages, jobs = _WORK
    data, problems = _render_one(pages, jobs[i])
    return i, data, problems


def _render_stream(
    pages: Pages,
    jobs: list[PageJob],
    todo: list[int],
    cancel: threading.Event | None,
) -> Rendered | None:
    """The jobs in *todo* rendered by CPU-count worker processes (fork), in *todo*'s
    order; None when there are few (the caller renders them itself).

    Rendering is pure (same job, same bytes) and the parent writes every file in job
    order, so the site does not depend on which worker rendered what.
    """
    workers = min(os.cpu_count() or 1, 4)
    if len(todo) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        return None
    return _stream(pages, jobs, todo, cancel, workers)


def _stream(
    pages: Pages,
    jobs: list[PageJob],
    todo: list[int],
    cancel: threading.Event | None,
    workers: int,
) -> Rendered:
    global _WORK
    _WORK = (pages, jobs)
    try:
        # A caller may have paused the collector (services/gcpause.py): not the workers.
        context = mp.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=gc.enable) as pool:
            try:
                for found in pool.map(_render_index, todo, chunksize=64):
                    if cancel is not None and cancel.is_set():
                        raise BuildCancelledError()
                    yield found
            finally:  # cancelled, failed or closed early: drop what is still queued
                pool.shutdown(cancel_futures=True)
    finally:
        _WORK = None


def _site_files(site: SiteInput, pages: Pages) -> dict[str, bytes]:
    files = {f"assets/{name}": data for name, data in theme.static_files().items()}
    files.update(extras.root_files(site))
    files["robots.txt"] = extras.robots(site)
    files["sitemap.xml"] = extras.sitemap(site, pages.map)
    for loc in site.locales:
        feed = extras.feed(site, pages.map, loc)
        if feed is not None:
            files[f"{loc}/feed.atom"] = feed
    return files


def _changed_site_files(
    site: SiteInput, pages: Pages, delta: _Delta, writer: _Writer
) -> dict[str, bytes]:
    """The site files an incremental build changes: the sitemap's dates, and the feeds of
    locales where an announcement changed. The others show only what _globals() covers."""
    if any(rel not in writer.manifest for rel in writer.old):  # one went missing: all
        return _site_files(site, pages)
    changed = [site.articles[key] for key in sorted(delta.texts) if key in site.articles]
    old = _old_bytes(writer, "sitemap.xml")
    patched = extras.sitemap_patch(old, site, changed) if old is not None else None
    files = {"sitemap.xml": patched or extras.sitemap(site, pages.map)}
    announcement = ArticleType.ANNOUNCEMENT.value
    for loc in sorted({a.locale for a in changed if a.type == announcement}):
        feed = extras.feed(site, pages.map, loc)
        if feed is not None:
            files[f"{loc}/feed.atom"] = feed
    return files


def _search_files(
    writer: _Writer, loc: str, source: SearchSource, pages: Pages, state: buildstate.State | None
) -> tuple[list[Any], dict[str, Any] | None]:
    """The locale's search index: kept whole when neither the index nor the titles changed,
    else exported again, rewriting only the term chunks whose entries changed.

    Returns the state parts ``search-<locale>``, [inputs, SHA-256 of meta.js], and
    ``terms-<locale>``, the export's state (None when the files were kept: the last one
    still holds). The index's state names its segments, not its content, so it is kept
    beside the site, not in it: the same content from another workspace still gives the
    same bytes.
    """
    # The structure covers every title and slug, which the export shows.
    inputs = digest(source.state, pages.structure, loc, searchexport.FORMAT)
    prefix = f"search/{loc}/"
    meta = writer.old.get(f"{prefix}meta.js", {}).get("sha256")
    previous = state.get(f"search-{loc}") if state is not None else None
    if meta is not None and previous == [inputs, meta]:
        kept = [rel for rel in writer.old if rel.startswith(prefix)]
        if all(writer.keep(rel, writer.old[rel]) for rel in kept):
            return previous, None
        writer.drop(kept)  # a file went missing: export again, leaving none of these
    # The previous export, when the state describes the site at OUT (same meta.js).
    reuse = None
    if isinstance(previous, list) and len(previous) == 2 and previous[1] == meta:
        terms = state.get(f"terms-{loc}") if state is not None else None
        if isinstance(terms, dict):
            reuse = searchexport.Reuse(terms, functools.partial(_old_bytes, writer))
    dump = source.load()
    docs = {a.id: (a.title, a.slug) for a in pages.map.by_locale[loc]}
    try:
        files, export_state = searchexport.export(dump, docs, reuse=reuse)
    except searchexport.GoneError:
        files, export_state = searchexport.export(dump, docs)
    for rel, data in files.items():
        if data is None:
            if not writer.keep(rel, writer.old[rel]):
                data = _old_bytes(writer, rel)
                if data is None:  # gone since the export looked: export everything
                    return _search_files(writer, loc, source, pages, None)
            continue
        writer.write(rel, data)
    # An incremental build starts with every current file: drop the chunks now gone.
    writer.drop([rel for rel in writer.manifest if rel.startswith(prefix) and rel not in files])
    return [inputs, writer.manifest[f"{prefix}meta.js"]["sha256"]], export_state


def _old_bytes(writer: _Writer, rel: str) -> bytes | None:
    """A file of the current site, if the manifest lists it and it is there."""
    if rel not in writer.old:
        return None
    try:
        with open(f"{writer.out}/{rel}", "rb") as f:
            return f.read()
    except OSError:
        return None
