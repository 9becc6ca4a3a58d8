"""The site's JavaScript search against the Python it must mirror, in Node (no browser).

- every Snowball stemmer gives the Python package's stem for every word of the sample
  content and the suites;
- the JS query analysis gives LocaleIndex.plan()'s weighted terms;
- the JS ranking over the exported index gives `kbstudio search --published-only`'s top 5
  for every suite query.
"""

from __future__ import annotations

import importlib.util
import itertools
import tomllib
from typing import TYPE_CHECKING

import numpy as np
import pytest
import regex
import snowballstemmer

from kbstudio.publishing import searchexport
from kbstudio.search.analysis import _SPLIT, SNOWBALL, normalize
from kbstudio.search.dump import dump_index
from tests.conftest import CONTENT, ROOT
from tests.publish.conftest import STATIC, run_node

if TYPE_CHECKING:
    from pathlib import Path

    from kbstudio.services.workspace import Workspace

SUITES = sorted((ROOT / "search_index" / "suites").glob("*.toml"))
STEM_DIR = STATIC / "stem"


def _suite_queries() -> list[tuple[str, str]]:
    out = []
    for path in SUITES:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        out += [(path.stem, q["q"]) for q in data["query"]]
    return out


def _vocabulary() -> list[str]:
    """Every distinct non-CJK word of the sample content and the suites, as analysis sees it."""
    texts = [p.read_text(encoding="utf-8") for p in CONTENT.rglob("*.md")]
    texts += [(CONTENT / "glossary.yaml").read_text(encoding="utf-8")]
    texts += [q for _, q in _suite_queries()]
    words: set[str] = set()
    for text in texts:
        for number, _cjk, word in _SPLIT.findall(normalize(text)):
            if number or word:
                words.add(number or word)
    return sorted(words)


