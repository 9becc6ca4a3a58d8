"""The app's own interface in Simplified Chinese: catalogs complete and actually used."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kbstudio import i18n

I18N = Path(__file__).resolve().parents[1] / "i18n"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _catalog(lang: str):
    with (I18N / lang / "LC_MESSAGES" / "kbstudio.po").open("rb") as f:
        return read_po(f, locale=lang)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zh_Hans catalog compiled into a private folder (no reliance on `make`)."""
    root = tmp_path_factory.mktemp("locale")
    target = root / "zh_Hans" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "kbstudio.mo").open("wb") as f:
        write_mo(f, _catalog("zh_Hans"))
    return root


def test_zh_hans_catalog_covers_the_template_with_same_placeholders() -> None:
    with (I18N / "kbstudio.pot").open("rb") as f:
        template = read_po(f)
    catalog = _catalog("zh_Hans")
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        assert translated is not None, f"missing in zh_Hans: {message.id!r}"
        # ngettext messages have a (singular, plural) id and one string per plural form.
        source = message.id[-1] if isinstance(message.id, tuple) else message.id
        forms = translated.string if isinstance(translated.string, tuple) else (translated.string,)
        assert all(forms), f"untranslated: {message.id!r}"
        assert not translated.fuzzy, f"fuzzy: {message.id!r}"
        for form in forms:
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(form)), (
                message.id
            )


def test_template_is_current() -> None:
    """Every `_("...")` in the code is in the template (run `make i18n-extract`)."""
    with (I18N / "kbstudio.pot").open("rb") as f:
        ids = {m.id for m in read_po(f) if m.id}
    code = "\n".join(
        p.read_text(encoding="utf-8") for p in (I18N.parent / "kbstudio").rglob("*.py")
    )
    used = set(re.findall(r'\b_\("((?:[^"\\]|\\.)*)"\)', code))
    assert used <= ids, sorted(used - ids)


@pytest.mark.parametrize(
    ("env", "expected"),
    [(["zh_CN.UTF-8"], "zh_Hans"), (["zh"], "zh_Hans"), (["en_US"], None), (["de_DE"], None)],
)
def test_language_follows_the_environment(
    compiled: Path, env: list[str], expected: str | None
) -> None:
    try:
        assert i18n.install(env, localedir=compiled) == expected
    finally:
        i18n.install(["en"])


def test_cli_speaks_chinese(compiled: Path, tmp_path: Path) -> None:
    env = {**os.environ, "LANGUAGE": "zh_CN", "KBSTUDIO_LOCALEDIR": str(compiled)}
    result = subprocess.run(
        [sys.executable, "-m", "kbstudio", "--workspace", str(tmp_path), "submit", "x", "-l", "en"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("错误：")
    helped = subprocess.run(
        [sys.executable, "-m", "kbstudio", "submit", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert "提交当前修订以供审核" in helped.stdout
