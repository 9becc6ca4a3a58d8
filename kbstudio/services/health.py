"""Content health over the workspace: snapshots from the database, checks, queues, report."""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kbstudio.domain.variables import Variable
from kbstudio.health import checks, links, terms
from kbstudio.health.model import Finding, GlossaryEntry, HealthConfig, Severity, TextState
from kbstudio.health.queue import queues
from kbstudio.health.report import Coverage
from kbstudio.services import lookup
from kbstudio.services.revisions import accepted_revision, approved_version, translation_outdated
from kbstudio.storage.models import (
    ArticleRow,
    GlossaryTermRow,
    ReviewRow,
    SnippetRow,
    TranslationRow,
    VariableRow,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kbstudio.services.search import SearchService

EXTERNAL_TIMEOUT = 5.0


@dataclass
class HealthReport:
    now: dt.datetime
    locales: list[str]
    findings: list[Finding]
    coverage: list[Coverage]
    external_links: dict[str, list[str]] = field(default_factory=dict)  # url -> where

    def queues(self) -> dict[str, list[Finding]]:
        return queues(self.findings, self.locales)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def snapshot(session: Session) -> tuple[list[TextState], list[str], str]:
    ws = lookup.settings(session)
    approvals = dict(
        session.execute(
            select(ReviewRow.revision_id, func.max(ReviewRow.created_at))
            .where(ReviewRow.decision == "approved")
            .group_by(ReviewRow.revision_id)
        ).all()
    )
    articles = session.scalars(
        select(ArticleRow).options(
            selectinload(ArticleRow.translations).selectinload(TranslationRow.working),
            selectinload(ArticleRow.translations).selectinload(TranslationRow.approved),
            selectinload(ArticleRow.translations).selectinload(TranslationRow.live),
        )
    )
    texts: list[TextState] = []
    for art in articles:
        by_locale = {t.locale: t for t in art.translations}
        source = by_locale.get(ws.source_locale)
        source_rev = accepted_revision(source) if source else None
        source_approved = (
            _utc(approvals.get(source_rev.id) or source_rev.created_at) if source_rev else None
        )
        for tr in art.translations:
            rev = tr.working
            if rev is None:
                continue
            accepted = accepted_revision(tr)
            approved_at = (
                _utc(approvals.get(accepted.id) or accepted.created_at) if accepted else None
            )
            based = rev.source_revision.version if rev.source_revision else None
            texts.append(
                TextState(
                    article_id=art.id,
                    locale=tr.locale,
                    title=rev.title,
                    status=tr.status,
                    type=art.type,
                    visibility=art.visibility,
                    is_source=tr.locale == ws.source_locale,
                    body=rev.body,
                    live=tr.live_revision_id is not None,
                    review_by=art.review_by,
                    ends_at=_utc(art.ends_at),
                    approved_at=approved_at,
                    outdated=translation_outdated(tr, source),
                    based_on_version=based,
                    source_version=approved_version(source),
                    source_approved_at=source_approved,
                )
            )
    return texts, list(ws.locales), ws.source_locale


def _glossary(session: Session) -> list[GlossaryEntry]:
    out = []
    query = select(GlossaryTermRow).options(selectinload(GlossaryTermRow.renderings))
    for term in session.scalars(query):
        out.append(
            GlossaryEntry(
                term.id,
                term.dnt,
                {r.locale: (r.term, list(r.forbidden)) for r in term.renderings},
            )
        )
    return out


def run_checks(
    session: Session,
    *,
    config: HealthConfig,
    search: SearchService | None = None,
    locale: str | None = None,
    check_external: bool = False,
    allow_hosts: tuple[str, ...] = (),
) -> HealthReport:
    texts, locales, source_locale = snapshot(session)
    by_key = {(t.article_id, t.locale): t for t in texts}
    sources = {t.article_id: t for t in texts if t.is_source}
    snippet_rows = list(session.scalars(select(SnippetRow)))
    snippet_times = {(s.snippet_id, s.locale): s.updated_at for s in snippet_rows}
    variables = [
        Variable(v.name, v.kind, v.value, v.unit, {k: list(w) for k, w in v.terms.items()})
        for v in session.scalars(select(VariableRow))
    ]
    findings: list[Finding] = []
    findings += checks.stale(texts, config)
    findings += checks.outdated(texts, config)
    findings += checks.missing(sources.values(), by_key, locales, config)
    findings += checks.broken_links(
        by_key, source_locale, set(snippet_times), {v.name for v in variables}
    )
    findings += checks.expired(texts, config)
    findings += checks.regulated_snippets(texts, snippet_times, source_locale, config)
    findings += terms.glossary(texts, _glossary(session), sources)
    findings += terms.facts(texts, variables)
    external: dict[str, list[str]] = {}
    for t in texts:
        for url in links.external_links(t.body):
            external.setdefault(url, []).append(f"{t.article_id}/{t.locale}")
    if check_external:
        findings += _check_external(external, allow_hosts, by_key)
    if search is not None:
        findings += _search_findings(session, search, locales if locale is None else [locale])
    if locale is not None:
        findings = [f for f in findings if f.locale == locale]
        locales = [locale]
    coverage = _coverage(texts, sources, locales, source_locale)
    return HealthReport(config.now, locales, findings, coverage, external)


def _coverage(
    texts: list[TextState], sources: dict[str, TextState], locales: list[str], source_locale: str
) -> list[Coverage]:
    counted = [s for s in sources.values() if s.status != "archived"]
    rows = []
    for locale in locales:
        mine = {t.article_id: t for t in texts if t.locale == locale and t.status != "archived"}
        outdated = sum(1 for s in counted if s.article_id in mine and mine[s.article_id].outdated)
        present = sum(1 for s in counted if s.article_id in mine)
        rows.append(Coverage(locale, present - outdated, outdated, len(counted) - present))
    return rows


def _check_external(
    external: dict[str, list[str]],
    allow_hosts: tuple[str, ...],
    by_key: dict[tuple[str, str], TextState],
) -> list[Finding]:
    """Fetch external links whose host is allowed; report the ones that fail."""
    findings = []
    for url, where in sorted(external.items()):
        host = urllib.parse.urlsplit(url).netloc
        if host not in allow_hosts:
            continue
        problem = _probe(url)
        if problem is None:
            continue
        for key in where:
            article_id, locale = key.split("/", 1)
            t = by_key[(article_id, locale)]
            findings.append(
                Finding(
                    "external-link",
                    Severity.ERROR,
                    locale,
                    article_id,
                    t.title,
                    f"external link {url} fails: {problem}",
                    detail={"url": url},
                )
            )
    return findings


def _probe(url: str) -> str | None:
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "kbstudio"})
    try:
        with urllib.request.urlopen(request, timeout=EXTERNAL_TIMEOUT) as response:
            return None if response.status < 400 else f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        return str(getattr(exc, "reason", exc))


