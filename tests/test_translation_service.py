"""Translation through the Workspace facade: outdated, diffs, pre-fill, QA gate, keys."""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

import keyring
import pytest

from kbstudio.domain.errors import ValidationError
from kbstudio.domain.workflow import Action
from kbstudio.services import editing, lookup
from kbstudio.translation.providers import ProviderSettings
from tests import libre_stub
from tests.memory_keyring import MemoryKeyring

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from kbstudio.services.workspace import Workspace

SECRET = "sk-live-SECRET-4242"


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def stub() -> Iterator[libre_stub.StubServer]:
    server_stub, server = libre_stub.start()
    yield server_stub
    server.shutdown()
    server.server_close()


@pytest.fixture
def ws(sample_ws: Workspace, stub: libre_stub.StubServer) -> Workspace:
    sample_ws.translation.set_provider(
        ProviderSettings("libre", url=stub.url, timeout=2.0, retries=2, backoff=0.01),
        default=True,
    )
    return sample_ws


def test_outdated_lists_sample_translations_with_how_much_changed(sample_ws: Workspace) -> None:
    rows = sample_ws.translation.outdated()
    pairs = {(r.article_id, r.locale) for r in rows}
    assert {
        ("withdrawal-fees", "ja"),
        ("withdrawal-fees", "es"),
        ("withdrawal-fees", "ru"),
    } <= pairs
    fees = next(r for r in rows if (r.article_id, r.locale) == ("withdrawal-fees", "ru"))
    assert (fees.based_on_version, fees.source_version) == (1, 2)
    assert fees.changed_units == 5
    assert fees.total_units > 30
    assert 0 < fees.changed_share < 0.2
    assert fees.age_days >= 0
    assert all(r.locale == "ja" for r in sample_ws.translation.outdated(locale="ja"))


def test_source_diff_is_aligned_to_the_translation(sample_ws: Workspace) -> None:
    diff = sample_ws.translation.source_diff("withdrawal-fees", locale="ru")
    changed = [u for u in diff.units if u.status != "same"]
    assert [u.status for u in changed] == ["changed", "changed", "changed", "changed", "added"]
    cell = changed[0]
    assert (cell.old, cell.new, cell.translation) == ("0.0004 BTC", "0.0002 BTC", "0.0004 BTC")
    paragraph = changed[2]
    assert "every quarter" in (paragraph.old or "")
    assert "every month" in (paragraph.new or "")
    assert (paragraph.translation or "").startswith("Мы пересматриваем")
    assert changed[4].old is None
    assert "{{var:btc-withdrawal-fee}}" in (changed[4].new or "")


def test_unit_views_carry_memory_glossary_and_warnings(sample_ws: Workspace) -> None:
    views = sample_ws.translation.units("withdrawal-fees", locale="ja")
    title = views[0]
    assert title.index == -1
    assert title.memory[0].score == 100.0
    first = views[1]
    assert "withdrawal → 出金" in first.glossary
    changed = [v for v in views if v.status == "changed"]
    assert changed
    assert all(v.old_source for v in changed)
    fuzzy = [m for v in changed for m in v.memory if m.score < 100]
    assert fuzzy, "a changed paragraph finds its old translation as a fuzzy match"


def test_translate_prefills_changed_units_and_marks_the_draft(
    ws: Workspace, stub: libre_stub.StubServer
) -> None:
    before = ws.show("withdrawal-fees", locale="ru")[1]
    result = ws.translation.translate("withdrawal-fees", locale="ru", actor="dmitri")
    assert result.errors == []
    assert result.change is not None
    assert result.change.status == "draft"
    assert result.count("machine") == 3  # two edited paragraphs and the new one
    assert result.count("memory") == 2  # the two changed table cells are known amounts
    sent = [r["q"] for r in stub.requests]
    assert all("{{var:" not in q and "BTC" not in q for q in sent)
    info, body = ws.show("withdrawal-fees", locale="ru")
    assert not info.outdated
    assert info.machine_translated
    assert "ru:WE REVIEW" in body
    assert "{{var:btc-withdrawal-fee}}" in body
    # Unchanged units are the translator's own words, byte for byte.
    assert before.split("\n")[0] == body.split("\n")[0]
    assert ws.history("withdrawal-fees", locale="ru")[-1].machine_translated


def test_dry_run_shows_what_would_be_sent_and_changes_nothing(
    ws: Workspace, stub: libre_stub.StubServer
) -> None:
    result = ws.translation.translate("withdrawal-fees", locale="es", actor="", dry_run=True)
    sent = [u.sent for u in result.units if u.sent]
    assert len(sent) == 3
    assert any("{0}" in s for s in sent)
    assert stub.requests == []
    assert result.change is None
    assert ws.show("withdrawal-fees", locale="es")[0].outdated


