"""The built site: pages, links, metadata, safety, determinism, atomic swap, incremental."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import threading
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pytest

from kbstudio.domain.errors import KBError, ValidationError
from kbstudio.publishing.builder import BuildCancelledError, build_site
from kbstudio.publishing.model import SiteArticle, SiteCategory, SiteInput, SiteSection
from kbstudio.services.publish import collect, preview_html, publish_site

if TYPE_CHECKING:
    from pathlib import Path

    from kbstudio.services.workspace import Workspace

NOW = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_pages_of_the_sample(pub_site: Path) -> None:
    for loc in ("en", "zh-Hans", "ja", "ko", "es", "ru", "ar"):
        home = (pub_site / loc / "index.html").read_text(encoding="utf-8")
        assert f'lang="{loc}"' in home
        assert (pub_site / loc / "glossary.html").exists()
        assert (pub_site / loc / "search.html").exists()
    assert 'dir="rtl"' in (pub_site / "ar" / "index.html").read_text(encoding="utf-8")
    assert 'dir="ltr"' in (pub_site / "en" / "index.html").read_text(encoding="utf-8")
    page = (pub_site / "en/articles/withdraw-crypto.html").read_text(encoding="utf-8")
    assert 'class="breadcrumb"' in page
    assert "Last updated" in page
    assert 'href="../../en/articles/kyc-levels.html"' in page  # a kb: link resolved
    assert 'class="related"' in page
    assert "{{snippet:" not in page  # snippet expanded
    zh = (pub_site / "zh-Hans/articles/withdraw-crypto.html").read_text(encoding="utf-8")
    assert "最后更新" in zh
    assert "搜索" in zh
    assert 'http-equiv="Content-Security-Policy"' in page


def test_language_switcher_lists_only_existing_translations(
    pub_ws: Workspace, pub_site: Path
) -> None:
    site = collect(pub_ws)
    for (aid, loc), a in list(site.articles.items())[:40]:
        page = (pub_site / loc / "articles" / f"{a.slug}.html").read_text(encoding="utf-8")
        nav = re.search(r'<nav class="languages".*?</nav>', page, re.S).group(0)
        listed = re.findall(r'data-locale="([^"]+)"', nav)
        assert listed == [x for x in site.locales if (aid, x) in site.articles]


def test_outdated_translation_shows_a_notice(pub_site: Path) -> None:
    ja = (pub_site / "ja/articles/withdrawal-fees.html").read_text(encoding="utf-8")
    en = (pub_site / "en/articles/withdrawal-fees.html").read_text(encoding="utf-8")
    assert 'class="notice"' in ja
    assert 'class="notice"' not in en


def test_glossary_anchor_and_first_occurrence_link(pub_site: Path) -> None:
    glossary = (pub_site / "en/glossary.html").read_text(encoding="utf-8")
    anchors = re.findall(r'id="term-([a-z0-9-]+)"', glossary)
    assert len(anchors) > 50
    page = (pub_site / "en/articles/withdraw-crypto.html").read_text(encoding="utf-8")
    links = re.findall(
        r'<a href="[^"]*glossary.html#term-([a-z0-9-]+)" class="term" title="[^"]+"', page
    )
    assert links
    assert len(links) == len(set(links))
    assert set(links) <= set(anchors)


def test_metadata_files(pub_ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = publish_site(pub_ws, out, base_url="https://help.example.com/", now=NOW)
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://help.example.com/en/articles/withdraw-crypto.html" in sitemap
    assert 'hreflang="zh-Hans"' in sitemap
    assert "Sitemap: https://help.example.com/sitemap.xml" in (out / "robots.txt").read_text()
    faq = next(p for p in (out / "en/articles").iterdir() if "FAQPage" in p.read_text("utf-8"))
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', faq.read_text("utf-8")).group(1))
    assert data["@type"] == "FAQPage"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"]
    feed = (out / "en/feed.atom").read_text(encoding="utf-8")
    assert "<feed" in feed
    assert "maintenance-2026-12" in feed
    # The announcement that ended is left out; the report says when the next one ends.
    assert "maintenance-2026-10" not in feed
    assert not list(out.glob("*/articles/maintenance-2026-10.html"))
    assert "maintenance-2026-10" not in (out / "sitemap.xml").read_text("utf-8")
    # The next end date of an announcement still shown: maintenance-2026-12's.
    assert report.next_rebuild == dt.datetime(2026, 12, 9, 6, tzinfo=dt.UTC)
    assert (out / "404.html").exists()
    assert "index.html" in (out / "index.html").read_text()


def test_link_check(pub_ws: Workspace, tmp_path: Path) -> None:
    report = publish_site(pub_ws, tmp_path / "site", now=NOW)
    assert any("fee-discount-nvx (en): links to nvx-staking-rewards" in e for e in report.errors)
    assert any("withdrawal-fees#fees-by-network" in e for e in report.errors)
    assert any("not published in ja; using en" in w for w in report.warnings)
    with pytest.raises(ValidationError, match="link errors"):
        publish_site(pub_ws, tmp_path / "strict", strict=True, now=NOW)
    assert not (tmp_path / "strict").exists()


def test_manifest_lists_every_file_with_its_hash(pub_site: Path) -> None:
    manifest = json.loads((pub_site / "manifest.json").read_text(encoding="utf-8"))["files"]
    files = _files(pub_site)
    del files["manifest.json"]
    assert set(manifest) == set(files)
    for rel, data in files.items():
        assert manifest[rel]["sha256"] == hashlib.sha256(data).hexdigest(), rel


def test_same_input_gives_a_byte_identical_site(pub_ws: Workspace, tmp_path: Path) -> None:
    publish_site(pub_ws, tmp_path / "a", now=NOW, zip_file=tmp_path / "a.zip")
    publish_site(pub_ws, tmp_path / "b", now=NOW, zip_file=tmp_path / "b.zip")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def test_rebuilt_index_gives_the_same_bytes(
    pub_ws: Workspace, sample_ws: Workspace, tmp_path: Path
) -> None:
    """The same content from another index (new segments) publishes the same site."""
    sample_ws.search.rebuild(views=("published",))
    publish_site(pub_ws, tmp_path / "a", now=NOW)
    publish_site(sample_ws, tmp_path / "b", now=NOW)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_incremental_rewrites_only_changed_pages(pub_ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "site"
    site = collect(pub_ws, now=NOW)
    first = build_site(site, out)
    assert first.pages_unchanged == 0
    meta = (out / "search/en/meta.js").stat().st_ino
    again = build_site(site, out)
    assert again.pages_written == 0
    assert again.pages_unchanged == first.pages_written
    assert (out / "search/en/meta.js").stat().st_ino == meta  # index unchanged: kept
    key = ("withdraw-crypto", "en")
    old = site.articles[key]
    body = site.body(old) + "\n\nOne more line."
    site.articles[key] = dataclasses.replace(old, body=body)
    inode = (out / "en/articles/enable-2fa.html").stat().st_ino
    third = build_site(site, out)
    assert third.pages_written == 1
    assert "One more line." in (out / "en/articles/withdraw-crypto.html").read_text("utf-8")
    assert (out / "en/articles/enable-2fa.html").stat().st_ino == inode  # not rewritten


def test_cancel_leaves_the_previous_site(pub_ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(pub_ws, out, now=NOW)
    before = _files(out)
    cancel = threading.Event()

    def progress(done: int, total: int, label: str) -> None:
        if done == 10:
            cancel.set()

    with pytest.raises(BuildCancelledError):
        publish_site(
            pub_ws, out, now=NOW, cancel=cancel, progress=progress, base_url="https://x.y/"
        )
    assert _files(out) == before
    assert not (tmp_path / ".site.building").exists()  # no temporary folder left


def _tiny(slug: str, body: str = "Hello") -> SiteInput:
    sec = SiteSection("s", "c", {"en": "S"})
    art = SiteArticle("a", "en", slug, "T", body, "guide", "c", "s", 0, NOW)
    return SiteInput(
        "KB", "en", ["en"], [SiteCategory("c", {"en": "C"}, (sec,))], {("a", "en"): art}
    )


@pytest.mark.parametrize("slug", ["../escape", "a/b", "..", "", "x/../../y", "/abs"])
def test_no_slug_escapes_out(tmp_path: Path, slug: str) -> None:
    with pytest.raises(KBError):
        build_site(_tiny(slug), tmp_path / "site")
    assert not (tmp_path / "site").exists()
    assert [p.name for p in tmp_path.iterdir()] == [".site.lock"]  # the (empty) lock only


def test_refuses_to_overwrite_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    with pytest.raises(ValidationError, match="not a site"):
        build_site(_tiny("ok"), out)
    assert (out / "precious.txt").read_text() == "keep me"


XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)></svg>",
    "<svg><script>alert(4)</script></svg>",
    "[click](javascript:alert(5))",
    '<a href="javascript:alert(6)">x</a>',
    '<a href="JaVaScRiPt:alert(7)">x</a>',
    '<a href="&#106;avascript:alert(8)">x</a>',
    '<iframe src="javascript:alert(9)"></iframe>',
    '<iframe srcdoc="<script>alert(10)</script>"></iframe>',
    '<a href="data:text/html,<script>alert(11)</script>">d</a>',
    "![x](data:image/svg+xml,<svg/onload=alert(12)>)",
    '<object data="javascript:alert(13)"></object>',
    '<embed src="javascript:alert(14)">',
    "<body onload=alert(15)>",
    "<details open ontoggle=alert(16)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(17)>",
    "<scr<script>ipt>alert(18)</script>",
    '<div style="background:url(javascript:alert(19))">s</div>',
    '<form action="javascript:alert(20)"><button>go</button></form>',
    "<input autofocus onfocus=alert(21)>",
    "<video><source onerror=alert(22)></video>",
    '<base href="javascript:alert(23)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(24)">',
    '<a href="  javascript:alert(25)">sp</a>',
    '<img src="x" alt="\\" onerror=alert(26)">',
    '<noscript><p title="</noscript><img src=x onerror=alert(27)>"></noscript>',
]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def test_sanitizer_removes_every_vector(pub_ws: Workspace) -> None:
    html = preview_html(pub_ws, "enable-2fa", "en", "\n\n".join(XSS))
    parser = _Elements()
    parser.feed(html)
    banned = {"script", "iframe", "object", "embed", "form", "base", "meta", "style", "svg",
              "math", "input", "video", "source", "body", "button", "noscript"}  # fmt: skip
    assert parser.found
    for tag, attrs in parser.found:
        assert tag not in banned
        for name, value in attrs:
            assert (not name.startswith("on") and name != "style") or tag in ("td", "th")
            url = (value or "").strip().lower()
            assert not url.startswith(("javascript:", "data:", "vbscript:")), (tag, name, value)


def test_preview_keeps_heading_ids_and_expands(pub_ws: Workspace) -> None:
    html = preview_html(
        pub_ws, "enable-2fa", "en", "## Fees {#fees}\n\nFee: {{var:btc-withdrawal-fee}}\n\n"
        "{{snippet:withdrawal-irreversible}}\n\nSee [x](kb:withdraw-crypto#a).",
    )  # fmt: skip
    assert '<h2 id="fees">Fees</h2>' in html
    assert "{{" not in html
    assert "BTC" in html
    assert 'href="kb:withdraw-crypto#a"' in html


def test_worker_processes_render_the_same_site(
    pub_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kbstudio.publishing import builder

    site = collect(pub_ws, now=NOW)
    build_site(site, tmp_path / "serial")
    monkeypatch.setattr(builder, "PARALLEL_FROM", 10)
    result = build_site(site, tmp_path / "parallel")
    assert result.pages_written > 300
    assert _files(tmp_path / "serial") == _files(tmp_path / "parallel")
    assert any("nvx-staking-rewards" in e for e in result.errors)  # problems come back too


def test_cancel_while_workers_render_leaves_the_previous_site(
    pub_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages stream from the workers into the new folder as they come; a cancel in the
    middle stops the workers and leaves the old site and no temporary folder."""
    import multiprocessing

    from kbstudio.publishing import builder

    out = tmp_path / "site"
    publish_site(pub_ws, out, now=NOW)
    before = _files(out)
    monkeypatch.setattr(builder, "PARALLEL_FROM", 10)
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int, label: str) -> None:
        seen.append(done)
        if done >= 50:
            cancel.set()

    with pytest.raises(BuildCancelledError):  # every page changes: a new base URL
        publish_site(
            pub_ws, out, now=NOW, cancel=cancel, progress=progress, base_url="https://x.y/"
        )
    assert _files(out) == before
    assert not (tmp_path / ".site.building").exists()
    assert max(seen) < 100
    assert multiprocessing.active_children() == []


