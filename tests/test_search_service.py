"""The search preview over a workspace: incremental updates, views, explanations, gaps."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from kbstudio.domain.errors import ValidationError
from kbstudio.domain.workflow import Action

if TYPE_CHECKING:
    from pathlib import Path

    from kbstudio.services.workspace import Workspace


def _ids(ws: Workspace, query: str, locale: str = "en", view: str = "working") -> list[str]:
    return [h.article_id for h in ws.search.search(query, locale=locale, view=view).hits]


def test_index_is_built_on_first_use_and_is_only_a_cache(sample_ws: Workspace) -> None:
    assert _ids(sample_ws, "2fa lost phone")[0] == "lost-2fa-device"
    folder = sample_ws.config.data_dir / "search"
    assert (folder / "working" / "en").is_dir()
    shutil.rmtree(folder)
    assert _ids(sample_ws, "2fa lost phone")[0] == "lost-2fa-device"


def test_save_updates_the_working_view_incrementally(sample_ws: Workspace) -> None:
    ws = sample_ws
    index = ws.search.ensure("en", "working")
    segments_before = len(list(index.path.glob("*.seg")))
    assert "memo-tag" not in _ids(ws, "zebracorn")
    ws.edit("memo-tag", locale="en", body="Zebracorn tags explained.\n", actor="mia")
    assert _ids(ws, "zebracorn") == ["memo-tag"]
    # Published readers still see the live text, not the draft.
    assert _ids(ws, "zebracorn", view="published") == []
    # An update adds a segment; it does not rebuild the index.
    assert len(list(index.path.glob("*.seg"))) >= segments_before


def test_workflow_changes_reach_the_published_view(sample_ws: Workspace) -> None:
    ws = sample_ws
    ws.search.ensure("en", "published")
    ws.edit("memo-tag", locale="en", body="Zebracorn tags explained.\n", actor="mia")
    ws.act(Action.SUBMIT, "memo-tag", locale="en", actor="mia")
    ws.act(Action.APPROVE, "memo-tag", locale="en", actor="grace")
    assert _ids(ws, "zebracorn", view="published") == []
    ws.act(Action.PUBLISH, "memo-tag", locale="en", actor="sam")
    assert _ids(ws, "zebracorn", view="published") == ["memo-tag"]
    hit = ws.search.search("zebracorn", locale="en").hits[0]
    assert hit.status == "published"
    ws.act(Action.ARCHIVE, "memo-tag", locale="en", actor="sam")
    assert _ids(ws, "zebracorn", view="published") == []
    assert _ids(ws, "zebracorn") == []


def test_working_view_shows_unpublished_articles(sample_ws: Workspace) -> None:
    # websocket-streams is in review: writers find it, readers do not yet.
    assert "websocket-streams" in _ids(sample_ws, "websocket stream")
    assert "websocket-streams" not in _ids(sample_ws, "websocket stream", view="published")


def test_explanation_adds_up_to_the_score(sample_ws: Workspace) -> None:
    for locale, query in [("en", "withdrawal fee btc"), ("zh-Hans", "提币手续费"), ("ja", "出金")]:
        result = sample_ws.search.search(query, locale=locale, explain=True)
        assert result.hits
        for hit in result.hits:
            assert sum(c.score for c in hit.contributions) == pytest.approx(hit.score, abs=1e-6)
            assert sum(hit.fields.values()) == pytest.approx(hit.score, abs=1e-6)
            assert set(hit.matched_terms) == {c.term for c in hit.contributions}


def test_snippet_highlights_matches_and_escapes_html(sample_ws: Workspace) -> None:
    hit = sample_ws.search.search("memo tag", locale="en").hits[0]
    assert "<mark>" in hit.snippet
    assert "<script" not in hit.snippet


@pytest.mark.parametrize(
    "query",
    [
        '"unclosed',
        "AND OR NOT",
        "*",
        "title:2fa",
        "(((",
        "a:b:c",
        "\\",
        "'; DROP TABLE",
        "x" * 10_000,
        "提" * 10_000,
        "\u200b\u200b",
        "🚀🚀",
    ],
)
def test_odd_queries_never_fail(sample_ws: Workspace, query: str) -> None:
    result = sample_ws.search.search(query, locale="en")
    assert len(result.hits) <= 10


def test_empty_and_stop_word_queries_are_calm(sample_ws: Workspace) -> None:
    empty = sample_ws.search.search("   ", locale="en")
    assert (empty.hits, empty.terms) == ([], [])
    stop = sample_ws.search.search("how to the", locale="en")
    assert stop.hits == []
    assert stop.notes == ["only common words (stop words)"]


def test_a_long_query_is_cut_with_a_note(sample_ws: Workspace) -> None:
    words = " ".join(f"word{i}" for i in range(200))
    result = sample_ws.search.search(words + " withdrawal", locale="en")
    assert any("first 64 terms" in n or "2,000 characters" in n for n in result.notes)


def test_did_you_mean_for_zero_results(sample_ws: Workspace) -> None:
    result = sample_ws.search.search("withdrawl", locale="en")
    assert result.hits == []
    assert result.suggestion == "withdraw"


def test_one_character_cjk_query_matches(sample_ws: Workspace) -> None:
    assert _ids(sample_ws, "币", locale="zh-Hans")


def test_bad_view_locale_and_limit_are_refused(sample_ws: Workspace) -> None:
    with pytest.raises(ValidationError, match="view"):
        sample_ws.search.search("x", locale="en", view="draft")
    with pytest.raises(ValidationError, match="not enabled"):
        sample_ws.search.search("x", locale="de")
    with pytest.raises(ValidationError, match="limit"):
        sample_ws.search.search("x", locale="en", limit=0)


def test_changed_tuning_makes_the_index_stale(sample_ws: Workspace, tmp_path: Path) -> None:
    ws = sample_ws
    index = ws.search.ensure("en", "working")
    assert index.is_current()
    tuning = ws.config.root / "search_index"
    shutil.copytree(ws.search.tuning_dir, tuning)
    (tuning / "synonyms" / "en.txt").write_text("zebracorn, memo\n", encoding="utf-8")
    ws.search.tuning_dir = tuning
    ws.search.forget_tuning()
    assert not ws.search.index("en", "working").is_current()
    assert "memo-tag" in _ids(ws, "zebracorn")  # rebuilt with the new synonym


def test_glossary_variants_are_synonyms(sample_ws: Workspace) -> None:
    # "two-step verification" is a glossary variant of two-factor authentication.
    ids = _ids(sample_ws, "two-step verification")
    assert ids[0] in {"enable-2fa", "lost-2fa-device"}


def test_search_log_import_and_gaps(sample_ws: Workspace, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "query,locale,count\n"
        "withdrawal fee,en,120\n"
        "zebracorn qwertyx,en,80\n"
        "nft lending rewards,en,40\n"
        "提币,zh-Hans,50\n",
        encoding="utf-8",
    )
    assert sample_ws.import_search_log(log) == 4
    assert sample_ws.import_search_log(log) == 4  # re-import replaces, does not double
    gaps = {g.query: g for g in sample_ws.search_gaps()}
    assert gaps["zebracorn qwertyx"].reason == "no results"
    assert gaps["zebracorn qwertyx"].count == 80
    assert gaps["nft lending rewards"].reason.startswith("weak top result")
    assert gaps["nft lending rewards"].coverage < 0.5
    assert "withdrawal fee" not in gaps
    assert "提币" not in gaps
    assert list(gaps) == ["zebracorn qwertyx", "nft lending rewards"]  # by count
    assert [g.query for g in sample_ws.search_gaps(min_count=50)] == ["zebracorn qwertyx"]


def test_search_log_errors_name_the_line(sample_ws: Workspace, tmp_path: Path) -> None:
    log = tmp_path / "bad.csv"
    log.write_text("query,locale,count\nok,en,1\nbad,en,many\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"bad.csv:3 \[count\]"):
        sample_ws.import_search_log(log)
    log.write_text("q,locale\nx,en\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="missing column"):
        sample_ws.import_search_log(log)


@pytest.mark.parametrize(
    ("locale", "query"),
    [
        ("en", "withdrawal fee btc"),
        ("en", "2fa lost phone"),
        ("zh-Hans", "提币手续费"),
        ("ja", "出金できない"),
        ("ko", "출금 수수료"),
    ],
)
def test_scores_are_whoosh_bm25f_scores(sample_ws: Workspace, locale: str, query: str) -> None:
    """The vectorized top-N gives exactly the scores Whoosh's own search gives."""
    index = sample_ws.search.ensure(locale, "working")
    ours = {h.article_id: h.score for h in index.search(query, limit=20).hits}
    plan_query = index.build_query(index.plan(query))
    with index._open().searcher(weighting=index.weighting) as searcher:
        theirs = {
            searcher.stored_fields(h.docnum)["id"]: h.score
            for h in searcher.search(plan_query, limit=20)
        }
    assert ours
    assert set(ours) == set(theirs)
    for article_id, score in ours.items():
        assert score == pytest.approx(theirs[article_id], rel=1e-9)


