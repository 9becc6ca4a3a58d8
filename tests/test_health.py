"""Content health: each finding on a crafted case (and a case where it must not fire)."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from typing import TYPE_CHECKING

import pytest

from kbstudio.domain.variables import Variable, render
from kbstudio.domain.workflow import Action
from kbstudio.services.workspace import Workspace

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from kbstudio.health.model import Finding

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)

KB = """name = "Tiny"
source_locale = "en"
locales = ["en", "ja", "es"]

[[categories]]
id = "c"
name = { en = "C" }

[[categories.sections]]
id = "s"
name = { en = "S" }

[[variables]]
name = "btc-fee"
kind = "amount"
value = "0.0002"
unit = "BTC"
terms = { en = ["BTC fee"], es = ["comisión"] }

[[users]]
name = "mia"
display = "Mia"
roles = ["writer"]
locales = []

[[users]]
name = "rex"
display = "Rex"
roles = ["reviewer"]
locales = ["en", "ja", "es"]

[[users]]
name = "pub"
display = "Pub"
roles = ["publisher"]
locales = []
"""

GLOSSARY = """terms:
  - id: liquidation
    dnt: false
    en:
      term: liquidation
      forbidden: [rekt]
    ja:
      term: 強制決済
      forbidden: [ロスカット]
  - id: usdt
    dnt: true
    en:
      term: USDT
