"""What a mutating call changed, so each caller decides what to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    action: str
    article_id: str
    locale: str
    status: str
    revision: int | None = None
    changed: bool = True
    # Locales whose translations this change made outdated (an approved major edit).
    outdated: tuple[str, ...] = ()
    message: str = ""


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors
