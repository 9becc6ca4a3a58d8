"""Translation memory: earlier approved translations of units, found again exactly or fuzzily.

Matching compares normalized source texts (whitespace collapsed, case kept, since case
can matter in a heading). Fuzzy scores are rapidfuzz's normalized Indel similarity in
percent, the measure CAT tools call a "fuzzy match %". TMX 1.4 goes in and out through
translate-toolkit.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from collections.abc import Iterable

FUZZY_THRESHOLD = 75.0
_SPACE = re.compile(r"\s+")
# rapidfuzz's extract holds the GIL for its whole scan: over a large memory (hundreds of
# thousands of units) that is 0.1-0.2 s per lookup, during which no other thread runs (the
# studio's window froze while units loaded in the background). Scanning in chunks lets
# other threads in between them; the best matches are the same.
SCAN_CHUNK = 8192


def normalize(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Unit:
    source: str
    target: str
    origin: str = ""  # "approved:<article>/<locale>", "tmx:<file>"


@dataclass(frozen=True)
class Match:
    source: str
    target: str
    score: float  # 100.0 is exact
    origin: str = ""


class TranslationMemory:
    """Units of one language pair; the newest unit wins for a repeated source."""

    def __init__(self, source_locale: str, target_locale: str) -> None:
        self.source_locale = source_locale
        self.target_locale = target_locale
        # (source, target, origin) as plain tuples of strings, not Unit objects: the garbage
        # collector stops tracking those, so its full passes skip a memory of 400,000 units
        # (as Unit objects they made each pass 0.2 s longer, holding the GIL).
        self._units: dict[str, tuple[str, str, str]] = {}
        self._chunks: list[list[str]] | None = None  # the sources, in SCAN_CHUNK slices

    def __len__(self) -> int:
        return len(self._units)

    def add(self, source: str, target: str, origin: str = "") -> None:
        key = normalize(source)
        if key and target.strip():
            self._units[key] = (source, target, origin)
            self._chunks = None

    def extend(self, units: Iterable[Unit]) -> None:
        for unit in units:
            self.add(unit.source, unit.target, unit.origin)

    def units(self) -> list[Unit]:
        return [Unit(*unit) for unit in self._units.values()]

    def exact(self, source: str) -> Match | None:
        unit = self._units.get(normalize(source))
        return Match(unit[0], unit[1], 100.0, unit[2]) if unit else None

    def lookup(
        self, source: str, *, threshold: float = FUZZY_THRESHOLD, limit: int = 3
    ) -> list[Match]:
        """The best matches at or above *threshold* percent, best first (exact = 100)."""
        found = self.exact(source)
        if (found is not None and limit == 1) or threshold >= 100:
            return [found] if found is not None else []
        if self._chunks is None:
            keys = list(self._units)
            self._chunks = [keys[i : i + SCAN_CHUNK] for i in range(0, len(keys), SCAN_CHUNK)]
        query = normalize(source)
        hits: list[tuple[str, float, int]] = []
        for number, chunk in enumerate(self._chunks):
            for key, score, index in process.extract(
                query, chunk, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit
            ):
                hits.append((key, score, number * SCAN_CHUNK + index))
        # As one scan would rank them: best score first, then the older unit.
        hits.sort(key=lambda hit: (-hit[1], hit[2]))
        out = [found] if found else []
        for key, score, _ in hits[:limit]:
            source, target, origin = self._units[key]
            if found is None or key != normalize(found.source):
                out.append(Match(source, target, round(float(score), 1), origin))
        return out[:limit]


def to_tmx(memory: TranslationMemory) -> bytes:
    """The memory as a TMX 1.4 document."""
    from translate.storage.tmx import tmxfile

    store = tmxfile(sourcelanguage=memory.source_locale, targetlanguage=memory.target_locale)
    for unit in memory.units():
        tu = store.addsourceunit(unit.source)
        tu.target = unit.target
        if unit.origin:
            tu.addnote(unit.origin)
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()


def from_tmx(data: bytes, *, source_locale: str, target_locale: str, origin: str) -> list[Unit]:
    """The units of a TMX document for one language pair; raises ValueError if unreadable."""
    from lxml import etree
    from translate.storage.tmx import tmxfile

    try:
        store = tmxfile.parsestring(data)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ValueError(f"not a TMX file: {exc}") from None
    units: list[Unit] = []
    for tu in store.units:
        langs = [
            ((node.get(_XML_LANG) or node.get("lang") or "").lower(), node)
            for node in tu.getlanguageNodes()
        ]
        src = _pick(langs, source_locale)
        dst = _pick(langs, target_locale)
        if src is None or dst is None or src is dst:
            continue
        source, target = tu.getNodeText(src), tu.getNodeText(dst)
        if source and target:
            units.append(Unit(source, target, origin))
    return units


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _pick(langs: list[tuple[str, Any]], locale: str) -> Any:
    """The variant in *locale*: exact tag first, else the same language (zh-CN for zh-Hans)."""
    wanted = locale.lower()
    for lang, node in langs:
        if lang == wanted:
            return node
    primary = wanted.split("-")[0]
    for lang, node in langs:
        if lang.split("-")[0] == primary:
            return node
    return None
