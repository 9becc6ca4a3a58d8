"""Analysis per language family: stemming, CJK bigrams, normalization, synonyms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbstudio.search.analysis import analyzer_for


def test_english_stems_and_drops_stop_words() -> None:
    a = analyzer_for("en")
    assert a.terms("How do I withdraw? Withdrawals and withdrawing") == [
        "withdraw",
        "withdraw",
        "withdraw",
    ]


def test_full_width_and_case_are_normalized() -> None:
    a = analyzer_for("en")
    assert a.terms("ＵＳＤＴ　ＴＲＣ２０") == a.terms("usdt trc20") == ["usdt", "trc20"]


def test_numbers_keep_their_decimal_point() -> None:
    assert analyzer_for("en").terms("fee 0.0005 BTC") == ["fee", "0.0005", "btc"]


@pytest.mark.parametrize("locale", ["zh-Hans", "zh-Hant", "ja", "ko"])
def test_cjk_becomes_overlapping_bigrams(locale: str) -> None:
    a = analyzer_for(locale)
    assert a.terms("提现手续费") == ["提现", "现手", "手续", "续费"]
    assert a.unigrams("提现") == ["提", "现"]


def test_single_cjk_character_is_kept_for_one_character_queries() -> None:
    a = analyzer_for("zh-Hans")
    assert a.terms("币") == ["币"]
    assert a.unigrams("币") == ["币"]


def test_mixed_scripts_split_at_the_script_boundary() -> None:
    assert analyzer_for("zh-Hans").terms("USDT提现") == ["usdt", "提现"]
    assert analyzer_for("ja").terms("API キー") == ["api", "キー"]
    assert analyzer_for("ja").terms("出金できない") == ["出金", "金で", "でき", "きな", "ない"]


def test_half_width_katakana_is_normalized() -> None:
    assert analyzer_for("ja").terms("ｷｰ") == ["キー"]


def test_korean_words_are_bigrammed_within_each_word() -> None:
    assert analyzer_for("ko").terms("출금 수수료") == ["출금", "수수", "수료"]


def test_spanish_folds_accents_after_stemming() -> None:
    a = analyzer_for("es")
    assert a.terms("depósitos") == a.terms("depositos") == a.terms("Deposito")


def test_russian_treats_yo_as_ye() -> None:
    a = analyzer_for("ru")
    assert a.terms("ещё") == a.terms("еще")
    assert a.terms("выводы") == a.terms("вывод")


def test_arabic_is_normalized_and_stemmed() -> None:
    a = analyzer_for("ar")
    # Diacritics (tashkeel) are ignored; the definite article is stripped by the stemmer.
    assert a.terms("السَّحْب") == a.terms("السحب")
    assert a.terms("الإيداع") == a.terms("إيداع")


def test_english_keeps_diacritics() -> None:
    # English does not fold: "café" and "cafe" stay apart (names, tickers).
    a = analyzer_for("en")
    assert a.terms("café") != a.terms("cafe")


def test_synonym_groups_add_a_shared_term() -> None:
    groups = {"2fa": ["2FA", "two-factor authentication", "two-step verification"]}
    a = analyzer_for("en", groups)
    assert "~2fa" in a.terms("turn on two-factor authentication")
    assert "~2fa" in a.terms("2fa lost")
    assert "~2fa" not in a.terms("two factors")


def test_cjk_synonyms_match_inside_longer_runs() -> None:
    a = analyzer_for("zh-Hans", {"withdraw": ["提现", "提币"]})
    assert "~withdraw" in a.terms("如何提币到钱包")
    assert "~withdraw" in a.terms("提现手续费")


def test_unknown_language_still_tokenizes() -> None:
    assert analyzer_for("sw").terms("Kutoa pesa") == ["kutoa", "pesa"]


def _sample_texts() -> list[tuple[str, str]]:
    from tests.conftest import CONTENT

    out = []
    for path in sorted((CONTENT / "articles").glob("*/*.md")):
        out.append((path.stem, path.read_text(encoding="utf-8")))
    return out


def test_fast_indexing_path_equals_the_token_path_on_the_sample() -> None:
    """index_terms (used to index) and tokens (used for queries) never disagree."""
    groups = {"withdraw": ["withdraw", "cash out", "提现", "提币"], "2fa": ["2FA", "two-factor"]}
    analyzers: dict[str, object] = {}
    for locale, text in _sample_texts():
        a = analyzers.setdefault(locale, analyzer_for(locale, groups))
        assert a.index_terms(text) == a.terms(text), locale  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
    st.sampled_from(["en", "zh-Hans", "ja", "es", "ru", "ar"]),
)
def test_fast_path_equals_token_path_on_any_text(text: str, locale: str) -> None:
    a = analyzer_for(locale, {"g": ["sign in", "log in", "提币"]})
    assert a.index_terms(text) == a.terms(text)