def test_generated_stemmers_are_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("s2js", ROOT / "scripts" / "snowball_to_js.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for language in module.ALGORITHMS:
        committed = (STEM_DIR / f"{language}.js").read_text(encoding="utf-8")
        assert committed == module.translate(language), (
            f"run scripts/snowball_to_js.py ({language})"
        )
    assert set(SNOWBALL.values()) <= set(module.ALGORITHMS)


@pytest.mark.parametrize("algorithm", sorted(set(SNOWBALL.values())))
def test_js_stemmer_matches_python(algorithm: str) -> None:
    words = _vocabulary()
    assert len(words) > 3000
    stem = snowballstemmer.stemmer(algorithm).stemWord
    expected = [stem(w) for w in words]
    got = run_node(
        [STEM_DIR / f"{algorithm}.js"],
        "function (input, root) { return input.words.map(root.KBStem[input.lang]); }",
        {"words": words, "lang": algorithm},
    )
    wrong = [(w, e, g) for w, e, g in zip(words, expected, got, strict=True) if e != g]
    assert wrong == []


def _meta_files(site: Path, locale: str) -> list[Path]:
    folder = site / "search" / locale
    chunks = sorted(folder.glob("t*.js"))
    return [folder / "meta.js", *chunks, *sorted(folder.glob("l*.js"))]


def _files(site: Path, locale: str) -> list[Path]:
    meta = (site / "search" / locale / "meta.js").read_text(encoding="utf-8")
    stem = regex.search(r'"stemmer":"([a-z]+)"', meta)
    stems = [STEM_DIR / f"{stem.group(1)}.js"] if stem else []
    return [STATIC / "search.js", *stems, *_meta_files(site, locale)]


PLAN_JS = """function (input, root) {
  var loc = root.KBSearch.store[input.locale];
  var meta = loc.meta;
  var a = new root.KBSearch.Analyzer(meta, meta.stemmer ? root.KBStem[meta.stemmer] : null);
  return input.texts.map(function (t) { return a.plan(t); });
}"""

RANK_JS = """function (input, root) {
  var loc = root.KBSearch.store[input.locale];
  var meta = loc.meta;
  var a = new root.KBSearch.Analyzer(meta, meta.stemmer ? root.KBStem[meta.stemmer] : null);
  return input.texts.map(function (t) {
    return root.KBSearch.rank(loc, a.plan(t)).slice(0, 5).map(function (r) {
      return r[0];
    });
  });
}"""


def _python_plan(ws: Workspace, locale: str, text: str) -> list[list[object]]:
    index = ws.search.ensure(locale, "published")
    plan = index.plan(text)
    leaves: list[list[object]] = [["all", t, w] for t, w in plan.weights.items()]
    leaves += [["chars", t, index.tuning.boosts["chars"]] for t in plan.singles]
    return leaves


@pytest.mark.parametrize("locale", ["en", "zh-Hans", "ja", "ko", "es", "ru", "ar"])
def test_js_query_analysis_matches_python(pub_ws: Workspace, pub_site: Path, locale: str) -> None:
    texts = [q for loc, q in _suite_queries() if loc == locale]
    titles = [i.title for i in pub_ws.translations(locale=locale)]
    texts += [*titles, "", "   ", "the and of", "０．０００５ BTC", "ＡＢＣ ｶﾀｶﾅ", "提", "ёлка Ёж"]
    texts += ["x" * 70 + " real words", "Two-Step Verification 2FA"]
    got = run_node(_files(pub_site, locale), PLAN_JS, {"locale": locale, "texts": texts})
    for text, leaves in zip(texts, got, strict=True):
        assert leaves == _python_plan(pub_ws, locale, text), text


@pytest.mark.parametrize("locale", [p.stem for p in SUITES])
def test_js_ranking_matches_published_search(
    pub_ws: Workspace, pub_site: Path, locale: str
) -> None:
    queries = [q for loc, q in _suite_queries() if loc == locale]
    assert queries
    got = run_node(_files(pub_site, locale), RANK_JS, {"locale": locale, "texts": queries})
    index = pub_ws.search.ensure(locale, "published")
    order = dump_index(index).doc_ids
    found = 0
    for q, numbers in zip(queries, got, strict=True):
        hits = pub_ws.search.search(q, locale=locale, view="published", limit=5).hits
        assert [order[n] for n in numbers] == [h.article_id for h in hits], q
        found += bool(hits)
    assert found >= len(queries) * 0.9


UNPACK_JS = """function (input, root) {
  var meta = {alphabet: input.alphabet};
  return root.KBSearch.unpack(meta, input.text);
}"""


def test_packed_numbers_round_trip_in_python_and_js() -> None:
    numbers = [0, 1, 63, 64, 65, 26 * 64, 10**6, 2**31 - 1, 7, 0, 12345678901]
    packed = searchexport.pack(numbers)
    assert searchexport.unpack(packed) == numbers
    many, starts = searchexport.pack_many(np.array(numbers))
    assert many == packed
    assert [searchexport.unpack(many[a:b]) for a, b in itertools.pairwise(starts)] == [
        [n] for n in numbers
    ]
    assert '"' not in packed
    assert "\\" not in packed
    assert " " not in packed
    alphabet = [searchexport.TERM, searchexport.CONT]
    got = run_node([STATIC / "search.js"], UNPACK_JS, {"alphabet": alphabet, "text": packed})
    assert got == numbers


POSTINGS_JS = """function (input, root) {
  var KB = root.KBSearch, out = {};
  KB.meta(input.locale, input.meta);
  input.chunks.forEach(function (text) { (0, eval)(text); }, root);
  var state = KB.store[input.locale];
  Object.keys(state.terms).forEach(function (n) {
    Object.keys(state.terms[n]).forEach(function (key) {
      var p = KB.postingsOf(state.meta, state.terms[n][key]);
      out[key] = [state.terms[n][key].length, p[0], p[1].map(function (c) {
        return state.meta.weights[c];
      })];
    });
  });
  return out;
}"""


def test_sparse_and_dense_postings_decode_to_what_was_exported() -> None:
    """Both posting forms, with common and rare weights (codes past 63 too), read back
    exactly in JS."""
    from kbstudio.publishing.model import SearchDump

    rng = np.random.default_rng(7)
    n = 500
    postings = {}
    for i, density in enumerate([0.002, 0.05, 0.3, 0.6, 0.95, 1.0]):
        docs = np.flatnonzero(rng.random(n) < density).astype(np.int64)
        if not len(docs):
            docs = np.array([n - 1], dtype=np.int64)
        # More distinct weights than a dense term's own table holds (7): some escape.
        weights = rng.choice([1.0, 2.0, 3.0, 0.5, 7.25, 11.0, 40.0, *range(4, 70)], size=len(docs))
        postings[("all", f"t{i}")] = (1.5 + i, docs, weights.astype(np.float64))
    dump = SearchDump(
        locale="xx", k1=1.2, b=0.75, synonym_weight=0.5, chars_boost=1.0, stemmer=None,
        stopwords=(), fold=False, extra_folds={}, synonyms={},
        doc_ids=tuple(f"a{i:04d}" for i in range(n)),
        lengths={"all": (3.0, tuple(float(i % 9 + 1) for i in range(n)))},
        postings=postings,
    )  # fmt: skip
    files, _state = searchexport.export(dump, {})
    chunks = [v.decode() for k, v in sorted(files.items()) if "/t" in k and v is not None]
    meta_js = files["search/xx/meta.js"]
    assert meta_js is not None
    meta = _script_meta(meta_js.decode())
    got = run_node(
        [STATIC / "search.js"], POSTINGS_JS, {"locale": "xx", "meta": meta, "chunks": chunks}
    )
    forms = set()
    for (field, term), (_, docs, weights) in postings.items():
        form, got_docs, got_weights = got[f"{field} {term}"]
        forms.add(form)
        assert got_docs == docs.tolist()
        assert got_weights == weights.tolist()
    assert forms == {2, 3}  # both the packed gaps and the bitmap form were used


def _script_meta(text: str) -> object:
    import json

    return json.loads("[" + text[text.index("(") + 1 : text.rindex(")")] + "]")[1]
