"""Faults in the middle of a save: a killed client, a restarted PostgreSQL server.
Neither leaves a partial revision; the client says what happened and can retry."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from kbstudio.storage.models import RevisionRow

if TYPE_CHECKING:
    from kbstudio.services.workspace import Workspace
    from tests.pgcluster import PgCluster

pytestmark = pytest.mark.backends("sqlite", "postgresql")

CLIENT = Path(__file__).with_name("team_client.py")


def _client(ws: Workspace, body: str, *extra: str) -> subprocess.Popen[str]:
    argv = [sys.executable, str(CLIENT), str(ws.config.root), "memo-tag", "en", "mia", body]
    return subprocess.Popen(
        [*argv, *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def _wait_for(marker: Path, proc: subprocess.Popen[str]) -> None:
    for _ in range(600):
        if marker.exists():
            return
        if proc.poll() is not None:
            raise AssertionError(f"client ended early: {proc.stdout.read() if proc.stdout else ''}")
        time.sleep(0.05)
    raise AssertionError("the client never reached its transaction")


def _texts(ws: Workspace, body: str) -> int:
    with ws.session() as s:
        return s.scalar(select(func.count()).where(RevisionRow.body == body)) or 0


def _edit_events(ws: Workspace) -> list[int]:
    return [e.details["revision"] for e in ws.audit(entity_id="memo-tag/en", action="edit")]


def test_a_client_killed_mid_save_leaves_no_partial_revision(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    before = sample_ws.history("memo-tag", locale="en")
    events = _edit_events(sample_ws)
    marker = tmp_path / "in-transaction"
    proc = _client(sample_ws, "Half-saved?\n", "--pause", "60", "--marker", str(marker))
    _wait_for(marker, proc)
    os.kill(proc.pid, signal.SIGKILL)  # the revision row is written, not committed
    proc.wait()
    assert _texts(sample_ws, "Half-saved?\n") == 0
    assert sample_ws.history("memo-tag", locale="en") == before
    assert _edit_events(sample_ws) == events
    # The same client, started again, saves the text whole.
    retry = _client(sample_ws, "Half-saved?\n", "--base", str(before[-1].number))
    out, _ = retry.communicate(timeout=120)
    assert retry.returncode == 0, out
    assert f"saved revision {before[-1].number + 1}" in out
    assert _texts(sample_ws, "Half-saved?\n") == 1
    assert _edit_events(sample_ws) == [*events, before[-1].number + 1]


@pytest.mark.backends("postgresql")
def test_a_server_restart_mid_save_is_reported_and_the_retry_saves_once(
    sample_ws: Workspace, tmp_path: Path, pg_cluster: PgCluster
) -> None:
    before = sample_ws.history("memo-tag", locale="en")
    marker = tmp_path / "in-transaction"
    base = str(before[-1].number)
    proc = _client(
        sample_ws, "Through a restart\n", "--base", base, "--pause", "2",
        "--marker", str(marker), "--retries", "10",
    )  # fmt: skip
    _wait_for(marker, proc)
    pg_cluster.restart()  # fast mode: the client's open transaction is rolled back
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, out
    lines = out.strip().splitlines()
    assert "error [db-unavailable]" in lines[0]
    assert "connection to the database was lost" in lines[0]
    assert lines[-1] == f"attempt {len(lines)}: saved revision {before[-1].number + 1}"
    assert _texts(sample_ws, "Through a restart\n") == 1
    history = sample_ws.history("memo-tag", locale="en")
    assert [r.number for r in history] == [r.number for r in before] + [before[-1].number + 1]
    assert _edit_events(sample_ws)[-1] == before[-1].number + 1
