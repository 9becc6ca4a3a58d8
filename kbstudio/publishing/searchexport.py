"""The published search index: one locale's Whoosh index as small script files.

Files under ``search/<locale>/`` (scripts, not JSON, so that search works from file://,
where browsers refuse fetch()):

- ``meta.js``   analysis (stemmer, stop words, folds, synonym table), BM25F constants,
                average lengths, the first key of every term chunk, the document count;
- ``t<N>.js``   term chunks: consecutive keys ("<field> <term>") in sorted order, each
                ``[idf, [docnum gap, weight, length, ...]]`` (document numbers as gaps from
                the previous one: shorter); a reader loads only the chunks whose key range
                holds a query term;
- ``d<N>.js``   document chunks of DOC_CHUNK documents: ``[id, title, url]``, loaded only
                for the results shown.

Numbers are written with repr(), so the browser parses the very doubles Python used.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kbstudio.publishing.model import SearchDump

TERM_CHUNK_BYTES = 16_000
DOC_CHUNK = 100
FORMAT = 2


# "7.0" -> "7": weights and lengths are mostly whole numbers (JSON numbers are doubles
# either way, so the browser reads the same value).
_WHOLE = re.compile(r"(?<=\d)\.0(?=[,\]])")


def _js(call: str, locale: str, *args: Any) -> bytes:
    parts = [json.dumps(locale)] + [
        json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args
    ]
    return f"KBSearch.{call}({','.join(parts)});\n".encode()


def _term_entries(dump: SearchDump) -> list[tuple[str, str]]:
    """(key, serialized entry) in key order."""
    out = []
    lengths = {f: ls for f, (_, ls) in dump.lengths.items()}
    for (fieldname, term), (idf, postings) in dump.postings.items():
        flat: list[float | int] = []
        previous = 0
        for doc, weight in postings:
            flat += [doc - previous, weight, lengths[fieldname][doc]]
            previous = doc
        entry = json.dumps(idf) + "," + _WHOLE.sub("", json.dumps(flat, separators=(",", ":")))
        entry = f"[{entry}]"
        out.append((f"{fieldname} {term}", entry))
    out.sort()
    return out


def export(
    dump: SearchDump, docs: dict[str, tuple[str, str]], prefix: str = "search"
) -> dict[str, bytes]:
    """Files of the locale's search index; *docs* maps article id -> (title, site URL)."""
    loc = dump.locale
    files: dict[str, bytes] = {}
    chunks: list[list[tuple[str, str]]] = [[]]
    size = 0
    for key, entry in _term_entries(dump):
        if size > TERM_CHUNK_BYTES and chunks[-1]:
            chunks.append([])
            size = 0
        chunks[-1].append((key, entry))
        size += len(key) + len(entry)
    firsts = []
    for n, chunk in enumerate(c for c in chunks if c):
        firsts.append(chunk[0][0])
        body = ",".join(f"{json.dumps(k, ensure_ascii=False)}:{e}" for k, e in chunk)
        files[f"{prefix}/{loc}/t{n}.js"] = (
            f"KBSearch.terms({json.dumps(loc)},{n},{{{body}}});\n".encode()
        )
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
        "docs": len(dump.doc_ids),
        "docChunk": DOC_CHUNK,
        "chunks": firsts,
    }
    files[f"{prefix}/{loc}/meta.js"] = _js("meta", loc, meta)
    return files
