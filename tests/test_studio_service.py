"""The studio's read models: the tree with per-locale states, the review queue, completions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kbstudio.domain.workflow import Action, Actor, Role
from kbstudio.services import lookup, studio

if TYPE_CHECKING:
    from kbstudio.services.workspace import Workspace

GRACE = Actor("grace", frozenset({Role.REVIEWER}), frozenset({"en", "es"}))
HAO = Actor("hao", frozenset({Role.REVIEWER}), frozenset({"zh-Hans", "ja", "ko"}))


def test_tree_holds_every_article_once_with_the_states_views_report(sample_ws: Workspace) -> None:
    with sample_ws.session() as s:
        tree = studio.tree(s)
    arts = tree.articles()
    assert len(arts) == len({a.id for a in arts}) == 45
    infos = {(i.article_id, i.locale): i for i in sample_ws.translations()}
    for art in arts:
        for loc, state in art.states.items():
            info = infos[(art.id, loc)]
            assert state.status == info.status
            assert state.title == info.title
            assert state.outdated == info.outdated


def test_stale_marks_a_source_past_its_review_by_date(sample_ws: Workspace) -> None:
    with sample_ws.session() as s:
        arts = studio.tree(s, today=dt.date(2100, 1, 1)).articles()
    dated = [a for a in arts if a.review_by is not None and "en" in a.states]
    assert dated
    assert all(a.states["en"].badge == studio.STALE for a in dated if not a.states["en"].outdated)
    assert all(not s.stale for a in dated for loc, s in a.states.items() if loc != "en")


def test_review_queue_follows_roles_locales_and_authorship(sample_ws: Workspace) -> None:
    sample_ws.edit("create-account", locale="en", body="Changed.\n", actor="mia")
    sample_ws.act(Action.SUBMIT, "create-account", locale="en", actor="mia")
    with sample_ws.session() as s:
        grace = [(q.article_id, q.locale) for q in studio.review_queue(s, GRACE)]
        hao = [(q.article_id, q.locale) for q in studio.review_queue(s, HAO)]
        writer = studio.review_queue(s, Actor("mia", frozenset({Role.WRITER})))
        tree = studio.tree(s)
    assert ("create-account", "en") in grace
    assert all(loc in HAO.locales for _a, loc in hao)
    assert ("create-account", "en") not in hao
    assert writer == []
    art = next(a for a in tree.articles() if a.id == "create-account")
    assert studio.needs_action(GRACE, art, "en", "en")
    assert not studio.needs_action(HAO, art, "en", "en")
    # The author herself is not asked to approve her own revision.
    author = Actor("mia", frozenset({Role.REVIEWER}), frozenset({"en"}))
    assert not studio.needs_action(author, art, "en", "en")


def test_completions_offer_snippets_terms_and_articles(sample_ws: Workspace) -> None:
    with sample_ws.session() as s:
        words = studio.completions(s, "en")
    assert words.snippets
    assert words.terms
    assert ("create-account", "How to create a Northvale account") in words.articles


def test_needing_action_in_bulk_agrees_with_the_per_text_rule(sample_ws: Workspace) -> None:
    sample_ws.edit("create-account", locale="en", body="Changed.\n", actor="mia")
    sample_ws.act(Action.SUBMIT, "create-account", locale="en", actor="mia")
    with sample_ws.session() as s:
        tree = studio.tree(s, today=dt.date(2100, 1, 1))
        users = [lookup.actor(s, u.name) for u in sample_ws.users()]
    arts = tree.articles()
    for actor in users:
        for locales in (tree.locales, ["en"], ["zh-Hans"], ["es", "ar"]):
            slow = {
                a.id
                for a in arts
                if any(studio.needs_action(actor, a, loc, tree.source_locale) for loc in locales)
            }
            fast = studio.needing_action(actor, arts, locales, tree.source_locale)
            assert fast == slow, (actor.name, locales)
