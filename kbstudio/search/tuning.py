"""Search tuning as data: BM25 parameters, field boosts and synonym groups per locale."""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kbstudio.domain.errors import ValidationError

if TYPE_CHECKING:
    from pathlib import Path

FIELDS = ("title", "keywords", "headings", "body", "chars")


@dataclass(frozen=True)
class Tuning:
    k1: float = 1.2
    b: float = 0.75
    boosts: dict[str, float] = field(default_factory=lambda: dict.fromkeys(FIELDS, 1.0))
    synonym_weight: float = 0.8
    weak_coverage: float = 0.5
    # group id -> member phrases, for this locale (glossary and synonym file merged).
    synonyms: dict[str, list[str]] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """Changes whenever something that shapes the index changes."""
        data = json.dumps(
            [self.k1, self.b, self.boosts, self.synonym_weight, self.synonyms],
            sort_keys=True,
            ensure_ascii=False,
        )
        return hashlib.sha256(data.encode()).hexdigest()[:16]


def _float_map(data: Any, where: str) -> dict[str, float]:
    if not isinstance(data, dict):
        raise ValidationError("bad-tuning", f"{where} must be a table", file="tuning.toml")
    out: dict[str, float] = {}
    for key, value in data.items():
        if key not in FIELDS or not isinstance(value, int | float) or value < 0:
            raise ValidationError(
                "bad-tuning",
                f"{where}.{key} must be a field of {FIELDS} with a number >= 0",
                file="tuning.toml",
                field=f"{where}.{key}",
            )
        out[key] = float(value)
    return out


def read_synonym_file(path: Path) -> list[list[str]]:
    """One group per line, phrases separated by commas; '#' starts a comment line."""
    if not path.exists():
        return []
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        phrases = [p.strip() for p in line.replace("，", ",").split(",") if p.strip()]
        if len(phrases) > 1:
            groups.append(phrases)
    return groups


def merge_groups(groups: list[tuple[str, list[str]]]) -> dict[str, list[str]]:
    """Join groups that share a phrase (case-insensitively), keeping the first id."""
    merged: list[tuple[str, list[str]]] = []
    for gid, phrases in groups:
        keys = {p.lower() for p in phrases}
        hits = [i for i, (_, ps) in enumerate(merged) if keys & {p.lower() for p in ps}]
        if not hits:
            merged.append((gid, list(dict.fromkeys(phrases))))
            continue
        first = hits[0]
        combined = merged[first][1] + phrases
        for i in reversed(hits[1:]):
            combined += merged[i][1]
            del merged[i]
        merged[first] = (merged[first][0], list(dict.fromkeys(combined)))
    return dict(merged)


def load_tuning(folder: Path, locale: str, glossary: list[tuple[str, list[str]]]) -> Tuning:
    """Read ``tuning.toml`` and ``synonyms/<locale>.txt`` from *folder*.

    *glossary* holds (term id, phrases) for this locale: a term with its variants.
    """
    path = folder / "tuning.toml"
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ValidationError("bad-tuning", str(exc), file=str(path)) from None
    local = data.get("locales", {}).get(locale, {})
    bm25 = {**data.get("bm25", {}), **local.get("bm25", {})}
    boosts = dict.fromkeys(FIELDS, 1.0)
    boosts.update(_float_map(data.get("boosts", {}), "boosts"))
    boosts.update(_float_map(local.get("boosts", {}), f"locales.{locale}.boosts"))
    file_groups = read_synonym_file(folder / "synonyms" / f"{locale}.txt")
    groups = [(gid, phrases) for gid, phrases in glossary if len(phrases) > 1]
    groups += [(f"s{i + 1}", phrases) for i, phrases in enumerate(file_groups)]
    return Tuning(
        k1=float(bm25.get("k1", 1.2)),
        b=float(bm25.get("b", 0.75)),
        boosts=boosts,
        synonym_weight=float(data.get("synonyms", {}).get("weight", 0.8)),
        weak_coverage=float(data.get("gaps", {}).get("weak_coverage", 0.5)),
        synonyms=merge_groups(groups),
    )
