"""The published search index: one locale's Whoosh index as small script files.

Files under ``search/<locale>/`` (scripts, not JSON, so that search works from file://,
where browsers refuse fetch()):

- ``meta.js``     analysis (stemmer, stop words, folds, synonym table), BM25F constants,
                  average lengths, the table of distinct weights, the table of distinct
                  lengths per field, the first key of every term chunk, the document count;
- ``l<field>.js`` the length of every document in *field*, as codes into meta's length
                  table (one packed string): loaded once, when a query scores that field;
- ``t<hex>.js``   term chunks: consecutive keys ("<field> <term>") in sorted order, each
                  ``[idf, "packed postings"]``, named by the UTF-8 bytes (in hex, at most
                  NAME_BYTES) of their first key; a reader loads only the chunks whose key
                  range holds a query term. Where chunks start depends on each key and
                  the size of its and the previous entry only (_layout), so an edit that
                  changes a few terms rewrites their chunks and no others (see export);
- ``d<N>.js``     document chunks of DOC_CHUNK documents: ``[id, title, slug]`` (the page
                  is meta's ``docUrl`` prefix + slug + suffix), loaded only for the results
                  shown.

Packed postings: per posting the number ``(gap - 1) * SLOTS + min(w, SLOTS - 1)`` (gap
from the previous document number, starting at -1; ``w`` the index of its weight in meta's
weight table, most frequent first), followed by ``w - (SLOTS - 1)`` as a second number
when ``w >= SLOTS - 1`` (rare weights); all written as little-endian varints in printable
ASCII: ``CONT`` characters carry ``len(CONT)`` values and continue, ``TERM`` characters
carry ``len(TERM)`` values and end the number. A posting of a common weight within 16
documents of the previous one is one character, which keeps what a reader downloads for
a long CJK query small even where gzip is not on (file://, plain static hosts). A term
found in many documents is written as a bitmap instead when that is shorter (``[idf,
"bitmap", "weights"]``, see _dense): about 0.4 characters per document. Weights
and lengths sit in tables written with repr(), so the browser computes with the very
doubles Python used.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Callable

    from kbstudio.publishing.model import SearchDump

TERM_CHUNK_BYTES = 2_000  # the size a term chunk averages (see _layout)
NAME_BYTES = 60  # a chunk never starts at a longer key: its name is that key's bytes
DOC_CHUNK = 10
FORMAT = 8
DENSE = 4  # a term in more than 1 of DENSE documents may take the bitmap form (_dense)
SLOTS = 4  # weight codes inside the gap number; the rest escape to a second number

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


_TERM_CODES = np.frombuffer(TERM.encode("ascii"), dtype=np.uint8)
_CONT_CODES = np.frombuffer(CONT.encode("ascii"), dtype=np.uint8)


def pack_many(numbers: np.ndarray) -> tuple[str, np.ndarray]:
    """pack() of all *numbers* at once, and where each number's text starts (one more
    entry: the end). Vectorized: an export packs millions of postings."""
    t, c = len(TERM), len(CONT)
    numbers = numbers.astype(np.int64)
    extra = np.zeros(len(numbers), dtype=np.int64)  # continuation characters per number
    rest = numbers.copy()
    big = rest >= t
    while big.any():
        extra[big] += 1
        rest[big] //= c
        big = rest >= t
    starts = np.zeros(len(numbers) + 1, dtype=np.int64)
    np.cumsum(extra + 1, out=starts[1:])
    out = np.zeros(int(starts[-1]), dtype=np.uint8)
    rest = numbers.copy()
    for j in range(int(extra.max()) + 1 if len(numbers) else 0):
        cont = extra > j
        out[starts[:-1][cont] + j] = _CONT_CODES[rest[cont] % c]
        rest[cont] //= c
        end = extra == j
        out[starts[:-1][end] + j] = _TERM_CODES[rest[end]]
    return out.tobytes().decode("ascii"), starts


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


def _table(values: np.ndarray) -> tuple[list[float], np.ndarray]:
    """Distinct values, most frequent first (small codes for common values), then by value;
    and the code of each of *values*."""
    distinct, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    order = np.lexsort((distinct, -counts))
    code_of = np.empty(len(distinct), dtype=np.int64)
    code_of[order] = np.arange(len(distinct), dtype=np.int64)
    return [float(v) for v in distinct[order]], code_of[inverse.reshape(-1)]


def _js(call: str, locale: str, *args: Any) -> bytes:
    parts = [json.dumps(locale)] + [
        json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args
    ]
    return f"KBSearch.{call}({','.join(parts)});\n".encode()


@dataclass
class _Terms:
    """Every term of a dump in key order, with its weight codes (into the weight table)."""

    keys: list[str]
    parts: list[tuple[float, np.ndarray, np.ndarray]]  # (idf, docs, weights)
    weights: list[float]
    codes: np.ndarray  # per posting, all terms one after another
    firsts: np.ndarray  # where each term's postings start in codes; one more: the end


def _terms(dump: SearchDump) -> _Terms:
    order = sorted(dump.postings, key=lambda k: f"{k[0]} {k[1]}")
    parts = [dump.postings[k] for k in order]
    sizes = np.array([len(docs) for _, docs, _ in parts], dtype=np.int64)
    firsts = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum(sizes, out=firsts[1:])
    if parts:
        weights, codes = _table(np.concatenate([w for _, _, w in parts]))
    else:
        weights, codes = [], np.zeros(0, dtype=np.int64)
    return _Terms([f"{f} {t}" for f, t in order], parts, weights, codes, firsts)


def _signatures(terms: _Terms) -> list[str]:
    """A short hash of what each term's entry is made of (idf, documents, weight codes):
    the same signature, the same entry bytes."""
    out = []
    codes = terms.codes.astype(np.int32)
    for i, (idf, docs, _) in enumerate(terms.parts):
        h = hashlib.blake2b(repr(idf).encode(), digest_size=8)
        h.update(docs.astype(np.int32).tobytes())
        h.update(codes[terms.firsts[i] : terms.firsts[i + 1]].tobytes())
        out.append(h.hexdigest())
    return out


BATCH_POSTINGS = 250_000  # postings packed at once: bounds the export's numpy arrays


def _entries_in_batches(terms: _Terms, which: list[int]) -> dict[str, str]:
    """_entries() of *which*, a batch of about BATCH_POSTINGS postings at a time: all of a
    10,000-article ja index at once took a publish 290 MB past its usual memory."""
    out: dict[str, str] = {}
    batch: list[int] = []
    count = 0
    for i in which:
        size = int(terms.firsts[i + 1] - terms.firsts[i])
        if batch and count + size > BATCH_POSTINGS:
            out.update(_entries(terms, batch))
            batch, count = [], 0
        batch.append(i)
        count += size
    out.update(_entries(terms, batch))
    return out


def _entries(terms: _Terms, which: list[int]) -> dict[str, str]:
    """The serialized entries of the terms numbered *which* (packed all at once)."""
    if not which:
        return {}
    parts = [terms.parts[i] for i in which]
    codes = np.concatenate([terms.codes[terms.firsts[i] : terms.firsts[i + 1]] for i in which])
    docs = np.concatenate([d for _, d, _ in parts])
    sizes = np.array([len(d) for _, d, _ in parts], dtype=np.int64)
    firsts = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum(sizes, out=firsts[1:])
    previous = np.empty_like(docs)
    previous[1:] = docs[:-1]
    previous[firsts[:-1]] = -1  # each term's first gap counts from -1
    # Each posting's number, and its rare weight's second number: where each one goes.
    rare = codes >= SLOTS - 1
    at = np.cumsum(1 + rare) - (1 + rare)
    numbers = np.zeros(len(docs) + int(rare.sum()), dtype=np.int64)
    numbers[at] = (docs - previous - 1) * SLOTS + np.minimum(codes, SLOTS - 1)
    numbers[at[rare] + 1] = codes[rare] - (SLOTS - 1)
    text, starts = pack_many(numbers)
    bounds = starts[np.append(at, len(numbers))[firsts]].tolist()
    out = {}
    for n, (i, (idf, term_docs, _)) in enumerate(zip(which, parts, strict=True)):
        packed = f'"{text[bounds[n] : bounds[n + 1]]}"'
        if len(term_docs) * DENSE > int(term_docs[-1]) + 1:  # dense: try the bitmap form
            dense = _dense(term_docs, codes[firsts[n] : firsts[n + 1]])
            if len(dense) < len(packed):
                packed = dense
        out[terms.keys[i]] = f"[{json.dumps(idf)},{packed}]"
    return out


def _chars(values: np.ndarray) -> str:
    """TERM characters for *values* (each below len(TERM)), made as bytes: joining numpy
    strings one by one took most of the export's time for dense terms."""
    return str(_TERM_CODES[values].tobytes().decode("ascii"))


