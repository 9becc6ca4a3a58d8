"""Every item model passes pytest-qt's qtmodeltester, filled and filtered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kbstudio.domain.workflow import Action, Actor, Role
from kbstudio.gui.models.tables import AuditModel, HistoryModel, QueueModel
from kbstudio.gui.models.tree import ArticleIdRole, BadgesRole, HelpCenterModel, TreeFilter
from kbstudio.services import studio

if TYPE_CHECKING:
    from kbstudio.services.workspace import Workspace


def _tree(ws: Workspace) -> studio.Tree:
    with ws.session() as s:
        return studio.tree(s)


def _articles(model: HelpCenterModel) -> list[str]:
    out = []
    for c in range(model.rowCount()):
        cat = model.index(c, 0)
        for s in range(model.rowCount(cat)):
            sec = model.index(s, 0, cat)
            out += [model.index(a, 0, sec).data(ArticleIdRole) for a in range(model.rowCount(sec))]
    return out


def test_tree_model_passes_the_model_tester(qtmodeltester, sample_ws: Workspace) -> None:
    model = HelpCenterModel()
    model.set_tree(_tree(sample_ws))
    qtmodeltester.check(model)
    assert len(_articles(model)) == 45


def test_tree_model_filters_by_text_locale_status_and_stays_valid(
    qtmodeltester, sample_ws: Workspace
) -> None:
    model = HelpCenterModel()
    model.set_tree(_tree(sample_ws))
    model.set_filter(TreeFilter(text="withdraw"))
    qtmodeltester.check(model)
    found = _articles(model)
    assert found
    assert all(
        "withdraw" in a or "withdraw" in model.find_article(a).data().casefold() for a in found
    )
    assert len(found) < 45
    model.set_filter(TreeFilter(locale="zh-Hans", status="missing"))
    missing = _articles(model)
    qtmodeltester.check(model)
    for art_id in missing:
        badges = dict(model.find_article(art_id).data(BadgesRole))
        assert badges["zh-Hans"] == "missing"
    model.set_filter(TreeFilter(text="no-such-article-anywhere"))
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_needs_my_action_for_a_reviewer_shows_what_is_in_review(sample_ws: Workspace) -> None:
    tree = _tree(sample_ws)
    model = HelpCenterModel()
    model.set_tree(tree)
    grace = Actor("grace", frozenset({Role.REVIEWER}), frozenset({"en", "es"}))
    model.set_actor(grace)
    model.set_filter(TreeFilter(mine=True, locale="en"))
    expected = {
        a.id
        for a in tree.articles()
        if "en" in a.states
        and a.states["en"].status == "in_review"
        and a.states["en"].author != "grace"
    }
    assert set(_articles(model)) == expected


def test_queue_history_and_audit_models_pass_the_model_tester(
    qtmodeltester, sample_ws: Workspace
) -> None:
    art = sample_ws.translations(locale="en")[0].article_id
    sample_ws.edit(art, locale="en", body="New body\n", actor="mia", comment="tweak")
    sample_ws.act(Action.SUBMIT, art, locale="en", actor="mia")
    grace = Actor("grace", frozenset({Role.REVIEWER}), frozenset({"en", "es"}))
    with sample_ws.session() as s:
        queue = studio.review_queue(s, grace)
    assert art in [q.article_id for q in queue]
    for model, rows in (
        (QueueModel(), queue),
        (HistoryModel(), sample_ws.history(art, locale="en")),
        (AuditModel(), sample_ws.audit(entity_id=f"{art}/en")),
    ):
        model.set_rows(rows)
        assert model.rowCount() == len(rows) > 0
        qtmodeltester.check(model)


def test_returning_no_data_never_costs_none_a_reference(sample_ws: Workspace) -> None:
    """PySide6 6.12.0 lost a reference to None per `data()` returning None (then aborted)."""
    import sys

    from PySide6.QtCore import Qt

    model = HelpCenterModel()
    model.set_tree(_tree(sample_ws))
    category = model.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(2000):
        assert category.data(Qt.ItemDataRole.DecorationRole) is None
    assert abs(sys.getrefcount(None) - before) < 50


def test_replacing_one_article_updates_its_row_and_the_filter(
    qtmodeltester, sample_ws: Workspace
) -> None:
    model = HelpCenterModel()
    model.set_tree(_tree(sample_ws))
    model.set_filter(TreeFilter(status="draft", locale="en"))
    assert not model.find_article("create-account").isValid()
    sample_ws.edit("create-account", locale="en", body="Draft now\n", actor="mia")
    with sample_ws.session() as s:
        node = studio.article_node(s, "create-account")
    assert node is not None
    assert node.states["en"].status == "draft"
    assert model.replace_article(node)
    assert model.find_article("create-account").isValid()  # now matches the filter
    qtmodeltester.check(model)
    model.set_filter(TreeFilter())
    sample_ws.act(Action.SUBMIT, "create-account", locale="en", actor="mia")
    with sample_ws.session() as s:
        node = studio.article_node(s, "create-account")
    assert model.replace_article(node)
    index = model.find_article("create-account")
    assert dict(index.data(BadgesRole))["en"] == "in_review"
    qtmodeltester.check(model)
