"""Roles are enforced for every action, by the services on both engines and, on
PostgreSQL, by the database itself for logins that are KB Studio users."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from kbstudio.cli import cli
from kbstudio.domain.errors import KBError, WorkflowError
from kbstudio.domain.workflow import Action
from kbstudio.services.workspace import Workspace
from kbstudio.translation.memory import TranslationMemory, to_tmx
from tests.conftest import CONTENT, point_at
from tests.team_helpers import revised

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.pgdb import PgDatabases

pytestmark = pytest.mark.backends("sqlite", "postgresql")

SNIPPET = CONTENT / "snippets"


def _tmx(locale: str) -> bytes:
    tm = TranslationMemory("en", locale)
    tm.add("Contact support.", f"support ({locale})")
    return to_tmx(tm)


def _kenji(ws: Workspace) -> None:
    """A reviewer for ja only (the sample's hao reviews zh-Hans, ja and ko)."""
    ws.add_user("kenji", roles=["reviewer"], locales=["ja"], actor="admin")


FORBIDDEN: list[tuple[str, Callable[[Workspace], object], str]] = [
    ("translator for ja approves ja",
     lambda ws: ws.act(Action.APPROVE, "reset-password", locale="ja", actor="yuki"),
     "only reviewers for ja"),
    ("reviewer for ja approves ko",
     lambda ws: ws.act(Action.APPROVE, "reset-password", locale="ko", actor="kenji"),
     "only reviewers for ko"),
    ("writer publishes",
     lambda ws: ws.act(Action.PUBLISH, "memo-tag", locale="en", actor="mia"),
     "only publishers"),
    ("writer archives",
     lambda ws: ws.act(Action.ARCHIVE, "memo-tag", locale="en", actor="mia"),
     "only publishers"),
    ("reviewer restores",
     lambda ws: ws.act(Action.RESTORE, "memo-tag", locale="en", actor="grace"),
     "only publishers"),
    ("publisher approves",
     lambda ws: ws.act(Action.APPROVE, "memo-tag", locale="en", actor="sam"),
     "only reviewers for en"),
    ("translator for ja edits ko",
     lambda ws: ws.edit("reset-password", locale="ko", body="x\n", actor="yuki"),
     "translators for ko"),
    ("translator edits the source",
     lambda ws: ws.edit("reset-password", locale="en", body="x\n", actor="yuki"),
     "only writers"),
    ("writer edits a translation",
     lambda ws: ws.edit("reset-password", locale="ja", body="x\n", actor="mia"),
     "translators for ja"),
    ("reviewer edits",
     lambda ws: ws.edit("reset-password", locale="ja", body="x\n", actor="kenji"),
     "translators for ja"),
    ("translator for ja submits ko",
     lambda ws: ws.act(Action.SUBMIT, "reset-password", locale="ko", actor="yuki"),
     "translators for ko"),
    ("reviewer requests changes elsewhere",
     lambda ws: ws.act(Action.REQUEST_CHANGES, "reset-password", locale="es", actor="kenji",
                       comment="no"),
     "only reviewers for es"),
    ("translator edits another locale's snippet",
     lambda ws: ws.edit_snippet("margin-risk", locale="ko", body="x\n", actor="yuki"),
     "translators for ko"),
    ("writer imports",
     lambda ws: ws.import_path(CONTENT, actor="mia"),
     "only admins may import"),
    ("translator adds a user",
     lambda ws: ws.add_user("eve", roles=["admin"], locales=[], actor="yuki"),
     "only admins"),
    ("reviewer restores a backup",
     lambda ws: ws.restore_from(Path("nothing.db"), actor="grace"),
     "only admins may"),
    ("writer imports a search log",
     lambda ws: ws.import_search_log(Path("log.csv"), actor="mia"),
     "only admins may"),
    ("translator for ja imports ko translation memory",
     lambda ws: ws.translation.import_tmx(_tmx("ko"), locale="ko", actor="yuki"),
     "only translators for ko or admins"),
    ("writer grants a login",
     lambda ws: ws.grant_login("mia", actor="mia"),
     "only admins may"),
    ("translator changes an article's type",
     lambda ws: ws.set_properties("reset-password", actor="yuki", type="faq"),
     "yuki cannot change type"),
    ("reviewer changes visibility",
     lambda ws: ws.set_properties("reset-password", actor="kenji", visibility="internal"),
     "kenji cannot change visibility"),
    ("translator for ja tags the ko text",
     lambda ws: ws.set_properties("reset-password", actor="yuki", tags={"ko": ["x"]}),
     "only translators for ko"),
    ("writer tags a translation",
     lambda ws: ws.set_properties("reset-password", actor="mia", tags={"ja": ["x"]}),
     "only translators for ja"),
    ("translator sets the review-by date",
     lambda ws: ws.set_properties("reset-password", actor="yuki", review_by="2030-01-01"),
     "yuki cannot change review_by"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "attempt", "refusal"), FORBIDDEN, ids=[f[0] for f in FORBIDDEN])
def test_forbidden_action_is_refused_and_changes_nothing(
    sample_ws: Workspace, what: str, attempt: Callable[[Workspace], object], refusal: str
) -> None:
    _kenji(sample_ws)
    before = [e.id for e in sample_ws.audit()]
    with pytest.raises(KBError, match=refusal):
        attempt(sample_ws)
    assert [e.id for e in sample_ws.audit()] == before


def test_reviewer_may_not_approve_own_revision(sample_ws: Workspace) -> None:
    sample_ws.add_user("kim", roles=["translator", "reviewer"], locales=["ja"], actor="admin")
    body = revised(sample_ws, "enable-2fa", "ja", "キムの改訂。")
    sample_ws.edit("enable-2fa", locale="ja", body=body, actor="kim")
    sample_ws.act(Action.SUBMIT, "enable-2fa", locale="ja", actor="kim")
    with pytest.raises(WorkflowError, match="own revision"):
        sample_ws.act(Action.APPROVE, "enable-2fa", locale="ja", actor="kim")


CLI_FORBIDDEN = [
    (["--as", "yuki", "approve", "reset-password", "-l", "ja"], "only reviewers for ja"),
    (["--as", "kenji", "approve", "reset-password", "-l", "ko"], "only reviewers for ko"),
    (["--as", "mia", "publish", "memo-tag", "-l", "en"], "only publishers"),
    (["--as", "mia", "users", "add", "eve", "--role", "admin"], "only admins"),
    (["--as", "grace", "restore", "--yes", "x.db"], "only admins"),
    (["--as", "yuki", "set", "reset-password", "--owner", "yuki"], "yuki cannot change owner"),
    (
        ["--as", "kenji", "set", "reset-password", "--tags", "x", "-l", "ko"],
        "only translators for ko",
    ),
]


@pytest.mark.parametrize(("args", "refusal"), CLI_FORBIDDEN, ids=lambda a: str(a)[:40])
def test_cli_refuses_forbidden_actions(
    sample_ws: Workspace, args: list[str], refusal: str, tmp_path: Path
) -> None:
    _kenji(sample_ws)
    (tmp_path / "x.db").write_bytes(b"")
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--workspace", str(sample_ws.config.root), *args], standalone_mode=False
    )
    assert isinstance(result.exception, KBError)
    assert refusal in str(result.exception)


