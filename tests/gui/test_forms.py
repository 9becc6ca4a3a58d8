"""The generated forms match their Designer sources (run `make forms` when this fails)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("compile_forms", ROOT / "scripts/compile_forms.py")
assert spec
assert spec.loader
compile_forms = importlib.util.module_from_spec(spec)
sys.modules["compile_forms"] = compile_forms
spec.loader.exec_module(compile_forms)

SOURCES = sorted((ROOT / "ui").glob("*.ui"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_generated_form_is_current(source: Path) -> None:
    generated = compile_forms.target(source)
    assert generated.exists(), f"{generated} missing: run `make forms`"
    assert generated.read_text(encoding="utf-8") == compile_forms.compile_form(source), (
        f"{generated.name} is out of date with {source.name}: run `make forms`"
    )


def test_every_generated_form_has_a_source() -> None:
    forms = ROOT / "kbstudio" / "gui" / "forms"
    stems = {p.stem for p in SOURCES}
    for path in forms.glob("ui_*.py"):
        assert path.stem.removeprefix("ui_") in stems, f"{path.name} has no ui/ source"
