"""Per-unit machine-translation marks survive saving: a unit stays marked until a human
edits it, whichever way the text is saved (side-by-side editor, Markdown editor, pre-fill)."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import keyring
import pytest

from kbstudio.domain.workflow import Action
from kbstudio.services import lookup, translate_editor
from kbstudio.services.revisions import unit_hash
from kbstudio.services.workspace import Workspace
from kbstudio.translation.providers import ProviderSettings
from tests import libre_stub
from tests.memory_keyring import MemoryKeyring

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from kbstudio.services.translate_status import UnitView

pytestmark = pytest.mark.backends("sqlite", "postgresql")

REF, LOCALE = "withdrawal-fees", "ru"  # outdated in Russian in the sample


@pytest.fixture
def ws(sample_ws: Workspace) -> Iterator[Workspace]:
    before = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    server_stub, server = libre_stub.start()
    sample_ws.translation.set_provider(
        ProviderSettings("libre", url=server_stub.url, timeout=2.0, retries=1), default=True
    )
    yield sample_ws
    server.shutdown()
    server.server_close()
    keyring.set_keyring(before)


def _units(ws: Workspace) -> list[UnitView]:
    return ws.translation.units(REF, locale=LOCALE)


def _marked(ws: Workspace) -> list[int]:
    return [v.index for v in _units(ws) if v.machine]


def _save(ws: Workspace, texts: list[str], marks: list[bool]) -> None:
    translate_editor.save_units(
        ws, REF, locale=LOCALE, actor="dmitri", title=texts[0], texts=texts[1:],
        machine=any(marks), machine_marks=marks, complete=True,
    )  # fmt: skip


def test_units_saved_from_the_editor_stay_marked_until_edited(ws: Workspace) -> None:
    views = _units(ws)
    texts = [v.translation or v.source for v in views]
    changed = [i for i, v in enumerate(views) if v.status != "same"]
    results = translate_editor.machine_translate(
        ws, [(views[i].index, views[i].source) for i in changed], locale=LOCALE
    )
    assert all(r.text for r in results)
    marks = [False] * len(views)
    for i, result in zip(changed, results, strict=True):
        texts[i], marks[i] = result.text or "", True
    _save(ws, texts, marks)
    # Reopened: exactly the machine's units are marked, not the translator's own.
    reopened = _units(ws)
    assert [v.machine for v in reopened] == marks
    assert ws.history(REF, locale=LOCALE)[-1].machine_translated
    # A human edits one of them and saves (the editor sends what is still marked).
    first = changed[0]
    texts[first] = texts[first].replace(f"{LOCALE}:", "").capitalize()
    marks[first] = False
    _save(ws, texts, marks)
    assert [v.machine for v in _units(ws)] == marks
    assert sum(marks) == len(changed) - 1


def test_a_markdown_edit_clears_only_the_units_it_touches(ws: Workspace) -> None:
    result = ws.translation.translate(REF, locale=LOCALE, actor="dmitri")
    assert result.count("machine") == 3
    marked = [v for v in _units(ws) if v.machine]
    assert len(marked) == 3
    _info, body = ws.show(REF, locale=LOCALE)
    human = marked[-1].translation
    assert human is not None
    assert human in body
    ws.edit(REF, locale=LOCALE, body=body.replace(human, "Проверено человеком."),
            actor="dmitri")  # fmt: skip
    left = [v for v in _units(ws) if v.machine]
    assert [v.index for v in left] == [v.index for v in marked[:-1]]
    assert ws.history(REF, locale=LOCALE)[-1].machine_translated  # machine text remains
    # Editing the rest clears the revision's flag too.
    _info, body = ws.show(REF, locale=LOCALE)
    for view in left:
        assert view.translation is not None
        body = body.replace(view.translation, "Человек.")
    ws.edit(REF, locale=LOCALE, body=body, actor="dmitri")
    assert _marked(ws) == []
    assert not ws.history(REF, locale=LOCALE)[-1].machine_translated


def test_a_second_prefill_keeps_the_marks_of_units_it_keeps(ws: Workspace) -> None:
    ws.translation.translate(REF, locale=LOCALE, actor="dmitri")
    before = _marked(ws)
    # The source changes once more (a new paragraph, approved as major): the next pre-fill
    # keeps the earlier machine units and marks them still.
    _src, body = ws.show(REF, locale="en")
    ws.edit(REF, locale="en", body=body + "\nOne more paragraph.\n", actor="mia", major=True)
    ws.act(Action.SUBMIT, REF, locale="en", actor="mia")
    ws.act(Action.APPROVE, REF, locale="en", actor="grace")
    result = ws.translation.translate(REF, locale=LOCALE, actor="dmitri")
    assert result.count("machine") == 1
    after = _marked(ws)
    assert set(before) < set(after)
    assert len(after) == len(before) + 1


def test_the_marks_are_hashes_of_the_unit_texts(ws: Workspace) -> None:
    ws.translation.translate(REF, locale=LOCALE, actor="dmitri")
    texts = [v.translation for v in _units(ws) if v.machine]
    with ws.session() as s:
        art = lookup.article(s, REF)
        working = lookup.require_translation(s, art, LOCALE).working
        assert working is not None
        stored = working.machine_units
    assert stored == sorted({unit_hash(t or "") for t in texts})


def test_marks_survive_export_and_import(ws: Workspace, tmp_path: Path) -> None:
    ws.translation.translate(REF, locale=LOCALE, actor="dmitri")
    marked = _marked(ws)
    ws.export(tmp_path / "out")
    text = (tmp_path / "out" / "articles" / REF / f"{LOCALE}.md").read_text(encoding="utf-8")
    assert "machine_translated: true\nmachine_units: [" in text
    again = Workspace.init(tmp_path / "again")
    assert again.import_path(tmp_path / "out").ok
    assert [v.index for v in again.translation.units(REF, locale=LOCALE) if v.machine] == marked
    again.close()


def test_a_bad_machine_units_field_names_file_and_field(tmp_path: Path) -> None:
    from tests.conftest import CONTENT

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "articles" / REF / f"{LOCALE}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\nmachine_units: [nothex]\n", 1), encoding="utf-8")
    fresh = Workspace.init(tmp_path / "ws")
    report = fresh.import_path(content)
    fresh.close()
    assert any(
        f"{LOCALE}.md:2 [machine_units]: machine_units must be a list of SHA-256" in e
        for e in report.errors
    ), report.errors