def _search_findings(session: Session, search: SearchService, locales: list[str]) -> list[Finding]:
    from kbstudio.services import searchlog

    findings: list[Finding] = []
    rows = [r for r in searchlog.frequent_queries(session, None, 1) if r[0] in locales]
    for gap in searchlog.gaps(search, rows):
        severity = Severity.WARNING if gap.results == 0 else Severity.INFO
        findings.append(
            Finding(
                "search-gap",
                severity,
                gap.locale,
                gap.top_article,
                f"“{gap.query}”",
                f"readers searched “{gap.query}” {gap.count} times: {gap.reason}",
                impact=min(gap.count, 1_000),
                detail={"query": gap.query},
            )
        )
    for path in search.suite_paths():
        if path.stem not in locales:
            continue
        report = search.run_suite(path)
        for outcome in report.outcomes:
            if outcome.rank is None or outcome.rank > 3:
                where = f"rank {outcome.rank}" if outcome.rank else "not in the top 10"
                findings.append(
                    Finding(
                        "suite-query",
                        Severity.INFO,
                        report.locale,
                        outcome.expect[0],
                        f"“{outcome.q}”",
                        f"suite query “{outcome.q}” finds {outcome.expect[0]} at {where}",
                        detail={"query": outcome.q, "rank": outcome.rank},
                    )
                )
    return findings
