"""Apply a read Bundle to the database: idempotent, one savepoint per file.

Import is the admin's bootstrap: it may set a workflow status directly (the file says
what is live), and records every change it makes in the audit trail.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy import select

from kbstudio.domain.errors import KBError, ValidationError
from kbstudio.domain.workflow import Role, Status
from kbstudio.services import audit, lookup
from kbstudio.services.changes import ImportReport
from kbstudio.services.revisions import add_revision, content_hash, latest_source_revision
from kbstudio.services.snippets import send_dependants_to_review
from kbstudio.storage.models import (
    ArticleRow,
    CategoryRow,
    GlossaryRenderingRow,
    GlossaryTermRow,
    RevisionRow,
    SectionRow,
    SnippetRow,
    TranslationRow,
    UserRow,
    VariableRow,
    WorkspaceRow,
    utcnow,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from kbstudio.interchange.bundle import ArticleSpec, Bundle, SnippetSpec, TermSpec, TextSpec


def apply_bundle(session: Session, bundle: Bundle, *, actor: str) -> ImportReport:
    report = ImportReport()
    _settings(session, bundle, actor, report)
    _users(session, bundle, actor, report)
    _categories(session, bundle, actor, report)
    _variables(session, bundle, actor, report)
    _glossary(session, bundle.glossary, actor, report)
    changed: list[tuple[str, str]] = []
    for snip in bundle.snippets:
        _guarded(
            session, report, snip.path, partial(_snippet, session, snip, actor, report, changed)
        )
    for art in bundle.articles:
        _article_guarded(session, art, bundle, actor, report)
    # After the articles, so that a changed risk notice sends its dependants to review
    # even when their own files still say "published".
    for snippet_id, locale in changed:
        for aid, loc in send_dependants_to_review(
            session, snippet_id=snippet_id, locale=locale, actor=actor
        ):
            report.warnings.append(f"{aid}/{loc}: back to review: snippet {snippet_id} changed")
    return report


def _guarded(
    session: Session,
    report: ImportReport,
    shown: str,
    work: Callable[[], object],
    lines: dict[str, int] | None = None,
) -> None:
    """Run one file's import in a savepoint: its error is reported, the others go on."""
    try:
        with session.begin_nested():
            work()
    except KBError as exc:
        exc.file = exc.file or shown
        if exc.line is None and exc.field and lines:
            exc.line = lines.get(exc.field)
        report.errors.append(str(exc))


def _settings(session: Session, bundle: Bundle, actor: str, report: ImportReport) -> None:
    row = session.get(WorkspaceRow, 1)
    assert row is not None
    merged = list(row.locales) + [loc for loc in bundle.locales if loc not in row.locales]
    has_articles = session.scalars(select(ArticleRow.id).limit(1)).first() is not None
    if bundle.source_locale != row.source_locale:
        if has_articles:
            raise ValidationError(
                "source-locale",
                f"the workspace's source locale is {row.source_locale}, the import's is"
                f" {bundle.source_locale}",
                field="source_locale",
            )
        row.source_locale = bundle.source_locale
        merged = [bundle.source_locale] + [loc for loc in merged if loc != bundle.source_locale]
    changed = merged != row.locales or (bundle.has_settings and bundle.name != row.name)
    if changed:
        row.locales = merged
        if bundle.has_settings:
            row.name = bundle.name
        audit.record(
            session,
            actor=actor,
            action="import",
            entity="workspace",
            entity_id="workspace",
            name=row.name,
            locales=merged,
        )
        report.updated.append("workspace")


def _users(session: Session, bundle: Bundle, actor: str, report: ImportReport) -> None:
    for spec in bundle.users:
        try:
            roles = [Role(r).value for r in spec.roles]
        except ValueError:
            report.errors.append(f"kb.toml [users.roles]: user {spec.name} has an unknown role")
            continue
        row = session.get(UserRow, spec.name)
        values = (spec.display, roles, spec.locales)
        if row is not None and (row.display, row.roles, row.locales) == values:
            continue
        if row is None:
            row = UserRow(name=spec.name, active=True)
            session.add(row)
            report.created.append(f"user {spec.name}")
        else:
            report.updated.append(f"user {spec.name}")
        row.display, row.roles, row.locales = values
        audit.record(
            session,
            actor=actor,
            action="import",
            entity="user",
            entity_id=spec.name,
            roles=roles,
            locales=spec.locales,
        )
    session.flush()


def _variables(session: Session, bundle: Bundle, actor: str, report: ImportReport) -> None:
    for var in bundle.variables:
        row = session.get(VariableRow, var.name)
        values = (var.kind, var.value, var.unit, var.terms)
        if row is not None and (row.kind, row.value, row.unit, row.terms) == values:
            report.unchanged += 1
            continue
        if row is None:
            row = VariableRow(name=var.name)
            session.add(row)
            report.created.append(f"variable {var.name}")
        else:
            report.updated.append(f"variable {var.name}")
        row.kind, row.value, row.unit, row.terms = values
        audit.record(
            session,
            actor=actor,
            action="import",
            entity="variable",
            entity_id=var.name,
            value=var.value,
            unit=var.unit,
        )
    session.flush()


