"""The review workflow as a pure state machine: who may do what, from which state.

draft -> in_review -> approved -> published -> archived; "request changes" sends a
revision in review back to draft. Editing any state but archived starts a new draft
working revision (a published revision stays live until the next publish).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kbstudio.domain.errors import WorkflowError


class Status(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Role(StrEnum):
    WRITER = "writer"
    TRANSLATOR = "translator"
    REVIEWER = "reviewer"
    PUBLISHER = "publisher"
    ADMIN = "admin"


class Action(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    REQUEST_CHANGES = "request-changes"
    PUBLISH = "publish"
    ARCHIVE = "archive"
    RESTORE = "restore"


# Roles whose locales list limits where they act; the others act in every locale.
LOCALE_BOUND_ROLES = frozenset({Role.TRANSLATOR, Role.REVIEWER})


@dataclass(frozen=True)
class Actor:
    """A person acting: their name, roles and, for locale-bound roles, locales."""

    name: str
    roles: frozenset[Role]
    locales: frozenset[str] = field(default_factory=frozenset)

    def has(self, role: Role) -> bool:
        return role in self.roles or Role.ADMIN in self.roles


@dataclass(frozen=True)
class Subject:
    """What an action is about: one translation (article x locale) in its state."""

    locale: str
    is_source: bool
    status: Status
    # Author of the working revision; reviewers may not approve their own work.
    revision_author: str | None = None


# For each action: the states it may start from and the state it leads to.
TRANSITIONS: dict[Action, tuple[frozenset[Status], Status]] = {
    Action.EDIT: (
        frozenset({Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED}),
        Status.DRAFT,
    ),
    Action.SUBMIT: (frozenset({Status.DRAFT}), Status.IN_REVIEW),
    Action.APPROVE: (frozenset({Status.IN_REVIEW}), Status.APPROVED),
    Action.REQUEST_CHANGES: (frozenset({Status.IN_REVIEW}), Status.DRAFT),
    Action.PUBLISH: (frozenset({Status.APPROVED}), Status.PUBLISHED),
    Action.ARCHIVE: (
        frozenset({Status.DRAFT, Status.APPROVED, Status.PUBLISHED}),
        Status.ARCHIVED,
    ),
    Action.RESTORE: (frozenset({Status.ARCHIVED}), Status.DRAFT),
}

# Actions that need a reason in the audit trail.
NEEDS_COMMENT = frozenset({Action.REQUEST_CHANGES})


def _may_write(actor: Actor, subject: Subject) -> bool:
    if Role.ADMIN in actor.roles:
        return True
    if subject.is_source:
        return Role.WRITER in actor.roles
    return Role.TRANSLATOR in actor.roles and subject.locale in actor.locales


def _may_review(actor: Actor, subject: Subject) -> bool:
    if Role.ADMIN in actor.roles:
        return True
    return Role.REVIEWER in actor.roles and subject.locale in actor.locales


def _role_refusal(action: Action, actor: Actor, subject: Subject) -> str | None:
    """Say why *actor* may not take *action* on *subject*, or None if they may."""
    kind = "source text" if subject.is_source else f"{subject.locale} translations"
    if action in (Action.EDIT, Action.SUBMIT):
        if not _may_write(actor, subject):
            who = "writers" if subject.is_source else f"translators for {subject.locale}"
            return f"only {who} may {action.value} {kind}"
    elif action in (Action.APPROVE, Action.REQUEST_CHANGES):
        if not _may_review(actor, subject):
            return f"only reviewers for {subject.locale} may {action.value} {kind}"
        if action is Action.APPROVE and subject.revision_author == actor.name:
            return "reviewers may not approve their own revision"
    elif action in (Action.PUBLISH, Action.ARCHIVE, Action.RESTORE) and not actor.has(
        Role.PUBLISHER
    ):
        return f"only publishers may {action.value}"
    return None


def transition(action: Action, *, actor: Actor, subject: Subject, comment: str = "") -> Status:
    """Return the state *action* leads to, or raise WorkflowError saying why not."""
    starts, target = TRANSITIONS[action]
    refusal = _role_refusal(action, actor, subject)
    if refusal:
        raise WorkflowError("forbidden", f"{actor.name} cannot {action.value}: {refusal}")
    if subject.status not in starts:
        allowed = ", ".join(sorted(s.value for s in starts))
        raise WorkflowError(
            "bad-state",
            f"cannot {action.value} a translation that is {subject.status.value}"
            f" (allowed from: {allowed})",
        )
    if action in NEEDS_COMMENT and not comment.strip():
        raise WorkflowError("comment-required", f"{action.value} needs a comment saying why")
    return target
