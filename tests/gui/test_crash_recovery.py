"""Kill a real `kbstudio gui` process after typing; reopening offers the typed text back."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kbstudio.gui.recovery import RecoveryStore
from kbstudio.services.workspace import Workspace

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

TYPED = "Typed just before the crash 崩溃前输入的文字"
DRIVER = """
from kbstudio.gui.keyboard import type_text

window.open_article("create-account")
window.editor.setFocus()
type_text(window.editor, {typed!r})
print("typed", flush=True)
"""


def _kbstudio() -> list[str]:
    script = Path(sys.executable).with_name("kbstudio")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kbstudio"]


def test_kill_9_after_typing_then_reopen_offers_the_text(
    sample_template: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(sample_template, root)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(typed=TYPED), encoding="utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KBSTUDIO_GUI_DRIVER": str(driver),
        "KBSTUDIO_USER": "mia",
    }
    proc = subprocess.Popen(
        [*_kbstudio(), "gui", str(root)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "typed", proc.stderr.read() if proc.stderr else ""
        store = RecoveryStore(root / "data")
        deadline = time.monotonic() + 30
        # Nothing here saves: the autosave timer (every few seconds) must write the draft.
        while time.monotonic() < deadline:
            draft = store.read("create-account", "en")
            if draft is not None and TYPED in draft.body:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the autosave file never held the typed text")
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)

    ws = Workspace.open(root)
    try:
        assert TYPED not in ws.show("create-account", locale="en")[1]  # never saved
        from kbstudio.gui.app import open_window

        window = open_window(ws)
        qtbot.addWidget(window)
        assert window.check_recovery()
        assert window.doc.key == ("create-account", "en")
        assert window.recovery_bar.isVisibleTo(window)
        assert "mia" in window.recovery_bar.label.text()
        window.recovery_bar.restore_button.click()
        assert TYPED in window.editor.toPlainText()
        assert window.doc.is_dirty()
        window.doc.discard_draft()
        window.doc.close_text()
    finally:
        ws.close()
