"""Running `kbstudio` in-process in tests: the one runner the CLI test modules share."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from kbstudio.cli import main

if TYPE_CHECKING:
    import pytest


def run_main(
    args: tuple[str, ...] | list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[int, str, str]:
    """`kbstudio ARGS...`: its exit code, stdout and stderr. No command may crash."""
    monkeypatch.setattr(sys, "argv", ["kbstudio", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err
