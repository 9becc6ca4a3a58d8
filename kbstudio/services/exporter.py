"""Build a Bundle from the database (the inverse of the importer) and write it out."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kbstudio.domain.errors import ValidationError
from kbstudio.domain.variables import Variable
from kbstudio.interchange.bundle import (
    ArticleSpec,
    Bundle,
    CategorySpec,
    RenderingSpec,
    SectionSpec,
    SnippetSpec,
    TermSpec,
    TextSpec,
    UserSpec,
)
from kbstudio.interchange.reader import WORKSPACE_FILE
from kbstudio.interchange.writer import render_files
from kbstudio.services import lookup, views
from kbstudio.storage.models import (
    ArticleRow,
    CategoryRow,
    GlossaryTermRow,
    RevisionRow,
    SnippetRow,
    TranslationRow,
    UserRow,
    VariableRow,
)

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session


def build_bundle(session: Session) -> Bundle:
    ws = lookup.settings(session)
    bundle = Bundle(name=ws.name, source_locale=ws.source_locale, locales=list(ws.locales))
    for cat in session.scalars(select(CategoryRow).order_by(CategoryRow.position)):
        bundle.categories.append(
            CategorySpec(
                cat.id, dict(cat.names), [SectionSpec(s.id, dict(s.names)) for s in cat.sections]
            )
        )
    for user in session.scalars(select(UserRow).order_by(UserRow.name)):
        bundle.users.append(UserSpec(user.name, user.display, list(user.roles), list(user.locales)))
    for var in session.scalars(select(VariableRow).order_by(VariableRow.name)):
        bundle.variables.append(
            Variable(
                var.name, var.kind, var.value, var.unit, {k: list(v) for k, v in var.terms.items()}
            )
        )
    for term in session.scalars(select(GlossaryTermRow).order_by(GlossaryTermRow.position)):
        renderings = {
            r.locale: RenderingSpec(r.term, list(r.variants), list(r.forbidden), r.definition)
            for r in term.renderings
        }
        bundle.glossary.append(TermSpec(term.id, term.dnt, renderings))
    snippets = session.scalars(
        select(SnippetRow).order_by(SnippetRow.snippet_id, SnippetRow.locale)
    )
    for snip in snippets:
        path = f"snippets/{snip.snippet_id}/{snip.locale}.md"
        bundle.snippets.append(
            SnippetSpec(snip.snippet_id, snip.locale, snip.title, snip.body, snip.status, path)
        )
    articles = session.scalars(
        select(ArticleRow)
        .order_by(ArticleRow.id)
        .options(selectinload(ArticleRow.translations).selectinload(TranslationRow.working))
    )
    machine = views.newest_machine_revisions(session)
    for art in articles:
        bundle.articles.append(_article(session, art, ws.source_locale, machine))
    return bundle


def _text(tr: TranslationRow, rev: RevisionRow, version: int) -> TextSpec:
    path = f"articles/{tr.article_id}/{tr.locale}.md"
    return TextSpec(
        tr.locale, rev.title, tr.slug, rev.body, list(tr.tags), tr.status, path, version
    )


def _article(
    session: Session, art: ArticleRow, source_locale: str, machine: dict[int, int]
) -> ArticleSpec:
    spec = ArticleSpec(
        art.id,
        art.section_id,
        art.type,
        art.position,
        art.owner,
        art.review_by,
        art.visibility,
        art.ends_at,
    )
    source_version = 1
    for tr in sorted(art.translations, key=lambda t: (t.locale != source_locale, t.locale)):
        rev = tr.working
        if rev is None:
            continue
        if tr.locale == source_locale:
            source_version = rev.version or 1
            spec.source = _text(tr, rev, source_version)
            continue
        based = rev.source_revision.version if rev.source_revision else None
        text = _text(tr, rev, based or 1)
        text.machine_translated = views.machine_mark(tr, machine.get(tr.id))
        if text.machine_translated and rev.machine_units:
            text.machine_units = list(rev.machine_units)
        spec.translations.append(text)
        if based is not None and based < source_version:
            base = rev.source_revision
            assert base is not None
            # The newest text of that version, which a later import links to again.
            newest = session.scalars(
                select(RevisionRow)
                .where(
                    RevisionRow.translation_id == base.translation_id,
                    RevisionRow.version == based,
                )
                .order_by(RevisionRow.number.desc())
            ).first()
            if newest is not None:
                spec.history[based] = (newest.title, newest.body)
    return spec


def export_folder(session: Session, root: Path) -> list[str]:
    """Write the workspace to *root*, replacing an earlier export there; return the files."""
    if root.exists() and any(root.iterdir()) and not (root / WORKSPACE_FILE).exists():
        raise ValidationError(
            "not-empty", f"{root} is not empty and holds no earlier export ({WORKSPACE_FILE})"
        )
    files = render_files(build_bundle(session))
    # Files an earlier export wrote that no longer exist in the workspace must go too.
    for sub in ("articles", "snippets"):
        folder = root / sub
        if folder.is_dir():
            for path in sorted(folder.rglob("*.md")):
                if path.relative_to(root).as_posix() not in files:
                    path.unlink()
            for path in sorted(folder.rglob("*"), reverse=True):
                if path.is_dir() and not any(path.iterdir()):
                    shutil.rmtree(path)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
    return sorted(files)
