"""Shared fixtures: isolated user folders, and workspaces with the sample content.

Modules marked ``pytest.mark.backends("sqlite", "postgresql")`` run their workspace
tests once per database engine. PostgreSQL tests run on a throwaway cluster started
once per session (tests/pgcluster.py); if it cannot start, those tests fail, never skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kbstudio.services.workspace import Workspace
from kbstudio.storage.engine import make_engine, migrate
from tests.pgcluster import PgCluster
from tests.pgdb import PgDatabases

if TYPE_CHECKING:
    from collections.abc import Iterator

# At import time, before pytest-qt creates the QApplication: with no display and no
# platform set, Qt aborts the whole test process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
BACKENDS = ("sqlite", "postgresql")
ENV_PG_URL = "KBSTUDIO_TEST_PG_URL"
SAMPLE_DB = "kb_sample_template"
EMPTY_DB = "kb_empty_template"


@pytest.fixture(autouse=True)
def _isolate_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test away from the real user data folder and environment."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for var in ("KBSTUDIO_WORKSPACE", "KBSTUDIO_USER", "KBSTUDIO_SAMPLE"):
        monkeypatch.delenv(var, raising=False)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marker = metafunc.definition.get_closest_marker("backends")
    if marker is not None and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", marker.args or BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database engine under test: sqlite unless the module asks for both."""
    return str(getattr(request, "param", "sqlite"))


# -- PostgreSQL ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """The session's cluster; its URL is exported for subprocesses in KBSTUDIO_TEST_PG_URL."""
    cluster = PgCluster().start()  # raises, with the server log, if PostgreSQL cannot start
    os.environ[ENV_PG_URL] = cluster.url
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg(pg_cluster: PgCluster) -> Iterator[PgDatabases]:
    dbs = PgDatabases(pg_cluster.url)
    yield dbs
    dbs.close()


@pytest.fixture(scope="session")
def pg_templates(pg: PgDatabases, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Template databases (migrated; sample imported) and the sample's workspace folder."""
    engine = make_engine(pg.create(name=EMPTY_DB))
    migrate(engine)
    engine.dispose()
    root = tmp_path_factory.mktemp("pg-sample-template") / "ws"
    ws = Workspace.init(root, db_url=pg.create(name=SAMPLE_DB))
    report = ws.import_path(CONTENT)
    ws.close()
    assert report.errors == []
    return root


def point_at(root: Path, url: str) -> None:
    (root / "kbstudio.toml").write_text(f'db = "{url}"\n', encoding="utf-8")


# -- workspaces --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with the sample content imported once; copy it, never change it."""
    root = tmp_path_factory.mktemp("sample-template")
    ws = Workspace.init(root / "ws")
    report = ws.import_path(CONTENT)
    ws.close()
    assert report.errors == []
    return root / "ws"


@pytest.fixture
def sample_ws(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """A private copy of the sample workspace (on a fresh database for PostgreSQL)."""
    target = tmp_path / "ws"
    if backend == "sqlite":
        shutil.copytree(request.getfixturevalue("sample_template"), target)
        ws = Workspace.open(target)
        yield ws
        ws.close()
        return
    template: Path = request.getfixturevalue("pg_templates")
    pg: PgDatabases = request.getfixturevalue("pg")
    shutil.copytree(template, target)
    url = pg.create(template=SAMPLE_DB)
    point_at(target, url)
    ws = Workspace.open(target)
    yield ws
    ws.close()
    pg.drop(url)


@pytest.fixture
def empty_ws(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    if backend == "sqlite":
        ws = Workspace.init(tmp_path / "empty")
        yield ws
        ws.close()
        return
    request.getfixturevalue("pg_templates")
    pg: PgDatabases = request.getfixturevalue("pg")
    url = pg.create(template=EMPTY_DB)
    ws = Workspace.init(tmp_path / "empty", db_url=url)
    yield ws
    ws.close()
    pg.drop(url)


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
