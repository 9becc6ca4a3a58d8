"""Storage guarantees: history is append-only, optimistic locking catches lost updates."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from kbstudio.storage.models import ArticleRow, AuditRow, RevisionRow, TranslationRow

if TYPE_CHECKING:
    from kbstudio.services.workspace import Workspace

pytestmark = pytest.mark.backends("sqlite", "postgresql")


def test_revisions_cannot_be_rewritten(sample_ws: Workspace) -> None:
    with sample_ws.session() as s:
        rev = s.scalars(select(RevisionRow)).first()
        assert rev is not None
        rev.body = "tampered"
        with pytest.raises(PermissionError, match="append-only"):
            s.flush()
        s.rollback()
    with sample_ws.session() as s:
        s.delete(s.scalars(select(RevisionRow)).first())
        with pytest.raises(PermissionError, match="append-only"):
            s.flush()
        s.rollback()


def test_audit_events_cannot_be_rewritten(sample_ws: Workspace) -> None:
    with sample_ws.session() as s:
        event = s.scalars(select(AuditRow)).first()
        assert event is not None
        event.reason = "nothing happened"
        with pytest.raises(PermissionError, match="append-only"):
            s.flush()
        s.rollback()
    assert all(e.reason != "nothing happened" for e in sample_ws.audit())


def test_concurrent_update_of_one_translation_is_detected(sample_ws: Workspace) -> None:
    s1 = sample_ws._sessions()
    s2 = sample_ws._sessions()
    query = select(TranslationRow).where(TranslationRow.slug == "memo-tag")
    first, second = s1.scalars(query).first(), s2.scalars(query).first()
    assert first is not None
    assert second is not None
    first.tags = ["one"]
    s1.commit()
    second.tags = ["two"]
    with pytest.raises(StaleDataError):
        s2.commit()
    s1.close()
    s2.close()


def test_timestamps_come_back_in_utc(sample_ws: Workspace) -> None:
    with sample_ws.session() as s:
        rev = s.scalars(select(RevisionRow)).first()
        event = s.scalars(select(AuditRow)).first()
    assert rev is not None
    assert event is not None
    assert rev.created_at.utcoffset() is not None
    assert event.at.utcoffset() is not None
    with sample_ws.session() as s:
        ends = s.get(ArticleRow, "maintenance-2026-12").ends_at
    assert ends is not None
    assert ends.isoformat() == "2026-12-09T06:00:00+00:00"