_BITS = np.array([1, 2, 4, 8, 16, 32], dtype=np.int64)
LOCAL = 7  # weights a dense term names by a 3-bit digit; digit 7 escapes to the rare list


def _dense(docs: np.ndarray, codes: np.ndarray) -> str:
    """A dense posting list as ``"bitmap","weights"``: the bitmap has one TERM character
    per six document numbers (bit j of character k: document 6k+j is there). The weights
    string is the term's own table (packed: its size, then up to LOCAL weight codes, most
    frequent in this term first), one TERM character per two postings (3-bit digits into
    that table, least significant first; LOCAL means "not in it"), then the packed weight
    code of each posting whose digit is LOCAL. Common CJK bigrams have term frequencies
    spread over many values: a table per term keeps most of them in the digits."""
    present = np.zeros(-(-(int(docs[-1]) + 1) // 6) * 6, dtype=np.int64)
    present[docs] = 1
    bitmap = _chars(present.reshape(-1, 6) @ _BITS)
    values, counts = np.unique(codes, return_counts=True)
    local = values[np.lexsort((values, -counts))][:LOCAL]
    digits = np.full(-(-len(codes) // 2) * 2, 0, dtype=np.int64)
    digits[: len(codes)] = LOCAL
    for i, code in enumerate(local.tolist()):
        digits[: len(codes)][codes == code] = i
    pairs = _chars(digits[0::2] + 8 * digits[1::2])
    rare = pack(codes[digits[: len(codes)] == LOCAL].tolist())
    return f'"{bitmap}","{pack([len(local), *local.tolist()])}{pairs}{rare}"'


def chunk_file(first_key: str) -> str:
    """A term chunk's file name: ``t`` and the hex of its first key's UTF-8 bytes."""
    return f"t{first_key.encode('utf-8')[:NAME_BYTES].hex()}.js"


def _layout(keys: list[str], sizes: list[int]) -> list[list[str]]:
    """The term chunks: a new one starts at a key when the previous entry was big enough
    for a cut there to be drawn (probability its size / TERM_CHUNK_BYTES, drawn from the
    key's CRC-32) or the key's own entry is a chunk's worth. Each decision looks at one key
    and two entry sizes, so a changed entry moves at most the cuts beside it."""
    chunks: list[list[str]] = []
    previous = TERM_CHUNK_BYTES
    for key, size in zip(keys, sizes, strict=True):
        raw = key.encode("utf-8")
        draw = zlib.crc32(raw) / 2**32 * TERM_CHUNK_BYTES
        if not chunks or (len(raw) <= NAME_BYTES and (draw < previous or size >= TERM_CHUNK_BYTES)):
            chunks.append([])
        chunks[-1].append(key)
        previous = size + len(raw) + 4
    return chunks


def _chunk_text(loc: str, keys: list[str], entries: dict[str, str]) -> bytes:
    body = ",".join(f"{json.dumps(k, ensure_ascii=False)}:{entries[k]}" for k in keys)
    first = json.dumps(keys[0], ensure_ascii=False)
    return f"KBSearch.terms({json.dumps(loc)},{first},{{{body}}});\n".encode()


def _read_chunk(data: bytes) -> dict[str, str]:
    """The entries of a chunk file, serialized as _entries() serializes them."""
    text = data.decode("utf-8")
    found = json.loads(text[text.index("{") : text.rindex("}") + 1])
    return {
        key: "[" + ",".join([json.dumps(v[0]), *(f'"{part}"' for part in v[1:])]) + "]"
        for key, v in found.items()
    }


class Reuse:
    """The previous export, for an export that rewrites only what changed.

    *terms* is the previous export's {key: [signature, size]} (the state it returned) and
    *read* gives one of its files' bytes (None when it is gone)."""

    def __init__(self, terms: dict[str, list[Any]], read: Callable[[str], bytes | None]) -> None:
        self.terms, self.read = terms, read


class GoneError(Exception):
    """A file the previous export left is missing: export everything again."""


def _term_files(
    prefix: str, loc: str, terms: _Terms, reuse: Reuse | None
) -> tuple[dict[str, bytes | None], list[str], dict[str, list[Any]]]:
    """The term chunk files (None: keep the previous export's file), their first keys, and
    the state for the next export. Raises GoneError when a kept file cannot be read."""
    sigs = _signatures(terms)
    old = reuse.terms if reuse is not None else {}
    changed = [i for i, k in enumerate(terms.keys) if old.get(k, [None])[0] != sigs[i]]
    entries = _entries_in_batches(terms, changed)
    sizes = [
        len(entries[k]) if k in entries else int(old[k][1]) for k in terms.keys
    ]  # fmt: skip
    chunks = _layout(terms.keys, sizes)
    before: dict[str, list[str]] = {}  # the previous export's chunks, by first key
    if reuse is not None:
        old_keys = sorted(old)
        for chunk in _layout(old_keys, [int(old[k][1]) for k in old_keys]):
            before[chunk[0]] = chunk
    old_firsts = list(before)  # in key order: the layout walks the keys sorted
    new_keys = set(entries)
    files: dict[str, bytes | None] = {}
    cache: dict[str, str] = {}
    for chunk in chunks:
        rel = f"{prefix}/{loc}/{chunk_file(chunk[0])}"
        if before.get(chunk[0]) == chunk and not new_keys.intersection(chunk):
            files[rel] = None  # the very same entries: keep the file
            continue
        for key in chunk:
            if key not in entries and key not in cache:
                _load_old(reuse, old_firsts, key, prefix, loc, cache)
        files[rel] = _chunk_text(loc, chunk, {**cache, **entries})
    state = {k: [sigs[i], sizes[i]] for i, k in enumerate(terms.keys)}
    return files, [c[0] for c in chunks], state


def _load_old(
    reuse: Reuse | None,
    firsts: list[str],
    key: str,
    prefix: str,
    loc: str,
    cache: dict[str, str],
) -> None:
    """Put the entries of the previous chunk that held *key* into *cache* (*firsts*: the
    previous chunks' first keys, sorted)."""
    at = bisect.bisect_right(firsts, key) - 1
    if reuse is None or at < 0:
        raise GoneError(key)
    data = reuse.read(f"{prefix}/{loc}/{chunk_file(firsts[at])}")
    if data is None:
        raise GoneError(key)
    cache.update(_read_chunk(data))
    if key not in cache:
        raise GoneError(key)


def export(
    dump: SearchDump,
    docs: dict[str, tuple[str, str]],
    prefix: str = "search",
    reuse: Reuse | None = None,
) -> tuple[dict[str, bytes | None], dict[str, list[Any]]]:
    """Files of the locale's search index (None: keep the previous export's file, with
    *reuse*), and the state a later export reuses; *docs* maps article id -> (title, slug).

    With *reuse*, the term chunks whose entries did not change are kept and the others
    rewritten, reading the unchanged entries they share from the previous export's files;
    the result is the same as exporting everything. Raises GoneError when one of those
    files is missing (then export again without *reuse*).
    """
    loc = dump.locale
    terms = _terms(dump)
    weights = terms.weights
    files, firsts, state = _term_files(prefix, loc, terms, reuse)
    length_tables = {}
    for fieldname, (_, lengths) in sorted(dump.lengths.items()):
        table, codes = _table(np.asarray(lengths, dtype=np.float64))
        length_tables[fieldname] = table
        packed = pack_many(codes)[0]
        files[f"{prefix}/{loc}/l{fieldname}.js"] = _js("lengths", loc, fieldname, packed)
    # Each row encoded once with one encoder: the same text as _js() gives for the chunk.
    enc = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    rows = [enc([aid, *docs.get(aid, (aid, ""))]) for aid in dump.doc_ids]
    name = json.dumps(loc)
    for n in range(0, max(len(rows), 1), DOC_CHUNK):
        body = ",".join(rows[n : n + DOC_CHUNK])
        files[f"{prefix}/{loc}/d{n // DOC_CHUNK}.js"] = (
            f"KBSearch.docs({name},{n // DOC_CHUNK},[{body}]);\n".encode()
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
        "slots": SLOTS,
        "lengths": length_tables,
        "alphabet": [TERM, CONT],
        "docs": len(dump.doc_ids),
        "docChunk": DOC_CHUNK,
        "docUrl": [f"{loc}/articles/", ".html"],  # site.article_path's layout
        "chunks": firsts,
    }
    files[f"{prefix}/{loc}/meta.js"] = _js("meta", loc, meta)
    return files, state