def test_a_failing_provider_keeps_finished_units_as_a_draft(
    ws: Workspace, stub: libre_stub.StubServer
) -> None:
    stub.script = ["ok", "503", "503", "503", "503"]
    waits: list[float] = []
    result = ws.translation.translate(
        "withdrawal-fees", locale="ru", actor="dmitri", sleep=waits.append
    )
    assert result.count("machine") == 1
    assert [(u.error_kind, u.origin) for u in result.errors] == [
        ("server", "stale"),  # the old translation stays where the new one failed
        ("server", "untranslated"),
    ]
    assert "not sent" in (result.errors[1].error or "")  # no hammering a failing server
    assert waits == [0.01]  # one retry with backoff, then the error
    assert result.change is not None
    assert result.change.changed
    assert ws.history("withdrawal-fees", locale="ru")[-1].comment.endswith("2 failed")
    info, body = ws.show("withdrawal-fees", locale="ru")
    assert info.outdated  # units still old: it stays on the translator's list
    assert "ru:WE REVIEW" in body
    assert "Мы пересматриваем" not in body
    (qa,) = ws.translation.qa(ref="withdrawal-fees", locale="ru")
    assert "structure" not in {i.code for i in qa.issues}  # judged against the new source
    diff = ws.translation.source_diff("withdrawal-fees", locale="ru")
    assert next(u.translation for u in diff.units if u.status == "same") == body.split("\n")[0]
    # The provider is back: the rest is done and the translation is current again.
    stub.script.clear()
    again = ws.translation.translate("withdrawal-fees", locale="ru", actor="dmitri")
    assert again.errors == []
    assert again.count("machine") == 3
    info, body = ws.show("withdrawal-fees", locale="ru")
    assert not info.outdated
    assert body.startswith("За каждый вывод")


@pytest.mark.parametrize(("mode", "kind"), [("bad-json", "malformed"), ("429", "quota")])
def test_failures_are_reported_per_unit(
    ws: Workspace, stub: libre_stub.StubServer, mode: str, kind: str
) -> None:
    stub.script = [mode, mode]
    result = ws.translation.translate(
        "withdrawal-fees", locale="es", actor="lucia", sleep=lambda s: None
    )
    assert result.errors[0].error_kind == kind
    assert result.errors[0].index >= 0
    assert result.errors[0].error


def test_slow_provider_times_out(ws: Workspace, stub: libre_stub.StubServer) -> None:
    ws.translation.set_provider(ProviderSettings("libre", url=stub.url, timeout=0.2, retries=1))
    stub.script = ["slow"] * 3
    stub.slow_seconds = 1.0
    result = ws.translation.translate("withdrawal-fees", locale="es", actor="lucia")
    assert {u.error_kind for u in result.errors} == {"timeout"}


def test_batch_translates_outdated_and_missing_with_progress_and_cancel(ws: Workspace) -> None:
    seen: list[tuple[int, int, str]] = []
    cancel = threading.Event()

    def progress(done: int, total: int, label: str) -> None:
        seen.append((done, total, label))
        if done == 1:
            cancel.set()

    batch = ws.translation.translate_all("ru", actor="dmitri", progress=progress, cancel=cancel)
    assert batch.cancelled
    assert len(batch.results) == 2
    assert seen[0][0] == 0
    assert seen[0][1] == batch.total > 2
    done = ws.translation.translate_all("ru", actor="dmitri", use_provider=False)
    assert not done.cancelled
    assert done.total == batch.total - 2


def test_memory_only_batch_needs_no_provider(sample_ws: Workspace) -> None:
    batch = sample_ws.translation.translate_all("es", actor="lucia", use_provider=False)
    fees = next(r for r in batch.results if r.article_id == "withdrawal-fees")
    counts = {o: fees.count(o) for o in ("memory", "machine", "stale", "untranslated")}
    # Known amounts come from memory; edited paragraphs keep the old translation in place.
    assert counts == {"memory": 2, "machine": 0, "stale": 2, "untranslated": 1}
    assert sample_ws.show("withdrawal-fees", locale="es")[0].outdated


def test_submit_refuses_a_translation_with_qa_errors(sample_ws: Workspace) -> None:
    ws = sample_ws
    aid = _clean_ru(ws)
    _, body = ws.show(aid, locale="ru")
    number = re.search(r"(?<![\w.])\d+(?![\w.,])", body)
    assert number is not None
    broken = body[: number.start()] + "987654" + body[number.end() :]
    ws.edit(aid, locale="ru", body=broken, actor="dmitri")
    with pytest.raises(ValidationError, match=r"QA error.*number") as caught:
        ws.act(Action.SUBMIT, aid, locale="ru", actor="dmitri")
    assert caught.value.code == "qa-failed"
    assert ws.show(aid, locale="ru")[0].status == "draft"
    ws.edit(aid, locale="ru", body=body, actor="dmitri")
    assert ws.act(Action.SUBMIT, aid, locale="ru", actor="dmitri").status == "in_review"


def _clean_ru(ws: Workspace) -> str:
    for r in ws.translation.qa(locale="ru"):
        if not r.errors and ws.show(r.article_id, locale="ru")[0].status == "published":
            return r.article_id
    raise AssertionError("no QA-clean Russian article in the sample")


