"""Where a workspace lives: its folder, its database URL and the default workspace."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path

from kbstudio.domain.errors import KBError

CONFIG_FILE = "kbstudio.toml"
DB_FILE = "kbstudio.db"
ENV_WORKSPACE = "KBSTUDIO_WORKSPACE"


@dataclass(frozen=True)
class WorkspaceConfig:
    root: Path
    db_url: str

    @property
    def data_dir(self) -> Path:
        """Caches such as search indexes: safe to delete, rebuilt from the database."""
        return self.root / "data"

    @property
    def backup_dir(self) -> Path:
        return self.root / "backups"


def default_db_url(root: Path) -> str:
    return f"sqlite:///{(root / DB_FILE).resolve()}"


def load_config(root: Path) -> WorkspaceConfig:
    """Read ``kbstudio.toml`` in *root*; a relative SQLite path is relative to *root*."""
    path = root / CONFIG_FILE
    if not path.exists():
        raise KBError(
            "no-workspace",
            f"{root} is not a KB Studio workspace (no {CONFIG_FILE}); run `kbstudio init {root}`",
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise KBError("bad-config", str(exc), file=str(path)) from None
    url = str(data.get("db", "")) or default_db_url(root)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        url = f"sqlite:///{(root / url.removeprefix('sqlite:///')).resolve()}"
    return WorkspaceConfig(root.resolve(), url)


def write_config(root: Path, db_url: str | None) -> WorkspaceConfig:
    root.mkdir(parents=True, exist_ok=True)
    url = db_url or f"sqlite:///{DB_FILE}"
    (root / CONFIG_FILE).write_text(
        "# KB Studio workspace. The database holds everything; data/ holds rebuildable caches.\n"
        f'db = "{url}"\n',
        encoding="utf-8",
    )
    return load_config(root)


def default_workspace_dir() -> Path:
    """The user's default workspace, in the platform's user data folder."""
    return user_data_path("kbstudio", appauthor=False) / "default"


def sample_content_dir() -> Path:
    """The sample help center shipped beside the package (``content/``)."""
    here = Path(__file__).resolve().parents[2] / "content"
    override = os.environ.get("KBSTUDIO_SAMPLE")
    return Path(override) if override else here
