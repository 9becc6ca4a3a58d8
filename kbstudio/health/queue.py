"""One prioritized queue per locale: severity, then reader impact, then age."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kbstudio.health.model import Finding, Severity


def sort_key(f: Finding) -> tuple[int, int, int, str, str]:
    return (f.severity.rank, -f.impact, -f.age_days, f.article_id or "", f.kind)


def queues(findings: Iterable[Finding], locales: list[str]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {loc: [] for loc in locales}
    for f in findings:
        out.setdefault(f.locale, []).append(f)
    return {loc: sorted(items, key=sort_key) for loc, items in out.items()}


def at_or_above(findings: Iterable[Finding], threshold: Severity) -> list[Finding]:
    return [f for f in findings if f.severity.rank <= threshold.rank]
