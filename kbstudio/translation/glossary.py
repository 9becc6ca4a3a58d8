"""The glossary as the translation core sees it: terms and their renderings per locale."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rendering:
    term: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()

    def accepted(self) -> tuple[str, ...]:
        """The approved term and its accepted variants, longest first."""
        forms = [f for f in (self.term, *self.variants) if f]
        return tuple(sorted(dict.fromkeys(forms), key=len, reverse=True))


@dataclass(frozen=True)
class Term:
    id: str
    dnt: bool = False
    renderings: dict[str, Rendering] = field(default_factory=dict)

    def rendering(self, locale: str) -> Rendering | None:
        found = self.renderings.get(locale)
        return found if found is not None and found.term else None