"""


def _article(meta: str, body: str) -> str:
    return f"---\n{meta}---\n{body}"


def _src(title: str, extra: str = "", status: str = "published") -> str:
    return f"title: {title}\nsection: c/s\ntype: guide\nstatus: {status}\n{extra}"


def _tr(title: str, status: str = "published", version: int = 1) -> str:
    return f"title: {title}\nstatus: {status}\nsource_version: {version}\n"


FILES = {
    "articles/good/en.md": _article(
        _src("Good", "review_by: 2027-06-01\n"),
        "## Fees {#fees}\n\nThe BTC fee is 0.0002 BTC. Pay in USDT.\n\n"
        "See [other](kb:other#part) and [fees](kb:good#fees).\n",
    ),
    "articles/good/ja.md": _article(
        _tr("良い"), "## 手数料 {#fees}\n\nUSDT で払います。強制決済。\n"
    ),
    "articles/good/es.md": _article(
        _tr("Bueno"), "## Comisiones {#fees}\n\nLa comisión es de 0,0002 BTC. En USDT.\n"
    ),
    "articles/other/en.md": _article(
        _src("Other", "review_by: 2026-10-01\n"),
        "## Part {#part}\n\nThe old BTC fee was 0.0004 BTC.\n\nLinks: [gone](kb:nowhere), "
        "[bad anchor](kb:good#nope). Pay in USDT. Getting rekt hurts. {{snippet:risk}}\n"
        "{{var:btc-fee}} {{var:unknown-var}} https://example.test/x\n",
    ),
    "articles/other/ja.md": _article(
        _tr("他"), "## 部分 {#part}\n\nテザーで払います。ロスカットに注意。[良い](kb:good)\n"
    ),
    "articles/news/en.md": _article(
        "title: Maintenance\nsection: c/s\ntype: announcement\nstatus: published\n"
        "ends: 2026-11-01T00:00:00Z\n",
        "Done.\n",
    ),
    "articles/soon/en.md": _article(
        "title: Soon\nsection: c/s\ntype: announcement\nstatus: published\n"
        "ends: 2027-01-01T00:00:00Z\nreview_by: 2026-11-30\n",
        "Coming. {{snippet:risk}}\n",
    ),
    "snippets/risk/en.md": "---\ntitle: Risk\nstatus: published\n---\n> Risky.\n",
}


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[Workspace]:
    root = tmp_path / "content"
    for rel, text in {"kb.toml": KB, "glossary.yaml": GLOSSARY, **FILES}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    ws = Workspace.init(tmp_path / "ws")
    report = ws.import_path(root)
    assert report.errors == []
    yield ws
    ws.close()


def _found(ws: Workspace, kind: str, **kw: object) -> list[Finding]:
    report = ws.check(now=NOW, with_search=False, **kw)  # type: ignore[arg-type]
    return [f for f in report.findings if f.kind == kind]


def _keys(findings: list[Finding]) -> set[tuple[str, str | None]]:
    return {(f.locale, f.article_id) for f in findings}


def test_stale_past_and_due(tiny: Workspace) -> None:
    found = _found(tiny, "stale")
    assert {(f.article_id, f.severity.value) for f in found} == {
        ("other", "warning"),
        ("soon", "info"),
    }  # good's review_by is far off: no finding


def test_unverified_source(tiny: Workspace) -> None:
    assert _found(tiny, "unverified") == []
    later = tiny.check(now=NOW + dt.timedelta(days=400), with_search=False)
    assert "good" in {f.article_id for f in later.findings if f.kind == "unverified"}


def test_outdated_only_after_an_approved_major_change(tiny: Workspace) -> None:
    assert _found(tiny, "outdated") == []
    tiny.edit("good", locale="en", body="New.\n", actor="mia", major=True)
    tiny.act(Action.SUBMIT, "good", locale="en", actor="mia")
    assert _found(tiny, "outdated") == []  # not approved yet
    tiny.act(Action.APPROVE, "good", locale="en", actor="rex")
    assert _keys(_found(tiny, "outdated")) == {("ja", "good"), ("es", "good")}


def test_missing_translations_never_for_archived_or_ended(tiny: Workspace) -> None:
    found = _found(tiny, "missing")
    assert ("es", "other") in _keys(found)
    assert ("ja", "news") not in _keys(found)  # the announcement has ended
    soon = [f for f in found if f.article_id == "soon"]
    assert {f.severity.value for f in soon} == {"warning"}  # announcements rank higher
    tiny.act(Action.ARCHIVE, "other", locale="en", actor="pub")
    assert ("es", "other") not in _keys(_found(tiny, "missing"))


def test_links_broken_missing_in_locale_and_anchors(tiny: Workspace) -> None:
    assert _keys(_found(tiny, "broken-link")) == {("en", "other")}
    missing = _found(tiny, "link-missing-in-locale")
    assert ("ja", "other") not in _keys(missing)  # good exists in ja
    anchors = _found(tiny, "broken-anchor")
    assert [f.detail["anchor"] for f in anchors] == ["nope"]  # #part and #fees exist


def test_unknown_snippet_and_variable(tiny: Workspace) -> None:
    assert _found(tiny, "unknown-snippet") == []
    assert [f.detail["variable"] for f in _found(tiny, "unknown-variable")] == ["unknown-var"]


def test_expired_announcement_still_published(tiny: Workspace) -> None:
    assert _keys(_found(tiny, "expired")) == {("en", "news")}
    tiny.act(Action.ARCHIVE, "news", locale="en", actor="pub")
    assert _found(tiny, "expired") == []


def test_glossary_forbidden_and_do_not_translate(tiny: Workspace) -> None:
    assert _keys(_found(tiny, "glossary-forbidden")) == {("en", "other"), ("ja", "other")}
    # ja "other" wrote テザー for USDT; ja and es "good" kept USDT.
    assert _keys(_found(tiny, "glossary-dnt")) == {("ja", "other")}


def test_facts_that_disagree_with_a_variable(tiny: Workspace) -> None:
    found = _found(tiny, "fact-mismatch")
    assert _keys(found) == {("en", "other")}  # good says 0.0002 BTC (es: 0,0002 BTC)
    assert "0.0004 BTC" in found[0].reason


def test_snippet_edit_sends_dependants_back_to_review(tiny: Workspace) -> None:
    change = tiny.edit_snippet("risk", locale="en", body="> Riskier.\n", actor="mia")
    assert change.back_to_review == (("other", "en"), ("soon", "en"))
    info = tiny.show("soon", locale="en")[0]
    assert info.status == "in_review"
    assert info.live_revision is not None  # still live for readers meanwhile
    found = _found(tiny, "snippet-changed")
    assert _keys(found) == {("en", "other"), ("en", "soon")}
    tiny.act(Action.APPROVE, "soon", locale="en", actor="rex")
    assert _keys(_found(tiny, "snippet-changed")) == {("en", "other")}
    events = tiny.audit(entity_id="soon/en")
    assert any(e.action == "needs-review" and "risk" in e.reason for e in events)


def test_queue_order_and_fail_threshold(tiny: Workspace) -> None:
    report = tiny.check(now=NOW, with_search=False)
    queue = report.queues()["en"]
    ranks = [f.severity.rank for f in queue]
    assert ranks == sorted(ranks)
    assert queue[0].severity.value == "error"


def test_external_links_are_listed_and_checked_only_on_allowed_hosts(tiny: Workspace) -> None:
    report = tiny.check(now=NOW, with_search=False)
    assert "https://example.test/x" in report.external_links

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            self.send_response(200 if self.path == "/ok" else 404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host = f"127.0.0.1:{server.server_port}"
    try:
        tiny.edit(
            "good",
            locale="en",
            actor="mia",
            body=f"Fine http://{host}/ok and gone http://{host}/gone and https://example.test/y\n",
        )
        found = _found(tiny, "external-link", check_external=True, allow_hosts=(host,))
        assert [f.detail["url"] for f in found] == [f"http://{host}/gone"]
        assert _found(tiny, "external-link") == []  # not asked: nothing fetched
    finally:
        server.shutdown()


def test_coverage_counts(tiny: Workspace) -> None:
    report = tiny.check(now=NOW, with_search=False)
    cov = {c.locale: c for c in report.coverage}
    assert (cov["ja"].translated, cov["ja"].outdated, cov["ja"].missing) == (2, 0, 2)
    assert (cov["es"].translated, cov["es"].missing) == (1, 3)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", ["0.0002 BTC", "1,200,000", "0.1%", "December 9, 2026"]),
        ("es", ["0,0002 BTC", "1.200.000", "0,1 %", "9 de diciembre de 2026"]),
        ("zh-Hans", ["0.0002 BTC", "1,200,000", "0.1%", "2026年12月9日"]),
        ("ru", ["0,0002 BTC", "1\u00a0200\u00a0000", "0,1 %", "9 декабря 2026\u202fг."]),
        ("ar", ["0.0002 BTC", "1,200,000", "0.1%", "9 ديسمبر 2026"]),
    ],
)
def test_variables_render_per_locale(locale: str, expected: list[str]) -> None:
    variables = [
        Variable("fee", "amount", "0.0002", "BTC"),
        Variable("cap", "number", "1200000"),
        Variable("maker", "percent", "0.1"),
        Variable("day", "date", "2026-12-09"),
    ]
    got = [render(v, locale).replace("\u00a0%", " %") for v in variables]
    assert got == [e.replace("\u00a0%", " %") for e in expected]


def test_sample_content_shows_its_deliberate_findings(sample_ws: Workspace) -> None:
    report = sample_ws.check(now=NOW, with_search=False)
    kinds = {(f.kind, f.locale, f.article_id) for f in report.findings}
    for expected in [
        ("expired", "en", "maintenance-2026-10"),
        ("broken-link", "en", "fee-discount-nvx"),
        ("broken-anchor", "en", "vip-tiers"),
        ("glossary-forbidden", "zh-Hans", "liquidation"),
        ("glossary-dnt", "ru", "trading-fees"),
        ("fact-mismatch", "es", "withdrawal-fees"),
        ("fact-mismatch", "ja", "withdrawal-fees"),
        ("outdated", "ja", "kyc-levels"),
        ("stale", "en", "order-types"),
        ("missing", "ja", "margin-call"),
    ]:
        assert expected in kinds, expected
    # The English text that mentions the old fee next to the new one is not a mismatch.
    assert ("fact-mismatch", "en", "withdrawal-fees") not in kinds


def test_search_gaps_and_suite_queries_join_the_queue(sample_ws: Workspace) -> None:
    from tests.conftest import CONTENT

    sample_ws.import_search_log(CONTENT / "search-log.csv")
    report = sample_ws.check(now=NOW, locale="zh-Hans")
    gaps = [f for f in report.findings if f.kind == "search-gap"]
    assert [f.detail["query"] for f in gaps] == ["理财产品"]
    assert gaps[0].severity.value == "warning"
    suite = [f for f in report.findings if f.kind == "suite-query"]
    assert all(f.locale == "zh-Hans" for f in suite)
    assert {f.locale for f in report.findings} == {"zh-Hans"}


def test_variable_references_expand_per_locale_and_unknown_ones_stay() -> None:
    from kbstudio.domain.variables import expand

    variables = {"btc-fee": Variable("btc-fee", "amount", "0.0002", "BTC")}
    text = "Fee: {{var:btc-fee}}; other: {{ var:nope }}"
    assert expand(text, variables, "es") == "Fee: 0,0002 BTC; other: {{ var:nope }}"
    assert expand(text, variables, "en").startswith("Fee: 0.0002 BTC;")
