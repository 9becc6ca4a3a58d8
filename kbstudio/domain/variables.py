"""Workspace variables: named facts (a fee, a limit, a date) declared once, shown per locale."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from kbstudio.domain.errors import ValidationError

KINDS = ("number", "amount", "percent", "currency", "date")
REFERENCE = re.compile(r"\{\{\s*var\s*:\s*([a-z0-9][a-z0-9-]*)\s*\}\}")


@dataclass(frozen=True)
class Variable:
    """A named value. ``amount`` is a number with a unit (``0.0002 BTC``); ``currency`` an
    ISO 4217 amount (``25 USD``); ``percent`` is written as the percentage (``0.1`` = 0.1 %).
    """

    name: str
    kind: str
    value: str
    unit: str = ""
    # Words near which the value is stated, per locale, for the contradiction check.
    terms: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValidationError(
                "bad-variable",
                f"{self.name}: kind must be one of {', '.join(KINDS)}",
                field="kind",
            )
        try:
            if self.kind == "date":
                dt.date.fromisoformat(self.value)
            else:
                Decimal(self.value)
        except (ValueError, InvalidOperation):
            raise ValidationError(
                "bad-variable",
                f"{self.name}: {self.value!r} is not a valid {self.kind}",
                field="value",
            ) from None
        if self.kind in ("amount", "currency") and not self.unit:
            raise ValidationError("bad-variable", f"{self.name}: needs a unit", field="unit")

    @property
    def number(self) -> Decimal:
        return Decimal(self.value)


def _babel(locale: str) -> Locale:
    return Locale.parse(locale.replace("-", "_"))


def render(variable: Variable, locale: str) -> str:
    """The value as a reader of *locale* expects to see it."""
    loc = _babel(locale)
    if variable.kind == "date":
        return str(format_date(dt.date.fromisoformat(variable.value), "long", locale=loc))
    number = variable.number
    # The locale's own patterns, keeping every declared digit (a fee of 0.0002 must not
    # round to 0).
    if variable.kind == "percent":
        return str(format_percent(number / 100, locale=loc, decimal_quantization=False))
    if variable.kind == "currency":
        return str(format_currency(number, variable.unit, locale=loc, decimal_quantization=False))
    text = str(format_decimal(number, locale=loc, decimal_quantization=False))
    return f"{text} {variable.unit}" if variable.kind == "amount" else text


def expand(text: str, variables: dict[str, Variable], locale: str) -> str:
    """Replace ``{{var:name}}`` references with their values; unknown ones stay as written."""

    def swap(match: re.Match[str]) -> str:
        var = variables.get(match.group(1))
        return render(var, locale) if var else match.group(0)

    return REFERENCE.sub(swap, text)
