"""XLIFF round trips with the workspace: export, fill in, import; conflicts; wrong files."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pytest

from kbstudio.domain.errors import ValidationError
from kbstudio.domain.workflow import Action
from kbstudio.translation import xliff
from kbstudio.translation.memory import TranslationMemory, to_tmx

if TYPE_CHECKING:
    from kbstudio.services.workspace import Workspace


def fill(data: bytes, translate: dict[str, str] | None = None) -> bytes:
    """What a CAT tool does: put a target on every unit (or the given ones)."""
    doc = xliff.read(data)
    files = []
    for f in doc.files:
        units = tuple(
            dataclasses.replace(u, target=(translate or {}).get(u.source, f"RU {u.source}"))
            for u in f.units
        )
        files.append(dataclasses.replace(f, units=units))
    return xliff.write(dataclasses.replace(doc, files=tuple(files)))


def test_export_holds_only_missing_and_outdated_units_with_context(sample_ws: Workspace) -> None:
    data = sample_ws.translation.export_xliff("ru", ["withdrawal-fees"])
    assert b'version="1.2"' in data
    doc = xliff.read(data)
    with sample_ws.session() as s:
        from kbstudio.services.lookup import settings

        assert doc.workspace == settings(s).uid
    (fees,) = doc.files
    assert [u.id for u in fees.units] == ["8", "16", "30", "32", "36"]
    assert fees.units[0].source == "0.0002 BTC"
    assert fees.units[0].target == "0.0004 BTC"
    assert fees.units[0].needs_review
    text = data.decode()
    assert "old source: We review withdrawal fees every quarter" in text
    assert "article withdrawal-fees: Withdrawal fees and minimums" in text
    whole = xliff.read(sample_ws.translation.export_xliff("ru"))
    assert len(whole.files) > 5  # missing translations come whole


def test_round_trip_applies_the_translations_as_a_draft(sample_ws: Workspace) -> None:
    ws = sample_ws
    data = fill(ws.translation.export_xliff("ru", ["withdrawal-fees"]))
    report = ws.translation.import_xliff(data, actor="dmitri", shown="fees.xlf")
    assert report.conflicts == []
    assert len(report.applied) == 1
    info, body = ws.show("withdrawal-fees", locale="ru")
    assert not info.outdated
    assert info.status == "draft"
    assert not info.machine_translated
    assert "RU We review withdrawal fees every month" in body
    assert "| RU 0.0002 BTC |" in body
    assert body.startswith("За каждый вывод")  # unchanged units stay as they were
    assert ws.history("withdrawal-fees", locale="ru")[-1].comment == "imported from fees.xlf"


def test_source_changed_since_export_is_reported_not_applied(sample_ws: Workspace) -> None:
    ws = sample_ws
    data = fill(ws.translation.export_xliff("ru", ["withdrawal-fees"]))
    _, en = ws.show("withdrawal-fees", locale="en")
    ws.edit(
        "withdrawal-fees",
        locale="en",
        body=en.replace("every month", "every week"),
        actor="omar",
        major=True,
    )
    ws.act(Action.SUBMIT, "withdrawal-fees", locale="en", actor="omar")
    ws.act(Action.APPROVE, "withdrawal-fees", locale="en", actor="grace")
    report = ws.translation.import_xliff(data, actor="dmitri", shown="fees.xlf")
    assert len(report.conflicts) == 1
    assert "withdrawal-fees unit 30: the source changed since the export" in report.conflicts[0]
    body = ws.show("withdrawal-fees", locale="ru")[1]
    assert "RU We review withdrawal fees every month" not in body  # never silently applied
    assert "| RU 0.0002 BTC |" in body  # units whose source did not change are applied
    assert ws.show("withdrawal-fees", locale="ru")[0].outdated  # the conflict is still to do


def test_a_file_of_another_workspace_is_refused(sample_ws: Workspace, empty_ws: Workspace) -> None:
    data = sample_ws.translation.export_xliff("ru", ["withdrawal-fees"])
    doc = xliff.read(data)
    foreign = xliff.write(dataclasses.replace(doc, workspace="0" * 32))
    with pytest.raises(ValidationError, match="another workspace") as caught:
        sample_ws.translation.import_xliff(foreign, actor="dmitri", shown="x.xlf")
    assert caught.value.file == "x.xlf"
    with pytest.raises(ValidationError, match="not an XLIFF file"):
        sample_ws.translation.import_xliff(b"<xliff", actor="dmitri", shown="bad.xlf")


def test_imported_tmx_fills_units_before_any_provider(sample_ws: Workspace) -> None:
    ws = sample_ws
    tm = TranslationMemory("en", "ru")
    tm.add(
        "Today's BTC withdrawal fee is {{var:btc-withdrawal-fee}}.",
        "Текущая комиссия за вывод BTC: {{var:btc-withdrawal-fee}}.",
    )
    assert ws.translation.import_tmx(to_tmx(tm), locale="ru", shown="mem.tmx") == 1
    result = ws.translation.translate(
        "withdrawal-fees", locale="ru", actor="dmitri", use_provider=False
    )
    assert result.count("memory") == 3
    assert "Текущая комиссия за вывод BTC" in ws.show("withdrawal-fees", locale="ru")[1]
    exported = ws.translation.export_tmx("ru").decode()
    assert "Текущая комиссия" in exported
    assert "За каждый вывод" in exported


def test_an_unknown_article_is_skipped_and_the_rest_applied(sample_ws: Workspace) -> None:
    doc = xliff.read(fill(sample_ws.translation.export_xliff("ru", ["withdrawal-fees"])))
    ghost = dataclasses.replace(doc.files[0], article_id="no-such-article")
    data = xliff.write(dataclasses.replace(doc, files=(ghost, *doc.files)))
    report = sample_ws.translation.import_xliff(data, actor="dmitri")
    assert report.skipped == ["no-such-article: no such article here"]
    assert [r.article_id for r in report.applied] == ["withdrawal-fees"]
