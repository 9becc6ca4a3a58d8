"""Shared fixtures: isolated user folders, and workspaces with the sample content."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kbstudio.services.workspace import Workspace

# At import time, before pytest-qt creates the QApplication: with no display and no
# platform set, Qt aborts the whole test process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"


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
def sample_ws(sample_template: Path, tmp_path: Path) -> Workspace:
    """A private copy of the sample workspace."""
    target = tmp_path / "ws"
    shutil.copytree(sample_template, target)
    ws = Workspace.open(target)
    yield ws  # type: ignore[misc]
    ws.close()


@pytest.fixture
def empty_ws(tmp_path: Path) -> Workspace:
    ws = Workspace.init(tmp_path / "empty")
    yield ws  # type: ignore[misc]
    ws.close()


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