def test_no_request_leaves_the_site(pub_site: Path) -> None:
    """Scripts, styles, images and fonts all come from the site itself (file:// works)."""
    loads = re.compile(r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=\"([^\"]+)\"")
    for page in pub_site.rglob("*.html"):
        for url in loads.findall(page.read_text("utf-8")):
            assert not re.match(r"(?i)([a-z]+:)?//", url), (page, url)
    css = (pub_site / "assets/site.css").read_text("utf-8")
    assert "url(" not in css
    assert "@import" not in css


def test_internal_articles_only_when_asked(sample_ws: Workspace) -> None:
    from kbstudio.storage.models import ArticleRow

    with sample_ws.session() as s:
        row = s.get(ArticleRow, "enable-2fa")
        assert row is not None
        row.visibility = "internal"
    assert ("enable-2fa", "en") not in collect(sample_ws, locales=["en"]).articles
    assert ("enable-2fa", "en") in collect(
        sample_ws, locales=["en"], include_internal=True
    ).articles


def test_external_links_are_listed_not_fetched(tmp_path: Path) -> None:
    site = _tiny("ok", "See [status](https://status.example.test/x) and [home](kb:a).")
    result = build_site(site, tmp_path / "site")
    assert result.external_links == ["https://status.example.test/x"]
    page = (tmp_path / "site/en/articles/ok.html").read_text("utf-8")
    assert 'href="https://status.example.test/x"' in page


