"""No lost work: a save that loses a race is kept as a conflict revision, never dropped."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from kbstudio.domain.errors import ConflictError
from kbstudio.storage.models import Base, RevisionRow, UserRow
from tests.team_helpers import second_client

if TYPE_CHECKING:
    from pathlib import Path

    from kbstudio.services.workspace import Workspace

pytestmark = pytest.mark.backends("sqlite", "postgresql")


def test_second_save_is_kept_as_a_conflict_revision(sample_ws: Workspace, tmp_path: Path) -> None:
    other = second_client(sample_ws, tmp_path / "other")
    base = sample_ws.show("memo-tag", locale="en")[0].revision
    sample_ws.edit("memo-tag", locale="en", body="Omar's text\n", actor="omar", base_revision=base)
    with pytest.raises(ConflictError, match=r"omar saved revision \d+ .* first") as caught:
        other.edit("memo-tag", locale="en", body="Mia's text\n", actor="mia", base_revision=base)
    assert "kept as conflict revision" in str(caught.value)
    history = other.history("memo-tag", locale="en")
    mine = history[-1]
    assert (mine.author, mine.kind, mine.working) == ("mia", "conflict", False)
    assert other.diff("memo-tag", locale="en", a=base + 1, b=mine.number).count("Mia's text") == 1
    # The winner's text stays the working one; the loser's is not lost.
    assert other.show("memo-tag", locale="en")[1] == "Omar's text\n"
    assert [e.actor for e in other.audit(entity_id="memo-tag/en", action="conflict")] == ["mia"]
    other.close()


def test_a_repeated_save_is_recognized_not_doubled(sample_ws: Workspace) -> None:
    base = sample_ws.show("memo-tag", locale="en")[0].revision
    first = sample_ws.edit("memo-tag", locale="en", body="Once\n", actor="mia", base_revision=base)
    # The client lost the answer and retries with the same base: nothing new is stored.
    again = sample_ws.edit("memo-tag", locale="en", body="Once\n", actor="mia", base_revision=base)
    assert (again.changed, again.revision) == (False, first.revision)
    assert len(sample_ws.history("memo-tag", locale="en")) == first.revision


def test_racing_saves_lose_nothing(sample_ws: Workspace, tmp_path: Path) -> None:
    """Threads on separate clients save at once: each text ends up exactly once."""
    clients = [second_client(sample_ws, tmp_path / f"c{i}") for i in range(4)]
    base = sample_ws.show("memo-tag", locale="en")[0].revision
    outcomes: list[str] = []
    start = threading.Barrier(len(clients))

    def save(i: int) -> None:
        start.wait()
        try:
            clients[i].edit(
                "memo-tag", locale="en", body=f"text {i}\n", actor="mia", base_revision=base
            )
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 3 + ["saved"]
    with sample_ws.session() as s:
        bodies = s.scalars(select(RevisionRow.body).where(RevisionRow.number > base)).all()
        conflicts = s.scalar(select(func.count()).where(RevisionRow.kind == "conflict"))
    assert sorted(b for b in bodies if b.startswith("text ")) == [f"text {i}\n" for i in range(4)]
    assert conflicts == 3
    for c in clients:
        c.close()


def test_concurrent_change_of_any_row_is_a_conflict(sample_ws: Workspace) -> None:
    with (  # noqa: PT012
        pytest.raises(ConflictError, match="someone else changed this"),
        sample_ws.session() as s,
    ):
        row = s.get(UserRow, "grace")
        assert row is not None
        # Meanwhile another client edits the same user row and commits first.
        with sample_ws.session() as s2:
            other = s2.get(UserRow, "grace")
            assert other is not None
            other.display = "G. Hopper"
        row.display = "Grace H."
    assert {u.name: u.display for u in sample_ws.users()}["grace"] == "G. Hopper"


def test_every_editable_table_has_optimistic_locking() -> None:
    """History is append-only; everything else carries a version checked on update."""
    append_only = {"revisions", "reviews", "audit_log"}
    for mapper in Base.registry.mappers:
        table = mapper.local_table.name  # type: ignore[union-attr]
        if table in append_only:
            assert mapper.version_id_col is None
        else:
            assert mapper.version_id_col is not None, f"{table} has no lock_version"
