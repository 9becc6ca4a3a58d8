"""The studio's tree read (services.treestates) against the ORM, on both database engines.

The tree reads JSON aggregates written per engine, so each engine is checked against what
the ORM models and the views say about the same rows.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from kbstudio.domain.model import is_outdated
from kbstudio.services import studio
from kbstudio.services.revisions import approved_version
from kbstudio.storage.models import ArticleRow, RevisionRow, TranslationRow

if TYPE_CHECKING:
    from kbstudio.services.workspace import Workspace

pytestmark = pytest.mark.backends("sqlite", "postgresql")

REF = "reset-password"


def _dated(ws: Workspace) -> None:
    """Give one article an end time and a review-by date, so both are read back non-empty."""
    ws.set_properties(REF, actor="sam", type="announcement", ends_at="2027-03-04T05:06:07Z")
    ws.set_properties(REF, actor="mia", review_by="2000-01-02")


def test_the_tree_holds_what_the_orm_holds_in_section_order(sample_ws: Workspace) -> None:
    _dated(sample_ws)
    with sample_ws.session() as s:
        tree = studio.tree(s)
        rows = s.scalars(
            select(ArticleRow).order_by(ArticleRow.section_id, ArticleRow.position, ArticleRow.id)
        ).all()
        expected = {
            r.id: (r.section_id, r.type, r.owner, r.review_by, r.visibility, r.ends_at)
            for r in rows
        }
        by_section: dict[str, list[str]] = {}
        for r in rows:
            by_section.setdefault(r.section_id, []).append(r.id)
        texts = {(t.article_id, t.locale): t for t in s.scalars(select(TranslationRow))}
        working = {r.id: r for r in s.scalars(select(RevisionRow))}
        source_versions = {
            art: approved_version(t) for (art, loc), t in texts.items() if loc == "en"
        }
    arts = tree.articles()
    got = {
        a.id: (a.section_id, a.type, a.owner, a.review_by, a.visibility, a.ends_at) for a in arts
    }
    assert got == expected
    assert got[REF][5] == dt.datetime(2027, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
    assert got[REF][3] == dt.date(2000, 1, 2)
    assert next(a for a in arts if a.id == REF).states["en"].badge == studio.STALE
    for section in (s for c in tree.categories for s in c.sections):
        assert [a.id for a in section.articles] == by_section.get(section.id, [])
    assert sum(len(a.states) for a in arts) == len(texts)
    for art in arts:
        for loc, state in art.states.items():
            row = texts[(art.id, loc)]
            rev = working[row.working_revision_id] if row.working_revision_id else None
            assert (state.locale, state.status) == (loc, row.status)
            assert (state.title, state.author) == ((rev.title, rev.author) if rev else ("", None))
            assert state.revision == (rev.number if rev else None)
            based = rev.source_revision_id if rev else None
            outdated = loc != "en" and is_outdated(
                based_on_version=working[based].version if based else None,
                approved_source_version=source_versions.get(art.id),
            )
            assert state.outdated is outdated
            past_due = art.review_by is not None and art.review_by < dt.datetime.now(dt.UTC).date()
            assert state.stale is (loc == "en" and past_due and row.status != "archived")
            assert isinstance(state.outdated, bool)
            assert isinstance(state.stale, bool)


def test_one_article_reads_as_in_the_whole_tree(sample_ws: Workspace) -> None:
    _dated(sample_ws)
    with sample_ws.session() as s:
        whole = {a.id: a for a in studio.tree(s).articles()}
        one = studio.article_node(s, REF)
        gone = studio.article_node(s, "no-such-article")
    assert one == whole[REF]
    assert gone is None


def test_an_empty_workspace_has_an_empty_tree(empty_ws: Workspace) -> None:
    with empty_ws.session() as s:
        tree = studio.tree(s)
    assert tree.articles() == []