def test_saves_keep_few_segments_and_maintenance_merges_them(sample_ws: Workspace) -> None:
    ws = sample_ws
    index = ws.search.ensure("en", "working")
    for n in range(12):
        ws.edit("memo-tag", locale="en", body=f"Revision {n} of the memo text.\n", actor="mia")
        assert _ids(ws, f"revision {n} memo")[0] == "memo-tag"
    assert index.segment_count() == 13  # one per save: merging waits for many of them
    assert index.maintain(max_segments=1)
    assert index.segment_count() == 1
    assert _ids(ws, "revision 11 memo")[0] == "memo-tag"
    assert not index.maintain(max_segments=1)


def test_saves_leave_the_merge_to_another_process(sample_ws: Workspace) -> None:
    from kbstudio.search.index import MERGE_TINY_AT

    ws = sample_ws
    index = ws.search.ensure("en", "working")
    for n in range(MERGE_TINY_AT + 1):
        ws.edit("memo-tag", locale="en", body=f"Draft {n}.\n", actor="mia")
        # Every save is searchable at once, merge running or not.
        assert _ids(ws, f"draft {n}")[0] == "memo-tag"
    assert index.wait_for_merge() == 0  # a merge process ran, and succeeded
    assert index.segment_count() <= 3
    assert _ids(ws, f"draft {MERGE_TINY_AT}")[0] == "memo-tag"


