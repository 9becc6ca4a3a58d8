"""`kbstudio set` end to end: real exit codes, one-line errors naming the field."""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING

import pytest

from tests.cli_helpers import run_main

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


@pytest.fixture
def kb(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sample_template: Path,
    tmp_path: Path,
) -> Callable[..., tuple[int, str, str]]:  # fmt: skip
    root = tmp_path / "ws"
    shutil.copytree(sample_template, root)

    def run(*args: str) -> tuple[int, str, str]:
        return run_main(["--workspace", str(root), *args], capsys, monkeypatch)

    return run


def test_set_changes_the_given_fields_and_show_prints_them(kb: Callable[..., tuple]) -> None:
    code, out, _ = kb("--as", "sam", "set", "reset-password", "--type", "announcement",
                      "--ends-at", "2027-01-05T06:00", "--review-by", "none",
                      "--base-version", "1")  # fmt: skip
    assert code == 0, out
    assert "type: guide → announcement" in out
    assert "ends_at: - → 2027-01-05T06:00:00Z" in out
    assert "review_by: 2027-01-20 → -" in out
    code, out, _ = kb("show", "reset-password")
    assert code == 0
    assert "Type:" in out
    assert "announcement" in out
    assert "Ends at:        2027-01-05T06:00:00Z" in out
    assert "Review by:      -" in out
    assert "Properties:     version 2" in out


def test_set_tags_of_one_locale_in_json(kb: Callable[..., tuple]) -> None:
    code, out, _ = kb("--as", "yuki", "set", "reset-password", "--tags", "パスワード, ログイン",
                      "-l", "ja", "--format", "json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["changes"]["tags:ja"]["new"] == ["パスワード", "ログイン"]
    assert data["lock_version"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as", "mia", "set", "reset-password", "--visibility", "hidden"],
         "[visibility]: visibility must be one of: public, internal"),
        (["--as", "mia", "set", "reset-password", "--owner", "ghost"], "[owner]: owner 'ghost'"),
        (["--as", "mia", "set", "reset-password", "--ends-at", "2027-01-01"],
         "[ends_at]: only announcements have an end date"),
        (["--as", "mia", "set", "reset-password", "--tags", "a"], "--tags needs --locale"),
        (["--as", "yuki", "set", "reset-password", "--type", "faq"], "yuki cannot change type"),
        (["--as", "mia", "set", "reset-password", "--owner", "mia", "--base-version", "0"],
         "changed after you read them"),
    ],
)  # fmt: skip
def test_set_refusals_are_one_line(kb: Callable[..., tuple], args: list[str], message: str) -> None:
    code, _, err = kb(*args)
    assert code == 1
    assert message in err
    assert len(err.strip().splitlines()) == 1
