"""Translation memory: exact and fuzzy matches with a score, TMX in and out."""

from __future__ import annotations

import pytest

from kbstudio.translation.memory import TranslationMemory, Unit, from_tmx, to_tmx


@pytest.fixture
def tm() -> TranslationMemory:
    memory = TranslationMemory("en", "ja")
    memory.add("The withdrawal fee is 0.0002 BTC.", "出金手数料は 0.0002 BTC です。", "a")
    memory.add("Deposits are free.", "入金は無料です。", "b")
    memory.add("Open the Withdraw page.", "出金ページを開きます。", "c")
    return memory


def test_exact_match_ignores_spacing_only(tm: TranslationMemory) -> None:
    hit = tm.exact("Deposits  are\nfree.")
    assert hit is not None
    assert (hit.target, hit.score) == ("入金は無料です。", 100.0)
    assert tm.exact("Deposits are free!") is None


def test_fuzzy_matches_above_the_threshold_with_their_score(tm: TranslationMemory) -> None:
    hits = tm.lookup("The withdrawal fee is 0.0004 BTC.")
    assert [h.target for h in hits] == ["出金手数料は 0.0002 BTC です。"]
    assert 90 <= hits[0].score < 100
    assert tm.lookup("Something else entirely about margin calls.") == []
    # A higher threshold drops the near miss; a lower one lets more in, best first.
    assert tm.lookup("The withdrawal fee is 0.0004 BTC.", threshold=99) == []
    loose = tm.lookup("Open the Deposit page.", threshold=50)
    assert loose[0].target == "出金ページを開きます。"
    assert [h.score for h in loose] == sorted((h.score for h in loose), reverse=True)


def test_exact_match_comes_first(tm: TranslationMemory) -> None:
    hits = tm.lookup("Deposits are free.")
    assert hits[0].score == 100.0
    assert hits[0].origin == "b"


def test_tmx_round_trip(tm: TranslationMemory) -> None:
    data = to_tmx(tm)
    assert b"<tmx" in data
    assert "出金".encode() in data
    units = from_tmx(data, source_locale="en", target_locale="ja", origin="file")
    assert sorted((u.source, u.target) for u in units) == sorted(
        (u.source, u.target) for u in tm.units()
    )


def test_tmx_from_another_tool_matches_language_loosely() -> None:
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en-US" datatype="plaintext" segtype="sentence"
 adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>
<body>
<tu><tuv xml:lang="en-US"><seg>Sign in</seg></tuv>
<tuv xml:lang="zh-CN"><seg>\xe7\x99\xbb\xe5\xbd\x95</seg></tuv></tu>
<tu><tuv xml:lang="en-US"><seg>Only English</seg></tuv>
<tuv xml:lang="de-DE"><seg>Nur</seg></tuv></tu>
</body></tmx>"""
    units = from_tmx(data, source_locale="en", target_locale="zh-Hans", origin="x")
    assert units == [Unit("Sign in", "登录", "x")]


def test_broken_tmx_is_refused() -> None:
    with pytest.raises(ValueError, match="not a TMX file"):
        from_tmx(b"<tmx><body><tu>", source_locale="en", target_locale="ja", origin="x")