def test_catching_up_leaves_alone_what_the_index_holds(sample_ws: Workspace) -> None:
    ws = sample_ws
    published = ws.search.ensure("en", "published")
    ws.search.ensure("en", "working")
    before = published.segment_count()
    body = ws.show("lost-2fa-device", locale="en")[1] + "\nA draft line.\n"
    ws.edit("lost-2fa-device", locale="en", body=body, actor="mia")
    # The next search reads the change feed, which names the edited article; the
    # published view of it did not change, so nothing is written there.
    assert _ids(ws, "2fa lost phone", view="published")[0] == "lost-2fa-device"
    assert published.segment_count() == before


def test_ranking_does_not_depend_on_the_edit_history(sample_ws: Workspace) -> None:
    """idf and average lengths count live documents only: saving an article again (a
    delete and an add in Whoosh) leaves every score as a fresh rebuild gives it, and
    Whoosh's own search with the index's weighting still agrees."""
    ws = sample_ws
    queries = ["withdrawal fee btc", "2fa lost phone", "deposit not arrived"]

    def scores() -> list[dict[str, float]]:
        ix = ws.search.ensure("en", "working")
        return [{h.article_id: h.score for h in ix.search(q, limit=20).hits} for q in queries]

    for n in range(3):  # saves that change another article's text, each searched for
        ws.edit("memo-tag", locale="en", body=f"Revision {n} of the memo text.\n", actor="mia")
        assert _ids(ws, f"revision {n} memo")[0] == "memo-tag"
    edited = scores()
    searcher = ws.search.ensure("en", "working")._current()[0]
    assert searcher.doc_count_all() > searcher.doc_count()  # deleted versions are in it
    ws.search.rebuild(views=("working",), locales=["en"])
    rebuilt = scores()
    assert edited == rebuilt  # exactly: the same live documents give the same numbers
    assert all(edited)
    ws.edit("memo-tag", locale="en", body="Withdrawal fee memo.\n", actor="mia")
    index = ws.search.ensure("en", "working")
    plan_query = index.build_query(index.plan(queries[0]))
    ours = {h.article_id: h.score for h in index.search(queries[0], limit=20).hits}
    with index._open().searcher(weighting=index.weighting) as searcher:
        theirs = {
            searcher.stored_fields(h.docnum)["id"]: h.score
            for h in searcher.search(plan_query, limit=20)
        }
    assert set(ours) == set(theirs)
    for article_id, score in ours.items():
        assert score == pytest.approx(theirs[article_id], rel=1e-9)