# -- PostgreSQL: the database enforces the same rules for member logins -----------------


def _member(sample_ws: Workspace, pg: PgDatabases, tmp_path: Path, name: str) -> Workspace:
    sample_ws.grant_login(name, actor="admin")
    root = tmp_path / f"as-{name}"
    root.mkdir()
    point_at(root, sample_ws.config.db_url.replace("kbadmin@", f"{name}@"))
    return Workspace.open(root)


@pytest.fixture
def pg_ws(sample_ws: Workspace, backend: str) -> Workspace:
    assert backend == "postgresql", "logins exist only on PostgreSQL"
    return sample_ws


@pytest.mark.backends("postgresql")
def test_member_login_acts_only_as_itself(
    pg_ws: Workspace, pg: PgDatabases, tmp_path: Path
) -> None:
    yuki = _member(pg_ws, pg, tmp_path, "yuki")
    assert yuki.default_actor() == "yuki"
    change = yuki.edit("reset-password", locale="ja", body="新しい本文\n", actor="yuki")
    assert change.changed
    with pytest.raises(WorkflowError, match="logged in to the database as yuki"):
        yuki.edit("reset-password", locale="ja", body="x\n", actor="admin")
    # The trusted administrator login may act as anyone.
    assert pg_ws.default_actor() is None
    yuki.close()


