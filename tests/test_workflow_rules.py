"""Every action, from every state, by every role: allowed exactly when the rules say."""

from __future__ import annotations

import itertools

import pytest

from kbstudio.domain.errors import WorkflowError
from kbstudio.domain.workflow import TRANSITIONS, Action, Actor, Role, Status, Subject, transition

SOURCE, TARGET = "en", "ja"

# Who may take each action on source text and on a ja translation (actor in ja/en).
EXPECTED_ROLES: dict[Action, dict[bool, set[Role]]] = {
    Action.EDIT: {True: {Role.WRITER, Role.ADMIN}, False: {Role.TRANSLATOR, Role.ADMIN}},
    Action.SUBMIT: {True: {Role.WRITER, Role.ADMIN}, False: {Role.TRANSLATOR, Role.ADMIN}},
    Action.APPROVE: {True: {Role.REVIEWER, Role.ADMIN}, False: {Role.REVIEWER, Role.ADMIN}},
    Action.REQUEST_CHANGES: {True: {Role.REVIEWER, Role.ADMIN}, False: {Role.REVIEWER, Role.ADMIN}},
    Action.PUBLISH: {True: {Role.PUBLISHER, Role.ADMIN}, False: {Role.PUBLISHER, Role.ADMIN}},
    Action.ARCHIVE: {True: {Role.PUBLISHER, Role.ADMIN}, False: {Role.PUBLISHER, Role.ADMIN}},
    Action.RESTORE: {True: {Role.PUBLISHER, Role.ADMIN}, False: {Role.PUBLISHER, Role.ADMIN}},
}

EXPECTED_STATES: dict[Action, tuple[set[Status], Status]] = {
    Action.EDIT: (
        {Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED},
        Status.DRAFT,
    ),
    Action.SUBMIT: ({Status.DRAFT}, Status.IN_REVIEW),
    Action.APPROVE: ({Status.IN_REVIEW}, Status.APPROVED),
    Action.REQUEST_CHANGES: ({Status.IN_REVIEW}, Status.DRAFT),
    Action.PUBLISH: ({Status.APPROVED}, Status.PUBLISHED),
    Action.ARCHIVE: ({Status.DRAFT, Status.APPROVED, Status.PUBLISHED}, Status.ARCHIVED),
    Action.RESTORE: ({Status.ARCHIVED}, Status.DRAFT),
}


def actor_for(role: Role, locales: set[str]) -> Actor:
    return Actor(f"a-{role.value}", frozenset({role}), frozenset(locales))


CASES = list(itertools.product(Action, Role, Status, [True, False]))


@pytest.mark.parametrize(("action", "role", "status", "is_source"), CASES)
def test_every_transition_for_every_role(
    action: Action, role: Role, status: Status, is_source: bool
) -> None:
    locale = SOURCE if is_source else TARGET
    actor = actor_for(role, {locale})
    subject = Subject(locale, is_source, status, revision_author="someone-else")
    starts, target = EXPECTED_STATES[action]
    allowed = role in EXPECTED_ROLES[action][is_source] and status in starts
    if allowed:
        assert transition(action, actor=actor, subject=subject, comment="why") is target
    else:
        with pytest.raises(WorkflowError) as info:
            transition(action, actor=actor, subject=subject, comment="why")
        expected_code = (
            "forbidden" if role not in EXPECTED_ROLES[action][is_source] else "bad-state"
        )
        assert info.value.code == expected_code


def test_table_matches_expectations() -> None:
    assert {a: (set(s), t) for a, (s, t) in TRANSITIONS.items()} == EXPECTED_STATES


@pytest.mark.parametrize("role", [Role.TRANSLATOR, Role.REVIEWER])
def test_locale_bound_roles_act_only_in_their_locales(role: Role) -> None:
    action = Action.EDIT if role is Role.TRANSLATOR else Action.APPROVE
    status = Status.DRAFT if role is Role.TRANSLATOR else Status.IN_REVIEW
    ja_only = actor_for(role, {"ja"})
    with pytest.raises(WorkflowError, match="ko"):
        transition(action, actor=ja_only, subject=Subject("ko", False, status, "x"))
    assert transition(action, actor=ja_only, subject=Subject("ja", False, status, "x"))


def test_translators_cannot_edit_source_and_writers_cannot_edit_translations() -> None:
    with pytest.raises(WorkflowError, match="only writers"):
        transition(
            Action.EDIT,
            actor=actor_for(Role.TRANSLATOR, {"en"}),
            subject=Subject("en", True, Status.DRAFT),
        )
    with pytest.raises(WorkflowError, match="translators for ja"):
        transition(
            Action.EDIT,
            actor=actor_for(Role.WRITER, set()),
            subject=Subject("ja", False, Status.DRAFT),
        )


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ADMIN])
def test_nobody_approves_their_own_revision(role: Role) -> None:
    me = actor_for(role, {"ja"})
    with pytest.raises(WorkflowError, match="own revision"):
        transition(
            Action.APPROVE, actor=me, subject=Subject("ja", False, Status.IN_REVIEW, me.name)
        )


def test_request_changes_needs_a_comment() -> None:
    reviewer = actor_for(Role.REVIEWER, {"ja"})
    subject = Subject("ja", False, Status.IN_REVIEW, "yuki")
    with pytest.raises(WorkflowError, match="comment"):
        transition(Action.REQUEST_CHANGES, actor=reviewer, subject=subject, comment="  ")
    assert (
        transition(Action.REQUEST_CHANGES, actor=reviewer, subject=subject, comment="fee")
        is Status.DRAFT
    )


def test_archived_text_cannot_be_edited() -> None:
    with pytest.raises(WorkflowError, match="archived"):
        transition(
            Action.EDIT,
            actor=actor_for(Role.WRITER, set()),
            subject=Subject("en", True, Status.ARCHIVED),
        )
