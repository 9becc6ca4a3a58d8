"""Incremental publishing by change: the collector reads again only the articles whose rows
changed since the site at OUT was built, and the builder checks only their pages. After
every kind of change, the site equals a full build of the same workspace, byte for byte."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kbstudio.domain.workflow import Action
from kbstudio.publishing.buildstate import State
from kbstudio.services.publish import collect, publish_site

if TYPE_CHECKING:
    from pathlib import Path

    from kbstudio.services.publish import PublishReport
    from kbstudio.services.workspace import Workspace

NOW = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _publish_text(
    ws: Workspace, aid: str, locale: str, *, extra: str = "", title: str | None = None
) -> None:
    writer = "mia" if locale == "en" else "tara"  # a translator for the others (Steps)
    _, body = ws.show(aid, locale=locale)
    ws.edit(aid, locale=locale, body=body + extra, title=title, actor=writer, major=True)
    ws.act(Action.SUBMIT, aid, locale=locale, actor=writer)
    for action in (Action.APPROVE, Action.PUBLISH):
        ws.act(action, aid, locale=locale, actor="admin")


class Steps:
    """Publishes into one folder, and checks it against a full build after each step."""

    def __init__(self, ws: Workspace, root: Path) -> None:
        self.ws, self.root, self.out, self.n = ws, root, root / "site", 0
        ws.add_user("tara", roles=["translator"], locales=["ja"], actor="admin")
        publish_site(ws, self.out, now=NOW)

    def changes(self, now: dt.datetime = NOW) -> set[tuple[str, str]] | None:
        """What the collector finds changed since the site at OUT was built."""
        site = collect(self.ws, now=now, state=State.of_site(self.out))
        return None if site.changes is None else set(site.changes)

    def publish(self, now: dt.datetime = NOW) -> PublishReport:
        self.n += 1
        report = publish_site(self.ws, self.out, now=now)
        full = self.root / f"full-{self.n}"
        publish_site(self.ws, full, now=now)
        got, want = _files(self.out), _files(full)
        assert sorted(got) == sorted(want)
        assert [rel for rel in want if got[rel] != want[rel]] == []
        return report


def test_a_body_edit_is_collected_and_built_by_change(sample_ws: Workspace, tmp_path: Path) -> None:
    steps = Steps(sample_ws, tmp_path)
    assert steps.changes() == set()
    _publish_text(sample_ws, "withdraw-crypto", "ja", extra="\n\nキリン。")
    assert steps.changes() == {("withdraw-crypto", "ja")}
    report = steps.publish()
    assert report.pages_written == 1
    assert (
        b"\xe3\x82\xad\xe3\x83\xaa\xe3\x83\xb3"
        in (steps.out / "ja/articles/withdraw-crypto.html").read_bytes()
    )  # キリン
    assert steps.changes() == set()


def test_a_major_source_edit_flags_its_translations_outdated(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    steps = Steps(sample_ws, tmp_path)
    texts = collect(sample_ws, now=NOW).articles
    current = {loc for (aid, loc), a in texts.items() if aid == "kyc-levels" and not a.outdated}
    assert len(current) > 2
    _publish_text(sample_ws, "kyc-levels", "en", extra="\n\nA new rule.")
    # The source, and each translation that was current: outdated now.
    assert steps.changes() == {("kyc-levels", loc) for loc in current}
    report = steps.publish()
    assert report.pages_written == len(current)
    page = (steps.out / "ja/articles/kyc-levels.html").read_text(encoding="utf-8")
    assert 'class="notice"' in page


def test_new_anchors_recheck_the_pages_that_link_there(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    """margin-trading-basics links to margin-call#margin-level: a heading added there
    changes what those links depend on (their pages' fingerprints)."""
    steps = Steps(sample_ws, tmp_path)
    _publish_text(sample_ws, "margin-call", "en", extra="\n\n## Zebra crossing {#zebra}\n\nText.")
    steps.publish()
    page = (steps.out / "en/articles/margin-call.html").read_text(encoding="utf-8")
    assert 'id="zebra"' in page


def test_title_tags_visibility_and_end_dates(sample_ws: Workspace, tmp_path: Path) -> None:
    steps = Steps(sample_ws, tmp_path)
    _publish_text(sample_ws, "withdraw-crypto", "en", title="Withdraw coins")
    steps.publish()  # a structure change: every page checked
    sample_ws.set_properties("deposit-crypto", actor="admin", tags={"en": ["zebra"]})
    assert steps.changes() == {("deposit-crypto", "en")}
    steps.publish()
    sample_ws.set_properties("vip-tiers", actor="admin", visibility="internal")
    assert ("vip-tiers", "en") in (steps.changes() or set())
    steps.publish()
    assert not (steps.out / "en/articles/vip-tiers.html").exists()
    ends = NOW + dt.timedelta(days=2)
    sample_ws.set_properties("maintenance-2026-12", actor="admin", ends_at=ends)
    steps.publish()
    assert (steps.out / "en/feed.atom").read_bytes().count(b"<entry>") >= 1
    later = NOW + dt.timedelta(days=3)  # the announcement ended in between: no edit
    assert ("maintenance-2026-12", "en") in (steps.changes(later) or set())
    steps.publish(later)
    assert b"maintenance-2026-12" not in (steps.out / "sitemap.xml").read_bytes()


def test_snippets_and_settings_check_every_page(sample_ws: Workspace, tmp_path: Path) -> None:
    steps = Steps(sample_ws, tmp_path)
    sample_ws.edit_snippet("margin-risk", locale="en", body="Zebras are risky.", actor="admin")
    report = steps.publish()
    assert report.pages_written > 0
    assert steps.changes() == set()
    assert publish_site(sample_ws, steps.out, now=NOW).pages_written == 0


def test_a_state_that_does_not_match_the_site_is_not_used(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    """A site replaced by other means (here: another build's manifest copied in) makes the
    collector read everything again."""
    steps = Steps(sample_ws, tmp_path)
    publish_site(sample_ws, tmp_path / "other", now=NOW, locales=["en"])
    _publish_text(sample_ws, "withdraw-crypto", "en", extra="\n\nMore.")
    (steps.out / "manifest.json").write_bytes((tmp_path / "other/manifest.json").read_bytes())
    assert steps.changes() is None
    steps.publish()


def test_an_announcement_edit_updates_home_and_feed(sample_ws: Workspace, tmp_path: Path) -> None:
    steps = Steps(sample_ws, tmp_path)
    before = (steps.out / "en/feed.atom").read_bytes()
    _publish_text(sample_ws, "maintenance-2026-12", "en", extra="\n\nZebra window.")
    assert ("maintenance-2026-12", "en") in (steps.changes() or set())
    steps.publish()
    assert (steps.out / "en/feed.atom").read_bytes() != before  # its <updated> moved


def test_the_sitemap_follows_a_changed_date(tmp_path: Path) -> None:
    """The builder patches the sitemap's dates of the changed texts (a full build makes
    it again): a text edited on another day."""
    import dataclasses

    from kbstudio.publishing.builder import build_site
    from kbstudio.publishing.model import SiteArticle, SiteCategory, SiteInput, SiteSection

    sec = SiteSection("s", "c", {"en": "S"})

    def site(day: int, body: str) -> SiteInput:
        when = dt.datetime(2026, 1, day, tzinfo=dt.UTC)
        articles = {
            (aid, "en"): SiteArticle(aid, "en", aid, aid.upper(), f"{body} {aid}", "guide",
                                     "c", "s", n, when if aid == "b" else NOW)
            for n, aid in enumerate(("a", "b", "c"))
        }  # fmt: skip
        return SiteInput("KB", "en", ["en"], [SiteCategory("c", {"en": "C"}, (sec,))], articles)

    out = tmp_path / "site"
    first = site(3, "Hello")
    build_site(first, out)
    second = site(9, "Hello")
    second.articles[("b", "en")] = dataclasses.replace(second.articles[("b", "en")], body="New")
    second.changes = {("b", "en"): first.articles[("b", "en")]}
    assert build_site(second, out).pages_written == 1
    assert b"<lastmod>2026-01-09</lastmod>" in (out / "sitemap.xml").read_bytes()
    again = site(9, "Hello")
    again.articles[("b", "en")] = second.articles[("b", "en")]
    build_site(again, tmp_path / "full")
    assert _files(out) == _files(tmp_path / "full")


def test_a_second_publish_into_the_same_folder_is_refused_meanwhile(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    import threading

    import pytest

    from kbstudio.domain.errors import ConflictError

    out = tmp_path / "site"
    publish_site(sample_ws, out, now=NOW)
    started, go_on = threading.Event(), threading.Event()

    def progress(done: int, total: int, label: str) -> None:
        started.set()
        go_on.wait(30)

    first = threading.Thread(target=lambda: publish_site(sample_ws, out, progress=progress))
    first.start()
    try:
        assert started.wait(30)
        with pytest.raises(ConflictError, match="another publish into"):
            publish_site(sample_ws, out, now=NOW)
    finally:
        go_on.set()
        first.join()
    assert publish_site(sample_ws, out, now=NOW).pages_written == 0  # free again


def test_changes_found_against_a_site_replaced_since_are_not_trusted(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    """The collector read the state of the site at OUT; another build replaced that site
    before this one started: every page is checked, and the result is still exact."""
    steps = Steps(sample_ws, tmp_path)
    _publish_text(sample_ws, "withdraw-crypto", "ja", extra="\n\nキリン。")
    site = collect(sample_ws, now=NOW, state=(state := State.of_site(steps.out)))
    assert set(site.changes or {}) == {("withdraw-crypto", "ja")}
    _publish_text(sample_ws, "deposit-crypto", "en", extra="\n\nZebra.")
    publish_site(sample_ws, steps.out, now=NOW)  # the other build
    from kbstudio.publishing.builder import build_site

    build_site(site, steps.out, state=state)
    assert site.changes is None
    build_site(site, tmp_path / "full")  # the same collection, built from nothing
    assert _files(steps.out) == _files(tmp_path / "full")
