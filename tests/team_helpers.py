"""Helpers for team-mode tests: a second client on the same database."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from kbstudio.services.workspace import Workspace

if TYPE_CHECKING:
    from pathlib import Path


def second_client(ws: Workspace, folder: Path) -> Workspace:
    """Another Workspace on *ws*'s database, with its own folder (and search indexes)."""
    folder.mkdir(parents=True)
    shutil.copy(ws.config.root / "kbstudio.toml", folder / "kbstudio.toml")
    (folder / "kbstudio.toml").write_text(f'db = "{ws.config.db_url}"\n', encoding="utf-8")
    return Workspace.open(folder)


def copy_data(ws: Workspace, folder: Path) -> None:
    if (ws.config.data_dir).exists():
        shutil.copytree(ws.config.data_dir, folder / "data")


def revised(ws: Workspace, ref: str, locale: str, note: str) -> str:
    """The text's working body with one more sentence: a new revision that still passes
    translation QA (headings, lists, links and terms unchanged), so it may be submitted."""
    return ws.show(ref, locale=locale)[1].rstrip("\n") + f"\n\n{note}\n"
