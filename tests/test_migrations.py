"""Schema migrations: from nothing, from every stored past schema, and with a backup first."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from alembic import command as alembic_command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from kbstudio.services.workspace import Workspace
from kbstudio.storage import engine as engine_mod
from kbstudio.storage.backup import restore_postgres
from kbstudio.storage.engine import current_revision, head_revision, make_engine, migrate
from kbstudio.storage.models import Base

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from tests.pgdb import PgDatabases

SCHEMAS = Path(__file__).with_name("data") / "schemas"


def test_empty_database_migrates_to_head(tmp_path: Path) -> None:
    eng = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    assert current_revision(eng) is None
    assert migrate(eng) is None  # nothing to back up in a new database
    assert current_revision(eng) == head_revision()
    eng.dispose()


def test_migrations_produce_exactly_the_models(tmp_path: Path) -> None:
    eng = make_engine(f"sqlite:///{tmp_path / 'cmp.db'}")
    migrate(eng)
    with eng.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    eng.dispose()
    assert diffs == []


def test_sqlite_pragmas_are_set(tmp_path: Path) -> None:
    eng = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with eng.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    eng.dispose()


@pytest.mark.parametrize("stored", sorted(SCHEMAS.glob("*.sqlite")), ids=lambda p: p.stem)
def test_every_stored_schema_opens_with_todays_code(stored: Path, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy(stored, root / "kbstudio.db")
    (root / "kbstudio.toml").write_text('db = "sqlite:///kbstudio.db"\n', encoding="utf-8")
    ws = Workspace.open(root)
    assert current_revision(ws.engine) == head_revision()
    rows = ws.translations()
    assert {(r.article_id, r.locale) for r in rows} >= {("good", "en"), ("good", "ja")}
    assert any(e.action == "import" for e in ws.audit())
    ws.close()


def test_stored_schemas_cover_every_migration() -> None:
    versions = Path(engine_mod.MIGRATIONS / "versions")
    revisions = sorted(p.name.split("_")[0] for p in versions.glob("[0-9]*_*.py"))
    stored = sorted(p.stem for p in SCHEMAS.glob("*.sqlite"))
    assert stored == revisions, "store a database of each released schema in tests/data/schemas"


def test_upgrade_backs_up_the_sqlite_file_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "old.db"
    eng = make_engine(f"sqlite:///{db}")
    migrate(eng)
    with eng.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO users (name, display, roles, locales, active) "
            "VALUES ('kim', 'Kim', '[]', '[]', 1)"
        )
    # Pretend a newer schema exists; the upgrade itself is not the point here.
    monkeypatch.setattr(engine_mod, "head_revision", lambda: "9999")
    monkeypatch.setattr(alembic_command, "upgrade", lambda cfg, rev: None)
    backup = migrate(eng, backup_dir=tmp_path / "backups")
    eng.dispose()
    assert backup is not None
    assert backup.parent == tmp_path / "backups"
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT name FROM users").fetchall() == [("kim",)]


def test_migrations_run_on_postgresql_and_match_the_models(pg: PgDatabases) -> None:
    url = pg.create()
    eng = make_engine(url)
    assert migrate(eng) is None
    assert current_revision(eng) == head_revision()
    with eng.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    eng.dispose()
    pg.drop(url)
    assert diffs == []


def test_postgresql_upgrade_is_dumped_first(
    pg: PgDatabases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = pg.create()
    eng = make_engine(url)
    migrate(eng)
    with eng.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO users (name, display, roles, locales, active) "
            "VALUES ('kim', 'Kim', '[]', '[]', true)"
        )
    monkeypatch.setattr(engine_mod, "head_revision", lambda: "9999")
    monkeypatch.setattr(alembic_command, "upgrade", lambda cfg, rev: None)
    backup = migrate(eng, backup_dir=tmp_path / "backups")
    eng.dispose()
    assert backup is not None
    assert backup.read_bytes().startswith(b"PGDMP")
    # The dump restores into an empty database with the row in it.
    copy = pg.create()
    restore_postgres(copy, backup)
    eng = make_engine(copy)
    with eng.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM users").scalars().all() == ["kim"]
    eng.dispose()
    pg.drop(url)
    pg.drop(copy)


def _alembic(eng: Engine, verb: str, target: str) -> None:
    cfg = engine_mod._alembic_config()
    with eng.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(alembic_command, verb)(cfg, target)


def test_team_migration_upgrades_a_postgresql_database_with_data_and_back(
    pg: PgDatabases,
) -> None:
    url = pg.create()
    eng = make_engine(url)
    _alembic(eng, "upgrade", "0004")
    with eng.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO users (name, display, roles, locales, active) "
            "VALUES ('kim', 'Kim', '[]', '[]', true)"
        )
    _alembic(eng, "upgrade", "head")
    with eng.connect() as conn:
        assert conn.exec_driver_sql("SELECT lock_version FROM users").scalar_one() == 1
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []
    _alembic(eng, "downgrade", "0004")
    _alembic(eng, "upgrade", "head")
    assert current_revision(eng) == head_revision()
    eng.dispose()
    pg.drop(url)


def test_team_migration_downgrades_and_upgrades_on_sqlite(tmp_path: Path) -> None:
    eng = make_engine(f"sqlite:///{tmp_path / 'down.db'}")
    migrate(eng)
    _alembic(eng, "downgrade", "0004")
    with eng.connect() as conn:
        triggers = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")
        assert triggers.all() == []
    _alembic(eng, "upgrade", "head")
    with eng.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    eng.dispose()
    assert diffs == []


def test_schema_head_constant_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    cfg = engine_mod._alembic_config()
    assert ScriptDirectory.from_config(cfg).get_current_head() == engine_mod.SCHEMA_HEAD


@pytest.mark.parametrize("studio", [False, True], ids=["services", "studio-modules"])
def test_opening_an_up_to_date_workspace_imports_no_migration_search_or_site_code(
    tmp_path: Path, studio: bool
) -> None:
    """Start-up (the studio's above all) stays free of what an open does not need."""
    import subprocess
    import sys

    from kbstudio.services.workspace import Workspace

    Workspace.init(tmp_path / "ws").close()
    code = (
        "import sys; from pathlib import Path;"
        "from kbstudio.services.workspace import Workspace;"
        + ("import kbstudio.gui.app, kbstudio.gui.mainwindow;" if studio else "")
        + f"Workspace.open(Path({str(tmp_path / 'ws')!r})).close();"
        "print(sorted(m for m in ('alembic', 'whoosh.index', 'numpy', 'kbstudio.publishing',"
        " 'kbstudio.services.translation', 'kbstudio.gui.translateview',"
        " 'kbstudio.services.translate_editor')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_properties_migration_downgrade_keeps_the_append_only_triggers(tmp_path: Path) -> None:
    eng = make_engine(f"sqlite:///{tmp_path / 'down6.db'}")
    migrate(eng)
    _alembic(eng, "downgrade", "0005")
    with eng.connect() as conn:
        triggers = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")
        assert len(triggers.all()) == 6  # revisions, reviews, audit_log x update, delete
        columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(revisions)")]
        assert "machine_units" not in columns
    _alembic(eng, "upgrade", "head")
    assert current_revision(eng) == head_revision()
    eng.dispose()