def _sql_as(pg_ws: Workspace, name: str, sql: str) -> None:
    url = pg_ws.config.db_url.replace("kbadmin@", f"{name}@")
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.begin() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


JA = "(SELECT id FROM translations WHERE article_id = '{art}' AND locale = '{loc}')"


def _rp(loc: str) -> str:
    return JA.format(art="reset-password", loc=loc)


SQL_FORBIDDEN = [
    ("yuki", f"UPDATE translations SET status = 'approved', "
             f"approved_revision_id = working_revision_id WHERE id = {_rp('ja')}",
     "yuki may not review"),
    ("kenji", f"UPDATE translations SET status = 'approved' WHERE id = {_rp('ko')}",
     "kenji may not review"),
    ("mia", f"UPDATE translations SET live_revision_id = NULL, "
            f"status = 'archived' WHERE id = {_rp('en')}",
     "mia may not publish"),
    ("yuki", "INSERT INTO revisions (translation_id, number, title, body, author, created_at, "
             f"comment, machine_translated, content_hash) VALUES ({_rp('ja')}, 99, "
             "'t', 'b', 'mia', now(), '', false, 'h')",
     "may not write a revision as mia"),
    ("yuki", "INSERT INTO revisions (translation_id, number, title, body, author, created_at, "
             f"comment, machine_translated, content_hash) VALUES ({_rp('ko')}, 99, "
             "'t', 'b', 'yuki', now(), '', false, 'h')",
     "yuki may not write"),
    ("yuki", "INSERT INTO audit_log (at, actor, action, entity, entity_id, reason, details) "
             "VALUES (now(), 'hao', 'approve', 'translation', 'x/ja', '', '{}')",
     "may not record events as hao"),
    ("mia", f"UPDATE translations SET status = 'draft' WHERE id = {_rp('ja')}",
     "mia may not write"),
    ("yuki", "UPDATE users SET roles = '[\"admin\"]' WHERE name = 'yuki'", "permission denied"),
    ("yuki", "DELETE FROM audit_log", "permission denied"),
    ("mia", "UPDATE revisions SET body = 'rewritten'", "permission denied"),
    ("mia", "DELETE FROM translations", "permission denied"),
    ("mia", "ALTER TABLE revisions DISABLE TRIGGER ALL", "must be owner"),
    ("yuki", "UPDATE articles SET type = 'faq' WHERE id = 'reset-password'",
     "yuki may not change the properties of reset-password"),
    ("kenji", "UPDATE articles SET visibility = 'internal' WHERE id = 'reset-password'",
     "kenji may not change the properties"),
    ("yuki", "UPDATE articles SET review_by = NULL WHERE id = 'reset-password'",
     "yuki may not change the review-by date"),
    ("mia", "UPDATE articles SET ends_at = now() WHERE id = 'reset-password'",
     "only announcements have an end date"),
    ("mia", "UPDATE articles SET lock_version = 0 WHERE id = 'reset-password'", "only grows"),
    ("mia", "UPDATE articles SET section_id = 'x' WHERE id = 'reset-password'",
     "permission denied"),
    ("mia", "DELETE FROM articles WHERE id = 'reset-password'", "permission denied"),
    ("yuki", f"UPDATE translations SET tags = '[]' WHERE id = {_rp('ko')}", "yuki may not write"),
]  # fmt: skip


