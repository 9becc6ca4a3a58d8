"""Errors that carry a code and the place (file, line, field) they are about."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class KBError(Exception):
    """A refused or failed action, with enough context for one clear line."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "")
        if self.field:
            where = f"{where} [{self.field}]" if where else f"[{self.field}]"
        return f"{where}: {self.message}" if where else self.message


class ValidationError(KBError):
    """Input that does not meet the rules of the model."""


class WorkflowError(KBError):
    """A workflow action refused by the rules or by the actor's roles."""


class NotFoundError(KBError):
    """A named thing (article, user, locale) does not exist."""


class ConflictError(KBError):
    """A save based on a revision that someone else has since replaced."""