def _categories(session: Session, bundle: Bundle, actor: str, report: ImportReport) -> None:
    for cpos, cat in enumerate(bundle.categories, start=1):
        crow = session.get(CategoryRow, cat.id)
        if crow is None:
            crow = CategoryRow(id=cat.id, position=cpos, names=cat.names)
            session.add(crow)
            report.created.append(f"category {cat.id}")
        elif (crow.position, crow.names) != (cpos, cat.names):
            crow.position, crow.names = cpos, cat.names
            report.updated.append(f"category {cat.id}")
        for spos, sec in enumerate(cat.sections, start=1):
            srow = session.get(SectionRow, sec.id)
            if srow is None:
                session.add(
                    SectionRow(id=sec.id, category_id=cat.id, position=spos, names=sec.names)
                )
                report.created.append(f"section {sec.id}")
            elif (srow.category_id, srow.position, srow.names) != (cat.id, spos, sec.names):
                srow.category_id, srow.position, srow.names = cat.id, spos, sec.names
                report.updated.append(f"section {sec.id}")
    session.flush()


def _glossary(session: Session, terms: list[TermSpec], actor: str, report: ImportReport) -> None:
    for pos, spec in enumerate(terms, start=1):
        row = session.get(GlossaryTermRow, spec.id)
        wanted = {
            loc: (r.term, r.variants, r.forbidden, r.definition)
            for loc, r in spec.renderings.items()
        }
        if row is not None:
            have = {
                r.locale: (r.term, r.variants, r.forbidden, r.definition) for r in row.renderings
            }
            if (row.position, row.dnt, have) == (pos, spec.dnt, wanted):
                report.unchanged += 1
                continue
            row.position, row.dnt = pos, spec.dnt
            row.renderings.clear()
            session.flush()
            report.updated.append(f"term {spec.id}")
        else:
            row = GlossaryTermRow(id=spec.id, position=pos, dnt=spec.dnt)
            session.add(row)
            report.created.append(f"term {spec.id}")
        for loc, (term, variants, forbidden, definition) in wanted.items():
            row.renderings.append(
                GlossaryRenderingRow(
                    locale=loc,
                    term=term,
                    variants=variants,
                    forbidden=forbidden,
                    definition=definition,
                )
            )
        audit.record(session, actor=actor, action="import", entity="term", entity_id=spec.id)
    session.flush()


def _snippet(
    session: Session,
    spec: SnippetSpec,
    actor: str,
    report: ImportReport,
    changed_snippets: list[tuple[str, str]],
) -> None:
    row = session.scalars(
        select(SnippetRow).where(SnippetRow.snippet_id == spec.id, SnippetRow.locale == spec.locale)
    ).first()
    key = f"{spec.id}/{spec.locale}"
    if row is not None and (row.title, row.body, row.status) == (
        spec.title,
        spec.body,
        spec.status,
    ):
        report.unchanged += 1
        return
    if row is None:
        row = SnippetRow(snippet_id=spec.id, locale=spec.locale)
        session.add(row)
        report.created.append(f"snippet {key}")
    else:
        report.updated.append(f"snippet {key}")
        if row.body != spec.body:
            changed_snippets.append((spec.id, spec.locale))
    row.title, row.body, row.status = spec.title, spec.body, spec.status
    row.updated_at, row.updated_by = utcnow(), actor
    audit.record(session, actor=actor, action="import", entity="snippet", entity_id=key)


def _article_guarded(
    session: Session, art: ArticleSpec, bundle: Bundle, actor: str, report: ImportReport
) -> None:
    row = session.get(ArticleRow, art.id)
    if art.source is not None:
        shown = art.source.path
        source = art.source

        def import_source() -> None:
            row = _article(session, art, actor, report)
            _source_text(session, row, art, source, actor, report)

        _guarded(session, report, shown, import_source, source.lines)
        row = session.get(ArticleRow, art.id)
    for text in art.translations:
        if row is None:
            report.errors.append(
                f"{text.path}: not imported: its article {art.id} has no valid source text"
            )
            continue
        _guarded(
            session,
            report,
            text.path,
            partial(_translation_text, session, row, text, bundle, actor, report),
            text.lines,
        )


def _article(session: Session, art: ArticleSpec, actor: str, report: ImportReport) -> ArticleRow:
    if art.owner is not None and session.get(UserRow, art.owner) is None:
        raise ValidationError("unknown-user", f"owner {art.owner!r} is not a user", field="owner")
    values = (
        art.section,
        art.type,
        art.position,
        art.owner,
        art.review_by,
        art.visibility,
        art.ends_at,
    )
    row = session.get(ArticleRow, art.id)
    if row is None:
        row = ArticleRow(id=art.id)
        session.add(row)
        report.created.append(f"article {art.id}")
    else:
        have = (
            row.section_id,
            row.type,
            row.position,
            row.owner,
            row.review_by,
            row.visibility,
            row.ends_at,
        )
        if have == values:
            return row
        report.updated.append(f"article {art.id}")
    (
        row.section_id,
        row.type,
        row.position,
        row.owner,
        row.review_by,
        row.visibility,
        row.ends_at,
    ) = values
    audit.record(
        session,
        actor=actor,
        action="import",
        entity="article",
        entity_id=art.id,
        section=art.section,
        type=art.type,
    )
    session.flush()
    return row


