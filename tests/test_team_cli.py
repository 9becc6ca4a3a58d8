"""Team mode from the command line: a PostgreSQL workspace, member logins, conflicts,
backups; every failure is one clear line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kbstudio.services import feed
from tests import pgcluster
from tests.cli_helpers import run_main
from tests.conftest import CONTENT, point_at

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from tests.pgdb import PgDatabases

Run = tuple[int, str, str]


@pytest.fixture
def kb(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    def run(*args: str) -> Run:
        return run_main([*args], capsys, monkeypatch)

    return run


def test_a_team_works_on_one_postgresql_database(
    kb: Callable[..., Run], pg: PgDatabases, tmp_path: Path
) -> None:
    url = pg.create().replace("postgresql+psycopg://", "postgresql://")
    admin = tmp_path / "admin"
    code, out, err = kb("init", str(admin), "--db", url, "--from", str(CONTENT))
    assert code == 0, err
    assert 'db = "postgresql://' in (admin / "kbstudio.toml").read_text(encoding="utf-8")
    code, out, _ = kb("-w", str(admin), "summary")
    assert "45 articles" in out
    assert "127.0.0.1" in out
    assert kb("-w", str(admin), "users", "login", "yuki")[1].startswith("yuki: login")
    assert kb("-w", str(admin), "users", "login", "hao")[0] == 0
    # Yuki's own workspace folder points at the same database with her login.
    yuki = tmp_path / "yuki"
    code, out, err = kb("init", str(yuki), "--db", url.replace("kbadmin@", "yuki@"))
    assert code == 0, err  # joining: the database and its workspace exist already
    text = tmp_path / "ja.md"
    text.write_text("新しい本文\n", encoding="utf-8")
    code, out, err = kb("-w", str(yuki), "history", "reset-password", "-l", "ja")
    base = out.strip().splitlines()[-1].split()[0].removeprefix("r")
    code, out, err = kb(
        "-w", str(yuki), "edit", "reset-password", "-l", "ja", "--file", str(text),
        "--base-revision", base,
    )  # fmt: skip
    assert code == 0, err
    assert f"saved revision {int(base) + 1}" in out
    # The same base again, from the administrator's folder as yuki: a conflict, kept.
    text.write_text("別の本文\n", encoding="utf-8")
    code, out, err = kb(
        "-w", str(admin), "--as", "yuki", "edit", "reset-password", "-l", "ja",
        "--file", str(text), "--base-revision", base,
    )  # fmt: skip
    assert code == 1
    assert f"yuki saved revision {int(base) + 1}" in err
    assert f"kept as conflict revision {int(base) + 2}" in err
    code, out, _ = kb("-w", str(yuki), "history", "reset-password", "-l", "ja")
    assert out.strip().splitlines()[-1].split()[1] == "C"
    # Yuki cannot act as anyone else, nor approve; the refusal is one line.
    code, _, err = kb("-w", str(yuki), "--as", "hao", "submit", "reset-password", "-l", "ja")
    assert (code, err.count("\n")) == (1, 1)
    assert "logged in to the database as yuki" in err
    code, _, err = kb("-w", str(yuki), "approve", "reset-password", "-l", "ja")
    assert code == 1
    assert "only reviewers for ja" in err
    # A backup by pg_dump, refused restore of a bad file.
    code, out, err = kb("-w", str(admin), "--as", "admin", "backup", str(tmp_path / "kb.dump"))
    assert code == 0, err
    assert (tmp_path / "kb.dump").read_bytes().startswith(b"PGDMP")
    (tmp_path / "bad.dump").write_text("hello", encoding="utf-8")
    code, _, err = kb(
        "-w", str(admin), "--as", "admin", "restore", "--yes", str(tmp_path / "bad.dump")
    )
    assert code == 1
    assert "bad.dump" in err
    assert "not a backup made by KB Studio" in err


def test_an_unreachable_server_is_one_clear_line(kb: Callable[..., Run], tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    point_at(root, "postgresql://nobody@127.0.0.1:1/kb")
    code, _, err = kb("-w", str(root), "summary")
    assert code == 1
    assert err.count("\n") == 1
    assert "127.0.0.1" in err


def test_feed_after_a_restore_that_went_back_in_time_rebuilds() -> None:
    seen, now = feed.Position(revision=900, audit=50), feed.Position(revision=800, audit=60)
    changes = feed.changes_since(None, seen, now)  # type: ignore[arg-type]
    assert (changes.everything, changes.glossary, changes.keys) == (True, True, set())


def test_the_test_cluster_fails_loudly_when_postgresql_cannot_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pgcluster, "pg_bin_dir", lambda: tmp_path / "no-postgresql")
    cluster = pgcluster.PgCluster()
    with pytest.raises(RuntimeError, match="PostgreSQL: initdb"):
        cluster.start()
    cluster.stop_quietly()
