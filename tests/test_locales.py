"""Locale tags: validated with Babel, text direction from Babel's data."""

from __future__ import annotations

import pytest

from kbstudio.domain.errors import ValidationError
from kbstudio.domain.locales import check_locale


@pytest.mark.parametrize(
    ("locale", "rtl"), [("ar", True), ("he", True), ("en", False), ("zh-Hans", False)]
)
def test_text_direction_comes_from_babel(locale: str, rtl: bool) -> None:
    from kbstudio.domain.locales import is_rtl

    assert is_rtl(locale) is rtl


@pytest.mark.parametrize("tag", ["xx", "qq-ZZ", "", "en_US", "../en", "zh.Hans"])
def test_unknown_or_malformed_tags_are_refused(tag: str) -> None:
    with pytest.raises(ValidationError):
        check_locale(tag)