@pytest.mark.backends("postgresql")
@pytest.mark.parametrize(
    ("login", "sql", "refusal"),
    SQL_FORBIDDEN,
    ids=[f"{x[0]}-{i}" for i, x in enumerate(SQL_FORBIDDEN)],
)
def test_direct_sql_cannot_bypass_roles(
    pg_ws: Workspace, pg: PgDatabases, tmp_path: Path, login: str, sql: str, refusal: str
) -> None:
    _kenji(pg_ws)
    for name in ("yuki", "kenji", "mia"):
        pg_ws.grant_login(name, actor="admin")
    with pytest.raises((ProgrammingError, DBAPIError), match=refusal):
        _sql_as(pg_ws, login, sql)


@pytest.mark.backends("postgresql")
def test_direct_sql_allows_what_the_role_allows(pg_ws: Workspace) -> None:
    pg_ws.grant_login("hao", actor="admin")
    # hao reviews ja: moving a ja text in review to approved is allowed in SQL too.
    body = revised(pg_ws, "enable-2fa", "ja", "追記。")
    pg_ws.edit("enable-2fa", locale="ja", body=body, actor="yuki")
    pg_ws.act(Action.SUBMIT, "enable-2fa", locale="ja", actor="yuki")
    approve = (
        "UPDATE translations SET status = 'approved', approved_revision_id = working_revision_id"
        f" WHERE id = {JA.format(art='enable-2fa', loc='ja')}"
    )
    _sql_as(pg_ws, "hao", approve)
    assert pg_ws.show("enable-2fa", locale="ja")[0].status == "approved"


@pytest.mark.backends("postgresql")
def test_members_do_a_whole_review_round_through_their_own_logins(
    pg_ws: Workspace, pg: PgDatabases, tmp_path: Path
) -> None:
    """The database rules let every allowed action of the app through."""
    yuki, hao, sam = (_member(pg_ws, pg, tmp_path, n) for n in ("yuki", "hao", "sam"))
    ref = "enable-2fa"
    base = yuki.show(ref, locale="ja")[0].revision
    body = revised(yuki, ref, "ja", "追記。")
    yuki.edit(ref, locale="ja", body=body, actor="yuki", base_revision=base)
    yuki.act(Action.SUBMIT, ref, locale="ja", actor="yuki")
    hao.act(Action.REQUEST_CHANGES, ref, locale="ja", actor="hao", comment="もう少し")
    yuki.act(Action.SUBMIT, ref, locale="ja", actor="yuki")
    hao.act(Action.APPROVE, ref, locale="ja", actor="hao")
    sam.act(Action.PUBLISH, ref, locale="ja", actor="sam")
    assert pg_ws.show(ref, locale="ja")[0].status == "published"
    # A conflict revision by a member, and a snippet edit that sends texts back to review.
    with pytest.raises(KBError, match="kept as conflict revision"):
        yuki.edit(ref, locale="ja", body="古い\n", actor="yuki", base_revision=base)
    change = yuki.edit_snippet("margin-risk", locale="ja", body="新しい注意\n", actor="yuki")
    assert change.changed
    sam.act(Action.ARCHIVE, ref, locale="ja", actor="sam", comment="old")
    sam.act(Action.RESTORE, ref, locale="ja", actor="sam")
    actors = [e.actor for e in pg_ws.audit(entity_id=f"{ref}/ja")][-9:]
    assert actors == ["yuki", "yuki", "hao", "yuki", "hao", "sam", "yuki", "sam", "sam"]
    for ws in (yuki, hao, sam):
        ws.close()


