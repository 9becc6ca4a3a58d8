"""Article properties: only given fields change, each value checked, roles, locking, audit,
and everything that reads them (search views, the change feed) follows."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from kbstudio.domain.errors import ConflictError, KBError, NotFoundError, ValidationError
from tests.team_helpers import second_client

if TYPE_CHECKING:
    from pathlib import Path

    from kbstudio.services.workspace import Workspace

pytestmark = pytest.mark.backends("sqlite", "postgresql")

REF = "reset-password"  # a published guide owned by omar, in en, es, ja, ko, zh-Hans


def _ids(ws: Workspace, query: str, view: str = "working", locale: str = "en") -> list[str]:
    return [h.article_id for h in ws.search.search(query, locale=locale, view=view).hits]


def test_only_the_given_fields_change_and_one_audit_event_says_old_and_new(
    sample_ws: Workspace,
) -> None:
    before, _ = sample_ws.show(REF, locale="en")
    before_ja, _ = sample_ws.show(REF, locale="ja")
    change = sample_ws.set_properties(
        REF, actor="mia", owner="mia", review_by="2027-06-30",
        expected_lock_version=before.article_version,
    )  # fmt: skip
    assert change.changed
    assert change.lock_version == before.article_version + 1
    after, _ = sample_ws.show(REF, locale="ja")
    assert (after.owner, after.review_by) == ("mia", "2027-06-30")
    assert (after.type, after.visibility, after.tags) == ("guide", "public", before_ja.tags)
    events = sample_ws.audit(entity_id=REF, action="properties")
    assert len(events) == 1
    assert events[0].actor == "mia"
    assert events[0].details["changes"] == {
        "owner": ["omar", "mia"],
        "review_by": ["2027-01-20", "2027-06-30"],
    }


def test_setting_the_same_values_changes_nothing(sample_ws: Workspace) -> None:
    info, _ = sample_ws.show(REF)
    change = sample_ws.set_properties(REF, actor="mia", type="guide", owner="omar")
    assert not change.changed
    assert change.lock_version == info.article_version
    assert sample_ws.audit(entity_id=REF, action="properties") == []


BAD = [
    ({"type": "essay"}, "type", "type must be one of: faq, guide, announcement, notice"),
    ({"visibility": "secret"}, "visibility", "visibility must be one of"),
    ({"owner": "nobody"}, "owner", "not a user"),
    ({"review_by": "next tuesday"}, "review_by", "must be a date"),
    ({"ends_at": "soon"}, "ends_at", "must be a time"),
    ({"ends_at": "2027-01-01T00:00Z"}, "ends_at", "only announcements have an end date"),
    ({"tags": {"en": ["a,b"]}}, "tags", "without commas"),
    ({"tags": {"ar": ["x"]}}, "tags", "has no ar text"),
]


@pytest.mark.parametrize(
    ("fields", "field", "message"), BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)]
)
def test_bad_values_are_refused_naming_the_field(
    sample_ws: Workspace, fields: dict[str, object], field: str, message: str
) -> None:
    before = sample_ws.show(REF)[0]
    with pytest.raises((ValidationError, NotFoundError)) as caught:
        sample_ws.set_properties(REF, actor="admin", **fields)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert message in caught.value.message
    assert sample_ws.show(REF)[0] == before


def test_an_announcement_gets_an_end_date_and_leaves_the_published_view_when_it_ends(
    sample_ws: Workspace,
) -> None:
    assert REF in _ids(sample_ws, "forgotten password", view="published")
    past = dt.datetime(2026, 1, 1, 6, tzinfo=dt.UTC)
    sample_ws.set_properties(REF, actor="sam", type="announcement", ends_at=past)
    info, _ = sample_ws.show(REF)
    assert (info.type, info.ends_at) == ("announcement", "2026-01-01T06:00:00Z")
    assert REF not in _ids(sample_ws, "forgotten password", view="published")
    assert REF in _ids(sample_ws, "forgotten password")  # the working view keeps it
    # Content health reads the properties too: a published announcement that has ended.
    report = sample_ws.check(with_search=False)
    expired = {f.locale for f in report.findings if f.kind == "expired" and f.article_id == REF}
    assert "en" in expired
    # Changing the type back needs the end date cleared in the same call.
    with pytest.raises(ValidationError, match="only announcements"):
        sample_ws.set_properties(REF, actor="sam", type="guide")
    sample_ws.set_properties(REF, actor="sam", type="guide", ends_at=None)
    assert REF in _ids(sample_ws, "forgotten password", view="published")


def test_visibility_and_type_reach_the_search_indexes(sample_ws: Workspace) -> None:
    def ja_type() -> str:
        hits = sample_ws.search.search("パスワード", locale="ja").hits
        return next(h.type for h in hits if h.article_id == REF)

    assert ja_type() == "guide"
    sample_ws.set_properties(REF, actor="omar", visibility="internal", type="faq")
    assert ja_type() == "faq"  # every locale's stored type follows
    assert REF not in _ids(sample_ws, "forgotten password", view="published")


def test_a_stale_version_is_refused_naming_who_changed_it(sample_ws: Workspace) -> None:
    read = sample_ws.show(REF)[0].article_version
    sample_ws.set_properties(REF, actor="mia", review_by="2027-02-01", expected_lock_version=read)
    with pytest.raises(ConflictError, match="mia changed them at") as caught:
        sample_ws.set_properties(REF, actor="omar", owner="mia", expected_lock_version=read)
    assert caught.value.field == "lock_version"
    assert sample_ws.show(REF)[0].owner == "omar"


def test_tags_per_locale_move_the_article_version_too(sample_ws: Workspace) -> None:
    read = sample_ws.show(REF)[0].article_version
    change = sample_ws.set_properties(
        REF, actor="yuki", tags={"ja": ["パスワード", " ログイン ", "パスワード"]},
        expected_lock_version=read,
    )  # fmt: skip
    assert change.locales == ("ja",)
    assert sample_ws.show(REF, locale="ja")[0].tags == ["パスワード", "ログイン"]
    assert sample_ws.show(REF)[0].article_version == read + 1
    with pytest.raises(ConflictError):
        sample_ws.set_properties(REF, actor="mia", owner="mia", expected_lock_version=read)


ALLOWED = [
    ("admin", {"visibility": "internal"}),
    ("mia", {"type": "faq"}),  # writer
    ("sam", {"owner": "mia"}),  # publisher
    ("omar", {"visibility": "internal"}),  # the owner (also a writer)
    ("grace", {"review_by": "2027-05-01"}),  # reviewer
    ("yuki", {"tags": {"ja": ["新"]}}),  # translator, own locale
    ("mia", {"tags": {"en": ["new"]}}),  # writer, source locale
]


@pytest.mark.parametrize(("who", "fields"), ALLOWED, ids=[a[0] for a in ALLOWED])
def test_allowed_roles(sample_ws: Workspace, who: str, fields: dict[str, object]) -> None:
    assert sample_ws.set_properties(REF, actor=who, **fields).changed  # type: ignore[arg-type]


def test_an_owner_without_a_writing_role_may_edit_their_article(sample_ws: Workspace) -> None:
    sample_ws.set_properties(REF, actor="admin", owner="hao")
    change = sample_ws.set_properties(REF, actor="hao", visibility="internal")
    assert change.changed


def test_another_client_sees_the_change_through_the_feed(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    other = second_client(sample_ws, tmp_path / "other")
    assert REF in _ids(other, "forgotten password", view="published")
    sample_ws.set_properties(REF, actor="mia", visibility="internal")
    changes = other.search.catch_up()
    assert {(REF, loc) for loc in ("en", "es", "ja", "ko", "zh-Hans")} <= changes.keys
    assert REF not in _ids(other, "forgotten password", view="published")
    other.close()


def test_unknown_article_is_refused(sample_ws: Workspace) -> None:
    with pytest.raises(KBError, match="no article"):
        sample_ws.set_properties("nope", actor="admin", type="faq")