def test_base_url_must_be_absolute(pub_ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="base-url"):
        publish_site(pub_ws, tmp_path / "site", base_url="help.example.com")


def test_ended_announcements_leave_the_search_index_too(
    sample_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An announcement indexed while current, published after its end: not in search."""
    from kbstudio.services import search as search_service

    assert "maintenance-2026-12" in _published_ids(sample_ws)
    later = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    # The index's own clock says "ended" too (as it will once the date has passed).
    monkeypatch.setattr(search_service, "has_ended", lambda t, e, now: e is not None and e < later)
    publish_site(sample_ws, tmp_path / "site", locales=["en"], now=later)
    assert "maintenance-2026-12" not in _published_ids(sample_ws)
    chunks = "".join(p.read_text("utf-8") for p in (tmp_path / "site/search/en").glob("d*.js"))
    assert "maintenance-2026-12" not in chunks
    assert "withdraw-crypto" in chunks


def _published_ids(ws: Workspace) -> set[str]:
    hits = ws.search.search("maintenance upgrade", locale="en", view="published", limit=50).hits
    return {h.article_id for h in hits}


def _script_args(path: Path) -> list[object]:
    """The JSON arguments of a search index script ``KBSearch.x(a, b, ...);``."""
    text = path.read_text(encoding="utf-8")
    return list(json.loads("[" + text[text.index("(") + 1 : text.rindex(")")] + "]"))


def test_search_results_point_at_article_pages(pub_site: Path) -> None:
    """A document row's slug, inside meta's docUrl, names the article's page."""
    for loc in ("en", "ja", "ar"):
        folder = pub_site / "search" / loc
        meta = _script_args(folder / "meta.js")[1]
        assert isinstance(meta, dict)
        prefix, suffix = meta["docUrl"]
        rows = [row for p in folder.glob("d*.js") for row in _script_args(p)[2]]  # type: ignore[union-attr]
        assert len(rows) == meta["docs"]
        for _aid, _title, slug in rows:
            assert (pub_site / f"{prefix}{slug}{suffix}").is_file(), slug


def _publish_edit(ws: Workspace, aid: str, *, title: str | None, extra: str) -> None:
    from kbstudio.domain.workflow import Action

    _, body = ws.show(aid, locale="en")
    ws.edit(aid, locale="en", body=body + extra, title=title, actor="mia")
    ws.act(Action.SUBMIT, aid, locale="en", actor="mia")
    for action in (Action.APPROVE, Action.PUBLISH):
        ws.act(action, aid, locale="en", actor="admin")


def _same_as_full(ws: Workspace, out: Path, full: Path) -> dict[str, bytes]:
    publish_site(ws, full, now=NOW)
    got, want = _files(out), _files(full)
    assert sorted(got) == sorted(want)
    assert [rel for rel in want if got[rel] != want[rel]] == []
    return got


def test_incremental_build_equals_a_full_build(sample_ws: Workspace, tmp_path: Path) -> None:
    """An incremental republish gives the very bytes of a full build of the same state:
    after a body edit (one page rendered), and after title edits, which also change
    related articles, category and section pages, home, feed and the search export."""
    out = tmp_path / "site"
    publish_site(sample_ws, out, now=NOW)
    _publish_edit(sample_ws, "withdraw-crypto", title=None, extra="\n\nZebra llama.")
    again = publish_site(sample_ws, out, now=NOW)
    assert again.pages_written == 1
    got = _same_as_full(sample_ws, out, tmp_path / "full1")
    assert any(b"zebra" in got[rel] for rel in got if rel.startswith("search/en/t"))
    _publish_edit(sample_ws, "withdraw-crypto", title="Withdraw coins", extra="")
    _publish_edit(sample_ws, "maintenance-2026-12", title="Planned upgrade", extra="\n\nSoon.")
    publish_site(sample_ws, out, now=NOW)
    got = _same_as_full(sample_ws, out, tmp_path / "full2")
    sections = [got[rel] for rel in got if rel.startswith("en/sections/")]
    assert any(b"Withdraw coins" in page for page in sections)
    assert b"Planned upgrade" in got["en/feed.atom"]
    assert any(b"Withdraw coins" in got[rel] for rel in got if rel.startswith("search/en/d"))


def test_an_incremental_build_reads_only_the_changed_bodies(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    """Unchanged texts are known by their revision's content hash: their bodies stay in
    the database. A full build (no state beside OUT) reads them all, in one go."""
    out = tmp_path / "site"
    read: list[list[tuple[str, str]]] = []

    def build() -> None:
        site = collect(sample_ws, now=NOW)
        assert all(a.body is None and len(a.text_hash) == 64 for a in site.articles.values())
        loader = site.load_bodies
        assert loader is not None
        site.load_bodies = lambda keys: read.append(sorted(keys)) or loader(keys)
        build_site(site, out)

    build()
    assert len(read) == 1
    assert len(read[0]) == len(collect(sample_ws, now=NOW).articles)
    read.clear()
    _publish_edit(sample_ws, "withdraw-crypto", title=None, extra="\n\nZebra llama.")
    build()
    assert read == [[("withdraw-crypto", "en")]]  # for its facts, kept for its page
    read.clear()
    build()
    assert read == []


@pytest.mark.parametrize("exchange", [True, False])
def test_the_replaced_site_is_deleted_after_the_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    """Where paths cannot be exchanged in one step (not Linux: rename, rename), the old site
    goes away in the background and a spare is made by linking; on Linux the old site
    becomes the spare (test_spare.py). One a killed process left goes next time."""
    from kbstudio.publishing import swap
    from kbstudio.publishing.swap import wait_for_cleanup

    if not exchange:
        monkeypatch.setattr(swap, "_exchange", lambda a, b: False)
    out = tmp_path / "site"
    build_site(_tiny("one"), out)
    build_site(_tiny("two"), out)
    wait_for_cleanup()
    beside = [".site.lock", ".site.spare", ".site.state", "site"]
    assert sorted(p.name for p in tmp_path.iterdir()) == beside
    left = tmp_path / ".site.old-999-0"  # as a process killed while deleting leaves it
    (left / "en").mkdir(parents=True)
    (left / "en" / "index.html").write_text("old")
    build_site(_tiny("three"), out)
    wait_for_cleanup()
    assert not left.exists()
    assert (out / "en/articles/three.html").is_file()
    assert not (out / "en/articles/two.html").exists()


def test_progress_is_reported_in_steps_and_always_at_the_end() -> None:
    from kbstudio.publishing import builder

    calls: list[tuple[int, int]] = []
    report = builder._every_step(lambda done, total, label: calls.append((done, total)))
    assert report is not None
    for n in range(1, 30_001):
        report(n, 30_000, "x")
    for n in range(1, 4):
        report(n, 3, "y")
    assert 400 <= len(calls) - 3 <= builder.STEPS + 1
    assert calls[-4:] == [(30_000, 30_000), (1, 3), (2, 3), (3, 3)]
    assert builder._every_step(None) is None


def test_a_text_published_again_during_a_build_keeps_the_collected_revision(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    """The builder reads bodies after collecting: it reads the very revisions collected,
    so a page never pairs one revision's fingerprint with another's body."""
    site = collect(sample_ws, now=NOW)
    _publish_edit(sample_ws, "withdraw-crypto", title=None, extra="\n\nNewer text.")
    build_site(site, tmp_path / "site")
    page = (tmp_path / "site/en/articles/withdraw-crypto.html").read_text("utf-8")
    assert "Newer text." not in page
    assert site.body(site.articles[("withdraw-crypto", "en")]) not in ("", None)


def test_a_body_that_cannot_be_read_is_a_clear_error(sample_ws: Workspace, tmp_path: Path) -> None:
    from kbstudio.domain.errors import ConflictError

    site = collect(sample_ws, now=NOW)
    site.load_bodies = lambda keys: {}
    with pytest.raises(ConflictError, match="changed while the site was built"):
        build_site(site, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_a_body_edit_rewrites_only_its_terms_search_chunks(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    """Unchanged term chunks are the previous site's files (same inode); the chunks of the
    terms the edit touched are new; the whole equals a full build. A chunk file missing
    from the previous site makes the export start over, with the same result."""
    out = tmp_path / "site"
    publish_site(sample_ws, out, now=NOW)
    folder = out / "search/en"
    before = {p.name: p.stat().st_ino for p in folder.glob("t*.js")}
    _publish_edit(sample_ws, "withdraw-crypto", title=None, extra="\n\nZebra llama.")
    publish_site(sample_ws, out, now=NOW)
    after = {p.name: p.stat().st_ino for p in folder.glob("t*.js")}
    rewritten = [name for name, ino in after.items() if before.get(name) != ino]
    assert rewritten  # zebra, llama and the text's other changed terms
    assert len(rewritten) < len(after) / 4
    assert any("zebra" in (folder / name).read_text("utf-8") for name in rewritten)
    _same_as_full(sample_ws, out, tmp_path / "full1")
    # A chunk gone from the site: the next export cannot reuse it and starts over.
    next(iter(sorted(folder.glob("t*.js")))).unlink()
    _publish_edit(sample_ws, "withdraw-crypto", title=None, extra="\n\nQuokka.")
    publish_site(sample_ws, out, now=NOW)
    _same_as_full(sample_ws, out, tmp_path / "full2")
