"""History the database keeps append-only, an audit trail that answers questions,
and whole-database backups that restore exactly."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from kbstudio.cli import cli
from kbstudio.domain.errors import KBError
from kbstudio.domain.workflow import Action
from kbstudio.storage.models import Base, RevisionRow
from tests.team_helpers import revised

if TYPE_CHECKING:
    from pathlib import Path

    from kbstudio.services.workspace import Workspace

pytestmark = pytest.mark.backends("sqlite", "postgresql")


def _run(ws: Workspace, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--workspace", str(ws.config.root), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("table", ["revisions", "audit_log", "reviews"])
@pytest.mark.parametrize("sql", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_history_is_append_only_in_the_database(sample_ws: Workspace, table: str, sql: str) -> None:
    """Even plain SQL on the owner's connection cannot rewrite or delete history."""
    sample_ws.edit("memo-tag", locale="en", body="x\n", actor="mia")
    sample_ws.act(Action.SUBMIT, "memo-tag", locale="en", actor="mia")
    sample_ws.act(Action.REQUEST_CHANGES, "memo-tag", locale="en", actor="grace", comment="no")
    with pytest.raises(DBAPIError, match="append-only"), sample_ws.engine.begin() as conn:
        conn.execute(text(sql.format(t=table)))
    with sample_ws.engine.connect() as conn:
        assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() > 0


def test_who_approved_the_ja_risk_text_v7_and_when(sample_ws: Workspace) -> None:
    """The perpetual futures article carries the futures risk notice; its ja text reaches v7."""
    ws = sample_ws
    ref = "perpetual-futures-basics"
    start = ws.show(ref, locale="ja")[0].revision
    for n in range(start + 1, 8):
        ws.edit(ref, locale="ja", body=revised(ws, ref, "ja", f"改訂 {n}。"), actor="yuki")
        if n in (start + 1, 7):
            ws.act(Action.SUBMIT, ref, locale="ja", actor="yuki")
            ws.act(Action.APPROVE, ref, locale="ja", actor="hao", comment=f"ok {n}")
    out = _run(
        ws, "audit", "--article", ref, "--locale", "ja", "--action", "approve",
        "--revision", "7", "--format", "json",
    )  # fmt: skip
    events = json.loads(out)
    assert [(e["actor"], e["details"]["revision"], e["reason"]) for e in events] == [
        ("hao", 7, "ok 7")
    ]
    assert events[0]["at"].endswith("Z")
    rows = list(csv.DictReader(io.StringIO(_run(
        ws, "audit", "--article", ref, "--locale", "ja", "--action", "approve", "--format", "csv"
    ))))  # fmt: skip
    assert [(r["actor"], json.loads(r["details"])["revision"]) for r in rows][-2:] == [
        ("hao", start + 1),
        ("hao", 7),
    ]


def _snapshot(ws: Workspace) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, in key order: what a restore must give back."""
    out = {}
    with ws.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            keys = [c for c in table.primary_key.columns]
            rows = conn.execute(select(table).order_by(*keys)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


def test_backup_and_restore_give_back_the_same_database(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    ws = sample_ws
    ws.edit("memo-tag", locale="en", body="Before the backup\n", actor="mia")
    before = _snapshot(ws)
    target = tmp_path / "kb.backup"
    assert "Backed up" in _run(ws, "--as", "admin", "backup", str(target))
    ws.edit("memo-tag", locale="en", body="After the backup\n", actor="mia")
    ws.act(Action.SUBMIT, "memo-tag", locale="en", actor="mia")
    ws.close()
    out = _run(ws, "--as", "admin", "restore", "--yes", str(target))
    assert "previous database was saved to" in out
    after = _snapshot(ws)
    restore_event = after["audit_log"].pop()
    assert restore_event[2:4] == ("admin", "restore")
    assert {t: len(r) for t, r in after.items()} == {t: len(r) for t, r in before.items()}
    assert after == before
    assert ws.show("memo-tag", locale="en")[1] == "Before the backup\n"
    # Search sees the restored text, not the one saved after the backup.
    hits = {h.article_id: h for h in ws.search.search("backup", locale="en").hits}
    assert "Before" in hits["memo-tag"].snippet


@pytest.mark.parametrize(
    "content", [b"", b"not a backup at all", b"SQLite format 3\x00" + b"\x00" * 100, b"PGDMP junk"]
)
def test_restore_refuses_a_bad_file_and_changes_nothing(
    sample_ws: Workspace, tmp_path: Path, content: bytes
) -> None:
    bad = tmp_path / "bad.backup"
    bad.write_bytes(content)
    with sample_ws.session() as s:
        before = s.scalar(select(func.count()).select_from(RevisionRow))
    with pytest.raises(KBError, match=r"bad\.backup") as caught:
        sample_ws.restore_from(bad, actor="admin")
    assert caught.value.code in ("bad-backup", "restore-failed")
    with sample_ws.session() as s:
        assert s.scalar(select(func.count()).select_from(RevisionRow)) == before