@pytest.mark.backends("postgresql")
def test_members_change_properties_through_their_own_logins(
    pg_ws: Workspace, pg: PgDatabases, tmp_path: Path
) -> None:
    """The column grants and the article trigger let every allowed change through."""
    _kenji(pg_ws)
    mia, yuki, kenji = (_member(pg_ws, pg, tmp_path, n) for n in ("mia", "yuki", "kenji"))
    ref = "reset-password"
    version = mia.show(ref)[0].article_version
    mia.set_properties(ref, actor="mia", type="announcement", ends_at="2027-01-01T00:00Z",
                       owner="mia", expected_lock_version=version)  # fmt: skip
    yuki.set_properties(ref, actor="yuki", tags={"ja": ["パスワード"]})
    kenji.set_properties(ref, actor="kenji", review_by="2027-09-09")
    info = pg_ws.show(ref, locale="ja")[0]
    assert (info.type, info.owner, info.review_by, info.tags) == (
        "announcement",
        "mia",
        "2027-09-09",
        ["パスワード"],
    )
    assert info.article_version == version + 3
    assert [e.actor for e in pg_ws.audit(entity_id=ref, action="properties")] == [
        "mia",
        "yuki",
        "kenji",
    ]
    # kenji reviews: the review-by date is his to set in SQL too, the type is not.
    _sql_as(pg_ws, "kenji", f"UPDATE articles SET review_by = '2028-01-01' WHERE id = '{ref}'")
    with pytest.raises(DBAPIError, match="kenji may not change the properties"):
        _sql_as(pg_ws, "kenji", f"UPDATE articles SET type = 'faq' WHERE id = '{ref}'")
    for ws in (mia, yuki, kenji):
        ws.close()


@pytest.mark.backends("sqlite")
def test_logins_are_refused_clearly_on_sqlite(sample_ws: Workspace) -> None:
    with pytest.raises(KBError, match="only in team mode"):
        sample_ws.grant_login("yuki", actor="admin")
    assert sample_ws.default_actor() is None


@pytest.mark.backends("postgresql")
def test_direct_sql_cannot_approve_ones_own_revision(pg_ws: Workspace) -> None:
    pg_ws.add_user("kim", roles=["translator", "reviewer"], locales=["ja"], actor="admin")
    pg_ws.grant_login("kim", actor="admin")
    body = revised(pg_ws, "enable-2fa", "ja", "キムの改訂。")
    pg_ws.edit("enable-2fa", locale="ja", body=body, actor="kim")
    pg_ws.act(Action.SUBMIT, "enable-2fa", locale="ja", actor="kim")
    approve = (
        "UPDATE translations SET status = 'approved', approved_revision_id = working_revision_id"
        f" WHERE id = {JA.format(art='enable-2fa', loc='ja')}"
    )
    with pytest.raises(DBAPIError, match="kim may not approve their own revision"):
        _sql_as(pg_ws, "kim", approve)
    review = (
        "INSERT INTO reviews (revision_id, reviewer, decision, comment, created_at) SELECT"
        f" working_revision_id, 'kim', 'approved', '', now() FROM translations"
        f" WHERE id = {JA.format(art='enable-2fa', loc='ja')}"
    )
    with pytest.raises(DBAPIError, match="kim may not approve their own revision"):
        _sql_as(pg_ws, "kim", review)


@pytest.mark.backends("postgresql")
def test_a_translator_login_imports_memory_for_its_locale_only(
    pg_ws: Workspace, pg: PgDatabases, tmp_path: Path
) -> None:
    yuki = _member(pg_ws, pg, tmp_path, "yuki")
    assert yuki.translation.import_tmx(_tmx("ja"), locale="ja", actor="yuki") == 1
    assert yuki.translation.import_tmx(_tmx("ja"), locale="ja", actor="yuki") == 1  # update
    yuki.close()
    tm_row = (
        "INSERT INTO tm_units (source_locale, target_locale, source_key, source, target, origin,"
        " created_at, lock_version) VALUES ('en', 'ko', 'k', 's', 't', '', now(), 1)"
    )
    with pytest.raises(DBAPIError, match="yuki may not write"):
        _sql_as(pg_ws, "yuki", tm_row)
