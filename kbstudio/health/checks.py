"""The checks: each takes snapshots and yields findings, and nothing else."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kbstudio.domain.model import has_ended
from kbstudio.health import links
from kbstudio.health.model import Finding, HealthConfig, Severity, TextState, impact_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

Texts = dict[tuple[str, str], TextState]  # (article id, locale) -> text


def _days(since: dt.datetime | dt.date | None, now: dt.datetime) -> int:
    if since is None:
        return 0
    if not isinstance(since, dt.datetime):
        since = dt.datetime.combine(since, dt.time(), dt.UTC)
    return max(0, (now - since).days)


def _finding(
    kind: str, severity: Severity, text: TextState, reason: str, *, age: int = 0, **detail: object
) -> Finding:
    return Finding(
        kind,
        severity,
        text.locale,
        text.article_id,
        text.title,
        reason,
        impact=impact_of(text),
        age_days=age,
        detail=detail,
    )


def stale(texts: Iterable[TextState], config: HealthConfig) -> Iterator[Finding]:
    """Review-by dates passed or due soon, and source texts nobody approved for long."""
    today = config.now.date()
    for t in texts:
        if t.status == "archived":
            continue
        if t.review_by is not None and t.is_source:
            if t.review_by < today:
                yield _finding(
                    "stale",
                    Severity.WARNING,
                    t,
                    f"review-by date {t.review_by.isoformat()} has passed",
                    age=(today - t.review_by).days,
                    review_by=t.review_by.isoformat(),
                )
            elif (t.review_by - today).days <= config.due_days:
                yield _finding(
                    "stale",
                    Severity.INFO,
                    t,
                    f"review due by {t.review_by.isoformat()} ({(t.review_by - today).days} days)",
                    review_by=t.review_by.isoformat(),
                )
        if t.is_source and t.approved_at is not None:
            age = _days(t.approved_at, config.now)
            if age > config.verify_days:
                yield _finding(
                    "unverified",
                    Severity.INFO,
                    t,
                    f"source not verified (approved) for {age} days",
                    age=age,
                )


def outdated(texts: Iterable[TextState], config: HealthConfig) -> Iterator[Finding]:
    for t in texts:
        if t.is_source or not t.outdated or t.status == "archived":
            continue
        age = _days(t.source_approved_at, config.now)
        yield _finding(
            "outdated",
            Severity.WARNING,
            t,
            f"based on source version {t.based_on_version}; the source is at version"
            f" {t.source_version} (for {age} days)",
            age=age,
            based_on=t.based_on_version,
            source_version=t.source_version,
        )


def missing(
    sources: Iterable[TextState], texts: Texts, locales: list[str], config: HealthConfig
) -> Iterator[Finding]:
    """Articles with no text in an enabled locale; notices and announcements first."""
    for src in sources:
        if src.status == "archived" or not src.live or has_ended(src.type, src.ends_at, config.now):
            continue
        for locale in locales:
            if locale == src.locale or (src.article_id, locale) in texts:
                continue
            urgent = src.type in ("notice", "announcement")
            yield Finding(
                "missing",
                Severity.WARNING if urgent else Severity.INFO,
                locale,
                src.article_id,
                src.title,
                f"no {locale} translation of this {src.type}",
                impact=impact_of(src),
                age_days=_days(src.approved_at, config.now),
            )


def broken_links(
    texts: Texts, source_locale: str, snippets: set[tuple[str, str]], variables: set[str]
) -> Iterator[Finding]:
    """kb: links to missing articles or anchors, locale-aware; unknown references."""
    anchors: dict[tuple[str, str], set[str]] = {}
    articles = {aid for aid, _ in texts}
    for t in texts.values():
        if t.status == "archived":
            continue
        for target, anchor in links.kb_links(t.prose):
            if target not in articles:
                yield _finding(
                    "broken-link",
                    Severity.ERROR,
                    t,
                    f"links to {target}, which does not exist",
                    target=target,
                )
                continue
            here = texts.get((target, t.locale))
            if here is None or here.status == "archived":
                yield _finding(
                    "link-missing-in-locale",
                    Severity.WARNING,
                    t,
                    f"links to {target}, which is missing in {t.locale} (readers get the"
                    f" {source_locale} page)",
                    target=target,
                )
                here = texts.get((target, source_locale))
            if anchor and here is not None:
                key = (target, here.locale)
                if key not in anchors:
                    anchors[key] = links.anchors(here.body)
                if anchor not in anchors[key]:
                    yield _finding(
                        "broken-anchor",
                        Severity.ERROR,
                        t,
                        f"links to {target}#{anchor}, but {target} ({here.locale}) has no such"
                        " heading anchor",
                        target=target,
                        anchor=anchor,
                    )
        for ref in links.snippet_refs(t.prose):
            if (ref, t.locale) not in snippets and (ref, source_locale) not in snippets:
                yield _finding(
                    "unknown-snippet",
                    Severity.ERROR,
                    t,
                    f"includes snippet {ref}, which does not exist",
                    snippet=ref,
                )
        for ref in links.variable_refs(t.prose):
            if ref not in variables:
                yield _finding(
                    "unknown-variable",
                    Severity.ERROR,
                    t,
                    f"uses variable {ref}, which is not declared",
                    variable=ref,
                )


def expired(texts: Iterable[TextState], config: HealthConfig) -> Iterator[Finding]:
    for t in texts:
        ends = t.ends_at
        if t.live and t.status == "published" and ends and has_ended(t.type, ends, config.now):
            age = _days(ends, config.now)
            yield _finding(
                "expired",
                Severity.ERROR,
                t,
                f"announcement ended {ends:%Y-%m-%d %H:%M} UTC but is still published",
                age=age,
                ends=ends.isoformat(),
            )


def regulated_snippets(
    texts: Iterable[TextState],
    snippet_times: dict[tuple[str, str], dt.datetime],
    source_locale: str,
    config: HealthConfig,
) -> Iterator[Finding]:
    """Texts whose snippet (a risk notice) changed after the text was approved."""
    for t in texts:
        if t.status in ("archived", "draft") or t.approved_at is None:
            continue
        approved = t.approved_at
        for ref in set(links.snippet_refs(t.prose)):
            changed = snippet_times.get((ref, t.locale)) or snippet_times.get((ref, source_locale))
            if changed is None:
                continue
            if changed > approved:
                yield _finding(
                    "snippet-changed",
                    Severity.ERROR,
                    t,
                    f"snippet {ref} changed on {changed:%Y-%m-%d} after this text was approved"
                    f" ({approved:%Y-%m-%d}): review it again",
                    age=_days(changed, config.now),
                    snippet=ref,
                )
