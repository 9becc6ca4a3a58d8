"""QA checks on crafted source/translation pairs."""

from __future__ import annotations

from kbstudio.search.analysis import analyzer_for
from kbstudio.translation.glossary import Rendering, Term
from kbstudio.translation.qa import ERROR, WARNING, Issue, check, numbers

TERMS = [
    Term(
        "withdrawal",
        renderings={
            "en": Rendering("withdrawal", ("withdraw",)),
            "es": Rendering("retiro", ("retirada",), ("extracción",)),
            "ru": Rendering("вывод", ("вывод средств",), ("снятие",)),
            "ja": Rendering("出金", ("引き出し",), ("払い出し",)),
        },
    ),
    Term("api", dnt=True, renderings={"en": Rendering("API")}),
]


def run(source: str, target: str, locale: str) -> list[Issue]:
    return check(
        source,
        target,
        source_locale="en",
        target_locale=locale,
        terms=TERMS,
        source_terms=analyzer_for("en").terms,
        target_terms=analyzer_for(locale).terms,
    )


def codes(issues: list[Issue], severity: str = ERROR) -> list[str]:
    return [i.code for i in issues if i.severity == severity]


def test_a_faithful_translation_passes() -> None:
    src = (
        "## Fees {#fees}\n\nEach withdrawal costs 0.0002 BTC (1,000 USDT max, 0.1%).\n\n"
        "- Use the API.\n"
    )
    dst = (
        "## Comisiones {#fees}\n\nCada retiro cuesta 0,0002 BTC (máx. 1.000 USDT, 0,1 %).\n\n"
        "- Usa la API.\n"
    )
    assert run(src, dst, "es") == []


def test_numbers_amounts_and_percentages_must_survive() -> None:
    issues = run(
        "The fee is 0.0002 BTC, up to 25%.", "La comisión es 0,0004 BTC, hasta 25 %.", "es"
    )
    assert [i.message for i in issues if i.code == "number"] == [
        "number 0.0002 of the source is missing",
        "number 0.0004 is not in the source",
    ]
    assert [i.severity for i in issues if i.code == "number"] == [ERROR, WARNING]


def test_number_spellings_are_normalized() -> None:
    assert numbers("1,000 and 1.5 and 0.075 and 60,000.50") == numbers(
        "1.000 y 1,5 y 0,075 y 60.000,50"
    )
    assert numbers("1 000 000") == numbers("1,000,000")
    assert numbers("٢٥") == numbers("25")  # Arabic-Indic digits
    assert numbers("TRC20 and 2FA") == numbers("")  # digits inside names are not amounts


def test_links_and_references_must_survive() -> None:
    src = (
        "See [fees](kb:withdrawal-fees) and https://status.example.com. {{var:fee}}\n\n"
        "{{snippet:risk}}\n"
    )
    dst = "Véase [comisiones](kb:withdrawal-limits). {{var:fee}}\n"
    issues = run(src, dst, "es")
    messages = [i.message for i in issues if i.severity == ERROR]
    assert "link kb:withdrawal-fees is missing" in messages
    assert "link https://status.example.com is missing" in messages
    assert "link kb:withdrawal-limits is not in the source" in messages
    assert "reference {{snippet:risk}} is missing" in messages


def test_heading_and_list_counts_and_anchors() -> None:
    src = "## One {#one}\n\n- a\n- b\n\n## Two\n"
    dst = "## Uno\n\n- a y b\n"
    issues = run(src, dst, "es")
    assert [i.message for i in issues if i.code in ("structure", "anchor")] == [
        "1 headings where the source has 2",
        "1 list items where the source has 2",
        "anchor {#one} is missing",
    ]


def test_glossary_term_must_use_an_approved_rendering_in_any_inflection() -> None:
    # "withdrawals" is an inflected form of the term; the Spanish plural "retiros" is fine.
    ok = run("Withdrawals are checked.", "Los retiros se revisan.", "es")
    assert "glossary" not in codes(ok)
    bad = run("Withdrawals are checked.", "Las salidas se revisan.", "es")
    assert [i.message for i in bad if i.code == "glossary"] == [
        "'withdrawal' must be rendered as 'retiro'"
    ]
    russian = run("Your withdrawal is pending.", "Ваш вывода ожидает.", "ru")
    assert "glossary" not in codes(russian)


def test_cjk_terms_match_by_substring() -> None:
    assert "glossary" not in codes(run("A withdrawal.", "出金申請を受け付けました。", "ja"))
    assert "glossary" in codes(run("A withdrawal.", "送金を受け付けました。", "ja"))


def test_forbidden_variants_and_do_not_translate_terms() -> None:
    issues = run("Use the API to withdraw.", "Use la interfaz para la extracción.", "es")
    assert "'extracción' is forbidden: use 'retiro'" in [i.message for i in issues]
    assert "'API' must stay untranslated" in [i.message for i in issues]
    assert "forbidden" in codes(run("Hi.", "払い出しです。", "ja"))


def test_a_forbidden_variant_that_analyzes_like_the_approved_term_is_judged_as_written() -> None:
    # "precio marcado" and "precio de marca" both analyze to "preci marc" in Spanish.
    spanish = Rendering("precio de marca", (), ("precio marcado",))
    mark = [Term("mark-price", renderings={"en": Rendering("mark price"), "es": spanish})]

    def issues(target: str) -> list[str]:
        found = check(
            "Uses the mark price.",
            target,
            source_locale="en",
            target_locale="es",
            terms=mark,
            source_terms=analyzer_for("en").terms,
            target_terms=analyzer_for("es").terms,
        )
        return [i.message for i in found if i.code in ("forbidden", "glossary")]

    assert issues("Usa el precio de marca.") == []
    assert issues("Usa el precio marcado.") == [
        "'precio marcado' is forbidden: use 'precio de marca'"
    ]


def test_untranslated_units_and_length_outliers_warn() -> None:
    src = "\n\n".join(
        [
            "This paragraph is long enough to count for ratios.",
            "Another paragraph that is also long enough here.",
            "A third paragraph of about the same length, too.",
            "The fourth paragraph, which stays in English now.",
        ]
    )
    dst = "\n\n".join(
        [
            "Este párrafo es lo bastante largo para las proporciones.",
            "Otro.",
            "Un tercer párrafo de más o menos la misma longitud.",
            "The fourth paragraph, which stays in English now.",
        ]
    )
    issues = run(src, dst, "es")
    warned = {(i.code, i.segment) for i in issues if i.severity == WARNING}
    assert ("untranslated", 3) in warned
    assert ("length", 1) in warned
    assert codes(issues) == []


def test_a_small_number_written_as_a_cjk_numeral_only_warns() -> None:
    issues = run("Option 2: reset", "方式二：重置", "zh-Hans")
    assert [(i.severity, i.message) for i in issues if i.code == "number"] == [
        (WARNING, "number 2 of the source is written as 二?")
    ]
    assert [i.severity for i in run("Fee: 2 USDT", "手续费：3 USDT", "zh-Hans")].count(ERROR) == 1
