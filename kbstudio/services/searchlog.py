"""The search log: what readers typed, how often, and where search failed them."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select

from kbstudio.domain.errors import ValidationError
from kbstudio.domain.locales import check_locale
from kbstudio.storage.models import SearchLogRow

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session

    from kbstudio.search.analysis import Token
    from kbstudio.services.search import SearchService

REQUIRED = ("query", "locale", "count")


@dataclass(frozen=True)
class Gap:
    locale: str
    query: str
    count: int
    results: int
    top_article: str | None
    coverage: float  # share of the query's terms the top hit matches
    reason: str


def import_csv(session: Session, path: Path, *, enabled: list[str]) -> int:
    """Load a CSV (query, locale, count); re-importing a file replaces its earlier rows."""
    from kbstudio.interchange.textfile import read_text

    shown = str(path)
    text = read_text(path, shown=shown)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            "bad-csv", f"missing column(s): {', '.join(missing)}", file=shown, line=1
        )
    totals: dict[tuple[str, str], int] = {}
    for row in reader:
        line = reader.line_num
        query = (row["query"] or "").strip()
        if not query:
            continue
        locale = check_locale((row["locale"] or "").strip(), field="locale")
        if locale not in enabled:
            raise ValidationError(
                "unknown-locale", f"{locale} is not enabled here", file=shown, line=line
            )
        try:
            count = int((row["count"] or "").strip())
        except ValueError:
            raise ValidationError(
                "bad-csv",
                f"count {row['count']!r} is not a whole number",
                file=shown,
                line=line,
                field="count",
            ) from None
        if count < 0:
            raise ValidationError("bad-csv", "count must be >= 0", file=shown, line=line)
        key = (locale, query[:500])
        totals[key] = totals.get(key, 0) + count
    source = path.name
    session.execute(delete(SearchLogRow).where(SearchLogRow.source == source))
    for (locale, query), count in totals.items():
        session.add(SearchLogRow(source=source, locale=locale, query=query, count=count))
    return len(totals)


def frequent_queries(
    session: Session, locale: str | None, min_count: int
) -> list[tuple[str, str, int]]:
    total = func.sum(SearchLogRow.count)
    query = (
        select(SearchLogRow.locale, SearchLogRow.query, total)
        .group_by(SearchLogRow.locale, SearchLogRow.query)
        .having(total >= min_count)
        .order_by(total.desc(), SearchLogRow.locale, SearchLogRow.query)
    )
    if locale:
        query = query.where(SearchLogRow.locale == locale)
    return [(loc, q, int(n)) for loc, q, n in session.execute(query)]


def gaps(
    search: SearchService, rows: list[tuple[str, str, int]], *, view: str = "published"
) -> list[Gap]:
    """Frequent queries with no result, or whose top result matches too little of them."""
    out = []
    for locale, query, count in rows:
        index = search.ensure(locale, view)
        result = index.search(query, limit=1)
        if not result.hits:
            out.append(Gap(locale, query, count, 0, None, 0.0, "no results"))
            continue
        top = result.hits[0]
        covered, total = _coverage(index.analyzer.tokens(query), set(top.matched_terms))
        coverage = covered / total if total else 1.0
        if coverage < index.tuning.weak_coverage:
            reason = f"weak top result: matches {covered} of {total} words"
            out.append(Gap(locale, query, count, result.total, top.article_id, coverage, reason))
    return out


def _coverage(tokens: list[Token], matched: set[str]) -> tuple[int, int]:
    """(query words the hit matches, query words); a matched synonym covers its words."""
    words = [t for t in tokens if not t.unigram and not t.term.startswith("~")]
    spans = [(t.start, t.end) for t in tokens if t.term.startswith("~") and t.term in matched]
    covered = sum(
        1 for w in words if w.term in matched or any(s <= w.start and w.end <= e for s, e in spans)
    )
    return covered, len(words)