def test_machine_mark_stays_until_a_human_edit_is_approved(sample_ws: Workspace) -> None:
    ws = sample_ws
    aid = _clean_ru(ws)
    info, body = ws.show(aid, locale="ru")
    with ws.session() as s:
        editing.edit(
            s,
            actor=lookup.actor(s, "dmitri"),
            art=lookup.article(s, aid),
            locale="ru",
            body=body + "\n",
            machine_translated=True,
        )
    assert ws.show(aid, locale="ru")[0].machine_translated
    ws.act(Action.SUBMIT, aid, locale="ru", actor="dmitri")
    ws.act(Action.APPROVE, aid, locale="ru", actor="nadia")
    assert ws.show(aid, locale="ru")[0].machine_translated  # approved, but no human edit
    ws.edit(aid, locale="ru", body=body, actor="dmitri")
    assert ws.show(aid, locale="ru")[0].machine_translated  # edited, not yet approved
    ws.act(Action.SUBMIT, aid, locale="ru", actor="dmitri")
    ws.act(Action.APPROVE, aid, locale="ru", actor="nadia")
    info = ws.show(aid, locale="ru")[0]
    assert not info.machine_translated
    assert any(t.machine_translated is False for t in ws.translations(locale="ru"))


def test_provider_keys_live_in_the_keyring_only(
    ws: Workspace, stub: libre_stub.StubServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    ws.translation.set_provider(ProviderSettings("libre", url=stub.url), key=SECRET)
    assert SECRET in memory_keyring.store.values()
    (event,) = ws.audit(action="provider-set", limit=1)
    assert event.details["key_stored"] is True
    assert SECRET not in str(event)
    assert [p.has_key for p in ws.translation.providers() if p.settings.name == "libre"] == [True]
    ws.translation.translate("withdrawal-fees", locale="ru", actor="dmitri")
    assert stub.requests[0]["api_key"] == SECRET
    ws.translation.import_tmx(ws.translation.export_tmx("ru"), locale="ru")
    exported = ws.export(tmp_path / "out")
    assert exported
    blobs = [ws.translation.export_xliff("ja"), ws.translation.export_tmx("ru")]
    ws.close()
    root = ws.config.root
    files = [p for p in root.rglob("*") if p.is_file()] + [
        p for p in (tmp_path / "out").rglob("*") if p.is_file()
    ]
    assert any(p.name == "kbstudio.db" for p in files)
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), path
    for blob in blobs:
        assert SECRET.encode() not in blob


def test_provider_settings_live_in_the_workspace_config(
    ws: Workspace, stub: libre_stub.StubServer
) -> None:
    text = (ws.config.root / "kbstudio.toml").read_text(encoding="utf-8")
    assert "[translation.providers.libre]" in text
    assert stub.url in text
    assert text.startswith("# KB Studio workspace")
    assert "db = " in text
    ws.translation.set_provider(ProviderSettings("deepl", use_free_api=True))
    infos = {p.settings.name: p for p in ws.translation.providers()}
    assert infos["libre"].default
    assert infos["libre"].tested
    assert infos["libre"].settings.url == stub.url
    assert infos["deepl"].settings.use_free_api
    assert not infos["deepl"].tested
    with pytest.raises(ValidationError, match="API key"):
        ws.translation.translate("withdrawal-fees", locale="es", actor="lucia", provider="deepl")


def test_a_translator_of_another_locale_is_refused_before_anything_is_sent(
    ws: Workspace, stub: libre_stub.StubServer
) -> None:
    from kbstudio.domain.errors import WorkflowError

    with pytest.raises(WorkflowError, match="lucia cannot edit"):
        ws.translation.translate("withdrawal-fees", locale="ru", actor="lucia")
    assert stub.requests == []


def test_a_key_from_the_environment_serves_machines_without_a_keyring(
    ws: Workspace, stub: libre_stub.StubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KBSTUDIO_LIBRE_KEY", "env-key")
    ws.translation.translate("withdrawal-fees", locale="ru", actor="dmitri")
    assert stub.requests[0]["api_key"] == "env-key"


def test_a_translation_that_names_no_source_revision_is_never_overwritten(
    sample_ws: Workspace,
) -> None:
    from kbstudio.services.revisions import add_revision

    ws = sample_ws
    info, body = ws.show("memo-tag", locale="zh-Hans")
    with ws.session() as s:
        tr = lookup.require_translation(s, lookup.article(s, "memo-tag"), "zh-Hans")
        add_revision(s, tr, title=info.title, body=body + "\n", author="lin")
    assert ws.history("memo-tag", locale="zh-Hans")[-1].based_on_version is None
    result = ws.translation.translate("memo-tag", locale="zh-Hans", actor="lin", provider="pseudo")
    assert result.count("machine") == 0
    assert result.count("kept") == len(result.units)
    assert result.change is None
    assert ws.show("memo-tag", locale="zh-Hans")[1] == body + "\n"
