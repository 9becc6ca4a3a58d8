"""Content health over the workspace: snapshots from the database, checks, queues, report."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, selectinload

from kbstudio.domain.model import is_outdated
from kbstudio.domain.variables import Variable
from kbstudio.health import checks, links, terms
from kbstudio.health.model import Finding, GlossaryEntry, HealthConfig, Severity, TextState
from kbstudio.health.queue import queues
from kbstudio.health.report import Coverage
from kbstudio.services import lookup
from kbstudio.storage.models import (
    ArticleRow,
    GlossaryTermRow,
    ReviewRow,
    RevisionRow,
    SnippetRow,
    TranslationRow,
    VariableRow,
)

if TYPE_CHECKING:
    import datetime as dt

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


def snapshot(session: Session) -> tuple[list[TextState], list[str], str]:
    """Every text's state, read with a few flat queries (the checks read 70,000 texts)."""
    ws = lookup.settings(session)
    approvals = dict(
        session.execute(
            select(ReviewRow.revision_id, func.max(ReviewRow.created_at))
            .where(ReviewRow.decision == "approved")
            .group_by(ReviewRow.revision_id)
        ).all()
    )
    work, src, appr, live = (aliased(RevisionRow) for _ in range(4))
    rows = session.execute(
        select(
            TranslationRow.article_id,
            TranslationRow.locale,
            TranslationRow.status,
            TranslationRow.live_revision_id,
            work.title,
            work.body,
            src.version,
            appr.id,
            appr.created_at,
            appr.version,
            live.id,
            live.created_at,
            live.version,
            ArticleRow.type,
            ArticleRow.visibility,
            ArticleRow.review_by,
            ArticleRow.ends_at,
        )
        .join(work, work.id == TranslationRow.working_revision_id)
        .join(ArticleRow, ArticleRow.id == TranslationRow.article_id)
        .outerjoin(src, src.id == work.source_revision_id)
        .outerjoin(appr, appr.id == TranslationRow.approved_revision_id)
        .outerjoin(live, live.id == TranslationRow.live_revision_id)
    ).all()

    def accepted(row: Any) -> tuple[dt.datetime | None, int | None]:
        """(approval time, version) of the approved revision, else the live one."""
        rev_id, created, version = (
            (row[7], row[8], row[9]) if row[7] else (row[10], row[11], row[12])
        )
        if rev_id is None:
            return None, None
        return approvals.get(rev_id) or created, version

    sources = {r[0]: accepted(r) for r in rows if r[1] == ws.source_locale}
    texts = []
    for r in rows:
        approved_at, _ = accepted(r)
        source_at, source_version = sources.get(r[0], (None, None))
        is_source = r[1] == ws.source_locale
        based = r[6]
        texts.append(
            TextState(
                article_id=r[0],
                locale=r[1],
                title=r[4],
                status=r[2],
                type=r[13],
                visibility=r[14],
                is_source=is_source,
                body=r[5],
                live=r[3] is not None,
                review_by=r[15],
                ends_at=r[16],
                approved_at=approved_at,
                outdated=not is_source
                and is_outdated(based_on_version=based, approved_source_version=source_version),
                based_on_version=based,
                source_version=source_version,
                source_approved_at=source_at,
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
        for url in links.external_links(t.prose):
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
