"""What changed in the source since a translation was made, unit by unit.

The old source (the revision a translation is based on) and the current source are
compared as sequences of units. Each current unit is *same*, *changed* or *added*; old
units that are gone are *removed*. The translation mirrors the old source, so each
change also carries the translation's unit for that place: the translator sees the old
source, the new source and their own words side by side, and updates only what changed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kbstudio.translation.memory import normalize
from kbstudio.translation.segmentation import protected_spans

if TYPE_CHECKING:
    from kbstudio.translation.segmentation import Document

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"


@dataclass(frozen=True)
class UnitChange:
    status: str
    kind: str
    old: str | None  # the unit in the source the translation is based on
    new: str | None  # the unit in the current source
    translation: str | None  # the translation's unit at the old unit's place
    old_index: int | None
    new_index: int | None
    translation_index: int | None


@dataclass(frozen=True)
class SourceDiff:
    units: tuple[UnitChange, ...]

    @property
    def changed(self) -> int:
        return sum(u.status != SAME for u in self.units)

    @property
    def share(self) -> float:
        """The changed share of units, 0.0 to 1.0."""
        return self.changed / len(self.units) if self.units else 0.0


def align(a: Document, b: Document) -> dict[int, int]:
    """Unit index in *a* -> unit index in *b*, matching their structure.

    Texts of the same structure (unit kinds in order) align one to one. Otherwise units are
    matched in order on their kind and their untranslatable pieces (links, code, references),
    which a translation shares with its source, so a dropped or split paragraph shifts
    nothing after it.
    """
    if [s.kind for s in a.segments] == [s.kind for s in b.segments]:
        return {i: i for i in range(len(a.segments))}
    ka = [(s.kind, *protected_spans(s.text)) for s in a.segments]
    kb = [(s.kind, *protected_spans(s.text)) for s in b.segments]
    out: dict[int, int] = {}
    for block in difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            out[block.a + k] = block.b + k
    return out


def diff_source(old: Document, new: Document, translation: Document | None = None) -> SourceDiff:
    """The unit-level diff of *old* to *new*, with the translation's units aligned to *old*."""
    tr_units = translation.segments if translation is not None else ()
    # A partly updated translation already has the new structure: align it to the new source.
    kinds = [u.kind for u in tr_units]
    mirrors_new = (
        translation is not None
        and kinds == [u.kind for u in new.segments]
        and kinds != [u.kind for u in old.segments]
    )
    to_tr = (
        {}
        if translation is None
        else align(new, translation)
        if mirrors_new
        else align(old, translation)
    )

    def tr_of(i: int | None, j: int | None) -> tuple[str | None, int | None]:
        at = j if mirrors_new else i
        k = to_tr.get(at) if at is not None else None
        return (tr_units[k].text, k) if k is not None else (None, None)

    a = [normalize(s.text) for s in old.segments]
    b = [normalize(s.text) for s in new.segments]
    out: list[UnitChange] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                out.append(_unit(SAME, old, new, i, j, *tr_of(i, j)))
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        # A replaced run pairs old and new units in order: an edited paragraph.
        for k in range(max(len(olds), len(news))):
            oi = olds[k] if k < len(olds) else None
            nj = news[k] if k < len(news) else None
            status = (
                CHANGED
                if oi is not None and nj is not None
                else (ADDED if nj is not None else REMOVED)
            )
            out.append(_unit(status, old, new, oi, nj, *tr_of(oi, nj)))
    return SourceDiff(tuple(out))


def _unit(
    status: str,
    old: Document,
    new: Document,
    i: int | None,
    j: int | None,
    tr_text: str | None,
    tr_index: int | None,
) -> UnitChange:
    kind = new.segments[j].kind if j is not None else old.segments[i].kind if i is not None else ""
    return UnitChange(
        status,
        kind,
        old.segments[i].text if i is not None else None,
        new.segments[j].text if j is not None else None,
        tr_text,
        i,
        j,
        tr_index,
    )
