"""Ranks before and after an unsaved edit, computed without saving or indexing it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kbstudio.services.search_whatif import RankChange, ranks_if_saved

if TYPE_CHECKING:
    from kbstudio.services.workspace import Workspace

ARTICLE = "withdrawal-fees"


def _source(ws: Workspace, article: str = ARTICLE) -> tuple[str, str]:
    info, body = ws.show(article, locale="en")
    return info.title, body


def test_unchanged_text_ranks_as_now(sample_ws: Workspace) -> None:
    title, body = _source(sample_ws)
    changes = ranks_if_saved(sample_ws.search, ARTICLE, locale="en", title=title, body=body)
    assert changes
    assert all(c.after == c.before for c in changes)
    assert {c.q for c in changes} == {
        r.q for r in sample_ws.search.where_ranks(ARTICLE, locale="en")
    }


def test_an_edit_that_drops_the_words_regresses_and_saves_nothing(sample_ws: Workspace) -> None:
    # "add referral code" finds create-account by its body, not by its tags.
    title, body = _source(sample_ws, "create-account")
    changes = ranks_if_saved(
        sample_ws.search, "create-account", locale="en", title=title, body="Nothing here.\n"
    )
    by_query = {c.q: c for c in changes}
    assert by_query["add referral code"].regressed
    assert not by_query["sign up"].regressed  # its tags still match
    # Nothing saved, nothing indexed: the real index still ranks it as before.
    assert _source(sample_ws, "create-account") == (title, body)
    now = {r.q: r.rank for r in sample_ws.search.where_ranks("create-account", locale="en")}
    assert all(now[c.q] == c.before for c in changes)


def test_regressed_and_improved() -> None:
    assert RankChange("en", "q", 1, 3).regressed
    assert RankChange("en", "q", 1, None).regressed
    assert not RankChange("en", "q", None, None).regressed
    assert RankChange("en", "q", None, 4).improved
    assert not RankChange("en", "q", 2, 2).improved
