"""Fixtures for the published site: one sample workspace and one built site per session."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kbstudio.services.workspace import Workspace

HERE = Path(__file__).resolve().parent
STATIC = HERE.parents[1] / "kbstudio/publishing/theme/static"


@pytest.fixture(scope="session")
def pub_ws(sample_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A copy of the sample workspace for publishing tests (not changed by them)."""
    target = tmp_path_factory.mktemp("pub") / "ws"
    shutil.copytree(sample_template, target)
    ws = Workspace.open(target)
    yield ws  # type: ignore[misc]
    ws.close()


@pytest.fixture(scope="session")
def pub_site(pub_ws: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    pub_ws.publish(out)
    return out


def run_node(files: list[Path], code: str, data: Any) -> Any:
    """Run *code* (a JS function of (input, root)) after loading *files* into one context."""
    job = {"files": [str(f) for f in files], "code": code, "input": data}
    done = subprocess.run(
        ["node", str(HERE / "node_run.js")],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