def _source_text(
    session: Session,
    row: ArticleRow,
    art: ArticleSpec,
    text: TextSpec,
    actor: str,
    report: ImportReport,
) -> None:
    tr = lookup.translation(session, row, text.locale)
    if tr is None:
        tr = _new_translation(session, row, text)
        # Older versions first, so a translation can be based on them.
        for version, (title, body) in sorted(art.history.items()):
            if version < text.version:
                add_revision(
                    session,
                    tr,
                    title=title,
                    body=body,
                    author=actor,
                    comment="imported history",
                    significance="major",
                    version=version,
                )
    current = tr.working
    if current is not None and current.version is not None and text.version < current.version:
        raise ValidationError(
            "version-backwards",
            f"version {text.version} is older than the stored version {current.version}",
            field="version",
        )
    significance = "major" if current is None or text.version > (current.version or 0) else "minor"
    _apply_text(
        session,
        tr,
        text,
        actor,
        report,
        significance=significance,
        version=text.version,
        source_revision=None,
    )


def _translation_text(
    session: Session,
    row: ArticleRow,
    text: TextSpec,
    bundle: Bundle,
    actor: str,
    report: ImportReport,
) -> None:
    source = lookup.translation(session, row, bundle.source_locale)
    if source is None:
        raise ValidationError("no-source", f"article {row.id} has no source text")
    base = latest_source_revision(session, source, text.version)
    if base is None:
        have = source.working.version if source.working else None
        raise ValidationError(
            "unknown-version",
            f"source_version {text.version} does not exist (the source is at version {have};"
            f" keep older versions in articles/{row.id}/history/)",
            field="source_version",
        )
    tr = lookup.translation(session, row, text.locale) or _new_translation(session, row, text)
    _apply_text(
        session, tr, text, actor, report, significance=None, version=None, source_revision=base
    )


def _new_translation(session: Session, row: ArticleRow, text: TextSpec) -> TranslationRow:
    tr = TranslationRow(
        article=row, locale=text.locale, slug=text.slug, tags=text.tags, status=text.status
    )
    session.add(tr)
    session.flush()
    return tr


def _apply_text(
    session: Session,
    tr: TranslationRow,
    text: TextSpec,
    actor: str,
    report: ImportReport,
    *,
    significance: str | None,
    version: int | None,
    source_revision: RevisionRow | None,
) -> None:
    key = f"{tr.article_id}/{tr.locale}"
    clash = session.scalars(
        select(TranslationRow).where(
            TranslationRow.locale == tr.locale,
            TranslationRow.slug == text.slug,
            TranslationRow.id != tr.id,
        )
    ).first()
    if clash is not None:
        raise ValidationError(
            "duplicate-slug",
            f"slug {text.slug!r} is already used in {tr.locale} by {clash.article_id}",
            field="slug",
        )
    current = tr.working
    same_text = (
        current is not None
        and current.content_hash == content_hash(text.title, text.body)
        and (version is None or current.version == version)
        # A translation follows a source *version*: minor source edits do not touch it.
        and (
            source_revision is None
            or (
                current.source_revision is not None
                and current.source_revision.version == source_revision.version
            )
        )
    )
    status = Status(text.status)
    if (
        same_text
        and tr.status == Status.IN_REVIEW.value
        and status in (Status.APPROVED, Status.PUBLISHED)
    ):
        # Approval happens in the app: an unchanged file does not approve a text that
        # was sent back to review (for instance after its risk notice changed).
        report.warnings.append(f"{key}: left in review; the file says {status.value}")
        status = Status.IN_REVIEW
    meta_same = (tr.slug, tr.tags, tr.status) == (text.slug, text.tags, status.value)
    if same_text and meta_same:
        report.unchanged += 1
        return
    created = current is None
    tr.slug, tr.tags = text.slug, text.tags
    rev = current
    if not same_text:
        rev = add_revision(
            session,
            tr,
            title=text.title,
            body=text.body,
            author=actor,
            comment="imported",
            significance=significance,
            version=version,
            source_revision=source_revision,
            machine_translated=text.machine_translated,
            machine_units=text.machine_units,
        )
    assert rev is not None
    tr.status = status.value
    # The file says what state its text is in; a published text is also the live one.
    if status in (Status.APPROVED, Status.PUBLISHED):
        tr.approved_revision_id, tr.approved = rev.id, rev
    if status is Status.PUBLISHED:
        tr.live_revision_id, tr.live = rev.id, rev
    audit.record(
        session,
        actor=actor,
        action="import",
        entity="translation",
        entity_id=key,
        revision=rev.number,
        status=status.value,
    )
    (report.created if created else report.updated).append(f"text {key}")
    session.flush()
