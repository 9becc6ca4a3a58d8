"""The translation commands end to end: output, JSON, exit codes, no traceback."""

from __future__ import annotations

import io
import json
import shutil
import sys
from typing import TYPE_CHECKING

import keyring
import pytest

from kbstudio.services.workspace import Workspace
from tests import libre_stub
from tests.cli_helpers import run_main
from tests.memory_keyring import MemoryKeyring

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture(autouse=True)
def ring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def stub() -> Iterator[libre_stub.StubServer]:
    server_stub, server = libre_stub.start()
    yield server_stub
    server.shutdown()
    server.server_close()


@pytest.fixture
def kb(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sample_template: Path,
    tmp_path: Path,
) -> Callable[..., Run]:
    root = tmp_path / "ws"
    shutil.copytree(sample_template, root)

    def run(*args: str, stdin: str = "") -> Run:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        return Run(*run_main(["--workspace", str(root), *args], capsys, monkeypatch))

    run.root = root  # type: ignore[attr-defined]
    return run


def test_outdated_and_changes(kb: Callable[..., Run]) -> None:
    r = kb("outdated", "--locale", "ru")
    assert r.code == 0
    assert "withdrawal-fees" in r.out
    assert "5/37 units changed" in r.out
    rows = json.loads(kb("outdated", "--format", "json").out)
    assert {row["locale"] for row in rows} == {"ja", "es", "ru"}
    r = kb("changes", "withdrawal-fees", "-l", "ru")
    assert "old source:  0.0004 BTC" in r.out
    assert "[added]" in r.out
    data = json.loads(kb("changes", "withdrawal-fees", "-l", "ru", "--format", "json").out)
    assert data["changed"] == 5


def test_provider_set_and_translate_with_a_key_from_stdin(
    kb: Callable[..., Run], stub: libre_stub.StubServer, ring: MemoryKeyring
) -> None:
    r = kb(
        "provider",
        "set",
        "libre",
        "--url",
        stub.url,
        "--default",
        "--key-from-stdin",
        stdin="k-123\n",
    )
    assert r.code == 0
    assert "keyring" in r.out
    assert "k-123" not in (kb.root / "kbstudio.toml").read_text()  # type: ignore[attr-defined]
    listing = kb("provider", "list").out
    assert "libre" in listing
    assert "key stored" in listing
    assert "untested" in listing
    r = kb("--as", "dmitri", "translate", "withdrawal-fees", "--to", "ru")
    assert r.code == 0, r.err
    assert "saved draft revision" in r.out
    assert "3 machine" in r.out
    assert stub.requests[0]["api_key"] == "k-123"
    assert "(machine translated)" in kb("list", "-l", "ru").out
    # The pre-fill recorded which units are the machine's (the other units are the
    # translator's own, kept).
    ws = Workspace.open(kb.root)  # type: ignore[attr-defined]
    marked = [v for v in ws.translation.units("withdrawal-fees", locale="ru") if v.machine]
    assert len(marked) == 3
    assert all(v.translation and v.translation.startswith("ru:") for v in marked)
    ws.close()


def test_dry_run_prints_what_would_be_sent(
    kb: Callable[..., Run], stub: libre_stub.StubServer
) -> None:
    r = kb(
        "translate",
        "withdrawal-fees",
        "--to",
        "es",
        "--provider",
        "libre",
        "--url",
        stub.url,
        "--dry-run",
    )
    assert r.code == 0
    assert "would be sent" in r.out
    assert "{0}" in r.out
    assert "from memory (100.0%)" in r.out
    assert stub.requests == []


def test_translate_failures_exit_1_and_name_the_unit(
    kb: Callable[..., Run], stub: libre_stub.StubServer
) -> None:
    kb("provider", "set", "libre", "--url", stub.url, "--retries", "1")
    stub.script = ["400"] * 5
    r = kb("--as", "lucia", "translate", "withdrawal-fees", "--to", "es", "--provider", "libre")
    assert r.code == 1
    assert "error: withdrawal-fees/es unit" in r.err
    assert "client" in r.err


def test_translate_usage_errors(kb: Callable[..., Run]) -> None:
    assert kb("translate", "--to", "es").code == 2
    assert kb("translate", "x", "--all", "--to", "es").code == 2
    r = kb("--as", "lucia", "translate", "withdrawal-fees", "--to", "es")
    assert r.code == 1
    assert "no provider given" in r.err


def test_batch_memory_only(kb: Callable[..., Run]) -> None:
    r = kb("--as", "yuki", "translate", "--all", "--to", "ja", "--memory-only")
    assert r.code == 0
    assert "withdrawal-fees/ja: saved draft revision" in r.out
    assert "[1/" in r.err


def test_qa_command(kb: Callable[..., Run]) -> None:
    r = kb("qa", "--locale", "ko")
    assert r.code == 1  # the sample has a Korean text that lost a variable
    assert "withdrawal-fees/ko error: ref: reference {{var:btc-withdrawal-fee}} is missing" in r.out
    rows = json.loads(kb("qa", "withdrawal-fees", "--format", "json").out)
    assert {row["locale"] for row in rows} >= {"ja", "ko", "ru"}
    assert all("issues" in row for row in rows)


def test_xliff_and_tm_commands(kb: Callable[..., Run], tmp_path: Path) -> None:
    xlf = tmp_path / "ru.xlf"
    assert kb("xliff", "export", "withdrawal-fees", "-l", "ru", "-o", str(xlf)).code == 0
    r = kb("--as", "dmitri", "xliff", "import", str(xlf))
    assert r.code == 0
    assert "withdrawal-fees/ru" in r.out
    bad = tmp_path / "bad.xlf"
    bad.write_text("<xliff", encoding="utf-8")
    r = kb("--as", "dmitri", "xliff", "import", str(bad))
    assert r.code == 1
    assert "bad.xlf" in r.err
    tmx = tmp_path / "ru.tmx"
    assert kb("tm", "export", "-l", "ru", "-o", str(tmx)).code == 0
    r = kb("tm", "import", str(tmx), "-l", "ru")
    assert r.code == 0
    assert "Imported" in r.out
    assert kb("tm", "import", str(tmx), "-l", "xx").code == 1


def test_pseudo_command(kb: Callable[..., Run]) -> None:
    r = kb("pseudo", "withdrawal-fees")
    assert r.code == 0
    assert "{#fee-table}" in r.out
    assert "[Ŵîţĥðŕåŵåļ" in r.out
