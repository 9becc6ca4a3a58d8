"""Compile ui/*.ui into kbstudio/gui/forms/ui_*.py with the pinned pyside6-uic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UIC = Path(sys.executable).with_name("pyside6-uic")


def compile_form(source: Path) -> str:
    """The generated Python for one form, as pyside6-uic writes it."""
    out = subprocess.run(
        [str(UIC), str(source.relative_to(ROOT))],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout


def target(source: Path) -> Path:
    return ROOT / "kbstudio" / "gui" / "forms" / f"ui_{source.stem}.py"


def main() -> None:
    for source in sorted((ROOT / "ui").glob("*.ui")):
        target(source).write_text(compile_form(source), encoding="utf-8")
        print(f"{source.relative_to(ROOT)} -> {target(source).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
