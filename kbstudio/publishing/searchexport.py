"""The published search index: one locale's Whoosh index as small script files.

Files under ``search/<locale>/`` (scripts, not JSON, so that search works from file://,
where browsers refuse fetch()):

- ``meta.js``     analysis (stemmer, stop words, folds, synonym table), BM25F constants,
                  average lengths, the table of distinct weights, the table of distinct
                  lengths per field, the first key of every term chunk, the document count;
- ``l<field>.js`` the length of every document in *field*, as codes into meta's length
                  table (one packed string): loaded once, when a query scores that field;
- ``t<N>.js``     term chunks: consecutive keys ("<field> <term>") in sorted order, each
                  ``[idf, "packed postings"]``; a reader loads only the chunks whose key
                  range holds a query term;
- ``d<N>.js``     document chunks of DOC_CHUNK documents: ``[id, title, slug]`` (the page
                  is meta's ``docUrl`` prefix + slug + suffix), loaded only for the results
                  shown.

Packed postings: per posting one number ``(gap - 1) * W + w`` (gap from the previous
document number, starting at -1; ``w`` the index of its weight in meta's table of W
weights, most frequent first), written as a little-endian varint in printable ASCII:
``CONT`` characters carry ``len(CONT)`` values and continue, ``TERM`` characters carry
``len(TERM)`` values and end the number. A dense posting list costs about one byte per
document, which keeps what a reader downloads for a long CJK query small even where gzip
is not on (file://, plain static hosts). Weights and lengths sit in tables written with
repr(), so the browser computes with the very doubles Python used.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kbstudio.publishing.model import SearchDump

TERM_CHUNK_BYTES = 4_000
DOC_CHUNK = 10
FORMAT = 3

# 91 printable ASCII characters: no space, '"' or '\\', so packed strings need no escapes.
_ALPHABET = "".join(chr(c) for c in range(0x23, 0x7F) if chr(c) != "\\")
TERM = _ALPHABET[:64]
CONT = _ALPHABET[64:]


def pack(numbers: list[int]) -> str:
    """Non-negative integers as varints (see the module docstring)."""
    out: list[str] = []
    t, c = len(TERM), len(CONT)
    for n in numbers:
        while n >= t:
            out.append(CONT[n % c])
            n //= c
        out.append(TERM[n])
    return "".join(out)


def unpack(text: str) -> list[int]:
    """The inverse of pack() (what search.js does; used by tests and the benchmark)."""
    term = {ch: i for i, ch in enumerate(TERM)}
    cont = {ch: i for i, ch in enumerate(CONT)}
    out: list[int] = []
    value, mult = 0, 1
    for ch in text:
        if ch in cont:
            value += cont[ch] * mult
            mult *= len(CONT)
        else:
            out.append(value + term[ch] * mult)
            value, mult = 0, 1
    return out


def _table(values: list[float]) -> tuple[list[float], dict[float, int]]:
    """Distinct values, most frequent first (small codes for common values), then by value."""
    counts = Counter(values)
    table = sorted(counts, key=lambda v: (-counts[v], v))
    return table, {v: i for i, v in enumerate(table)}


def _js(call: str, locale: str, *args: Any) -> bytes:
    parts = [json.dumps(locale)] + [
        json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args
    ]
    return f"KBSearch.{call}({','.join(parts)});\n".encode()


def _term_entries(dump: SearchDump, codes: dict[float, int]) -> list[tuple[str, str]]:
    """(key, serialized entry) in key order."""
    width = len(codes)
    out = []
    for (fieldname, term), (idf, postings) in dump.postings.items():
        numbers = []
        previous = -1
        for doc, weight in postings:
            numbers.append((doc - previous - 1) * width + codes[weight])
            previous = doc
        out.append((f"{fieldname} {term}", f'[{json.dumps(idf)},"{pack(numbers)}"]'))
    out.sort()
    return out


def _term_files(
    prefix: str, loc: str, entries: list[tuple[str, str]]
) -> tuple[dict[str, bytes], list[str]]:
    chunks: list[list[tuple[str, str]]] = [[]]
    size = 0
    for key, entry in entries:
        if size + len(key) + len(entry) > TERM_CHUNK_BYTES and chunks[-1]:
            chunks.append([])
            size = 0
        chunks[-1].append((key, entry))
        size += len(key) + len(entry) + 4
    files, firsts = {}, []
    for n, chunk in enumerate(c for c in chunks if c):
        firsts.append(chunk[0][0])
        body = ",".join(f"{json.dumps(k, ensure_ascii=False)}:{e}" for k, e in chunk)
        files[f"{prefix}/{loc}/t{n}.js"] = (
            f"KBSearch.terms({json.dumps(loc)},{n},{{{body}}});\n".encode()
        )
    return files, firsts


def export(
    dump: SearchDump, docs: dict[str, tuple[str, str]], prefix: str = "search"
) -> dict[str, bytes]:
    """Files of the locale's search index; *docs* maps article id -> (title, slug)."""
    loc = dump.locale
    weights, codes = _table([w for _, ps in dump.postings.values() for _, w in ps])
    files, firsts = _term_files(prefix, loc, _term_entries(dump, codes))
    length_tables = {}
    for fieldname, (_, lengths) in sorted(dump.lengths.items()):
        table, index = _table(list(lengths))
        length_tables[fieldname] = table
        packed = pack([index[x] for x in lengths])
        files[f"{prefix}/{loc}/l{fieldname}.js"] = _js("lengths", loc, fieldname, packed)
    rows = [[aid, *docs.get(aid, (aid, ""))] for aid in dump.doc_ids]
    for n in range(0, max(len(rows), 1), DOC_CHUNK):
        files[f"{prefix}/{loc}/d{n // DOC_CHUNK}.js"] = _js(
            "docs", loc, n // DOC_CHUNK, rows[n : n + DOC_CHUNK]
        )
    meta = {
        "format": FORMAT,
        "k1": dump.k1,
        "b": dump.b,
        "synonymWeight": dump.synonym_weight,
        "charsBoost": dump.chars_boost,
        "stemmer": dump.stemmer,
        "stopwords": list(dump.stopwords),
        "fold": dump.fold,
        "extraFolds": dump.extra_folds,
        "synonyms": [[list(k), g] for k, g in sorted(dump.synonyms.items())],
        "avg": {f: avg for f, (avg, _) in sorted(dump.lengths.items())},
        "weights": weights,
        "lengths": length_tables,
        "alphabet": [TERM, CONT],
        "docs": len(dump.doc_ids),
        "docChunk": DOC_CHUNK,
        "docUrl": [f"{loc}/articles/", ".html"],  # site.article_path's layout
        "chunks": firsts,
    }
    files[f"{prefix}/{loc}/meta.js"] = _js("meta", loc, meta)
    return files
