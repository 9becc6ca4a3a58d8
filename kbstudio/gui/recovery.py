"""Autosaved drafts in the workspace data folder, so a crash never loses typed text.

One JSON file per article × locale in ``<workspace>/data/recovery/``. A file is written
atomically (temp file, fsync, rename), so a kill -9 mid-write leaves the previous draft,
never a torn one. A successful save deletes it; a conflicting save keeps it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Draft:
    article_id: str
    locale: str
    title: str
    body: str
    base_revision: int | None
    user: str
    saved_at: str  # ISO 8601 UTC


class RecoveryStore:
    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / "recovery"

    def _path(self, article_id: str, locale: str) -> Path:
        return self.folder / f"{article_id}.{locale}.json"

    def write(
        self,
        *,
        article_id: str,
        locale: str,
        title: str,
        body: str,
        base_revision: int | None,
        user: str,
    ) -> Draft:
        draft = Draft(
            article_id,
            locale,
            title,
            body,
            base_revision,
            user,
            dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._path(article_id, locale)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".draft-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(asdict(draft), f, ensure_ascii=False, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return draft

    def read(self, article_id: str, locale: str) -> Draft | None:
        return self._load(self._path(article_id, locale))

    def _load(self, path: Path) -> Draft | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Draft(**data)
        except FileNotFoundError:
            return None
        except (ValueError, TypeError, OSError):
            # A damaged draft is set aside, not deleted: it may still hold text by hand.
            path.rename(path.with_suffix(".damaged"))
            return None

    def discard(self, article_id: str, locale: str) -> None:
        self._path(article_id, locale).unlink(missing_ok=True)

    def pending(self) -> list[Draft]:
        """Every draft left behind, newest first."""
        if not self.folder.is_dir():
            return []
        drafts = [d for p in self.folder.glob("*.json") if (d := self._load(p)) is not None]
        return sorted(drafts, key=lambda d: d.saved_at, reverse=True)
