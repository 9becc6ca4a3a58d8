"""Publishing the static help center: collect what readers may see, build, report.

What is on the site is what the search preview's "published" view holds: the live revision
of every text that is public (or internal too, when asked), not archived, and not an
announcement past its end. The search index is exported from that same Whoosh index.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Text, select, type_coerce
from sqlalchemy.orm import aliased, selectinload

from kbstudio.domain.errors import ConflictError, ValidationError
from kbstudio.domain.model import ArticleType, Visibility, has_ended, is_outdated
from kbstudio.domain.variables import Variable
from kbstudio.domain.workflow import Status
from kbstudio.publishing.builder import build_site
from kbstudio.publishing.buildstate import State
from kbstudio.publishing.model import (
    GlossaryEntry,
    SearchDump,
    SearchSource,
    SiteArticle,
    SiteCategory,
    SiteInput,
    SiteSection,
)
from kbstudio.publishing.render import RenderContext, render_markdown
from kbstudio.search.dump import dump_index, holds, index_state
from kbstudio.services import gcpause, lookup, sitechanges
from kbstudio.storage.models import (
    ArticleRow,
    CategoryRow,
    GlossaryTermRow,
    RevisionRow,
    SectionRow,
    SnippetRow,
    TranslationRow,
    VariableRow,
)

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable, Iterable, Sequence
    from pathlib import Path

    from sqlalchemy.orm import Session

    from kbstudio.publishing.model import BodyLoader
    from kbstudio.services.workspace import Workspace

BODIES_BY_ID = 500  # bodies read by article id up to this many texts, else all of them


@dataclass
class PublishReport:
    out: Path
    pages_written: int = 0
    pages_unchanged: int = 0
    files: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    link_problems: list[str] = field(default_factory=list)
    external_links: list[str] = field(default_factory=list)
    # When an announcement still shown reaches its end: rebuild then to drop it.
    next_rebuild: dt.datetime | None = None
    zip_file: Path | None = None


def publish_site(
    ws: Workspace,
    out: Path,
    *,
    locales: Sequence[str] | None = None,
    include_internal: bool = False,
    base_url: str | None = None,
    zip_file: Path | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: threading.Event | None = None,
    strict: bool = False,
    now: dt.datetime | None = None,
) -> PublishReport:
    """Build the help center into *out* (atomically; a cancel leaves the old site)."""
    with gcpause.paused():
        return _publish(
            ws, out, locales, include_internal, base_url, zip_file, progress, cancel, strict, now
        )


def _publish(
    ws: Workspace,
    out: Path,
    locales: Sequence[str] | None,
    include_internal: bool,
    base_url: str | None,
    zip_file: Path | None,
    progress: Callable[[int, int, str], None] | None,
    cancel: threading.Event | None,
    strict: bool,
    now: dt.datetime | None,
) -> PublishReport:
    if base_url is not None and not base_url.startswith(("https://", "http://")):
        raise ValidationError(
            "bad-base-url",
            f"--base-url must start with https:// ({base_url!r})",
            field="--base-url",
        )
    state = State.of_site(out.resolve())
    site = collect(ws, locales=locales, include_internal=include_internal, now=now, state=state)
    site.base_url = base_url
    result = build_site(site, out, strict=strict, progress=progress, cancel=cancel, state=state)
    report = PublishReport(
        out=result.out,
        pages_written=result.pages_written,
        pages_unchanged=result.pages_unchanged,
        files=result.files,
        warnings=list(result.warnings),
        errors=list(result.errors),
        link_problems=[*result.errors, *(w for w in result.warnings if "links to" in w)],
        external_links=result.external_links,
        next_rebuild=site.next_rebuild,
    )
    if base_url is None:
        report.warnings.append(
            "no --base-url: sitemap.xml and the feeds hold relative URLs"
            " (search engines ignore them)"
        )
    if zip_file is not None:
        report.zip_file = write_zip(result.out, zip_file)
    return report


def write_zip(site: Path, target: Path) -> Path:
    """The site as a zip with fixed timestamps, so the same site gives the same bytes."""
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(site).as_posix(), (2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    tmp.replace(target)
    return target


def preview_html(ws: Workspace, article_id: str, locale: str, markdown_text: str) -> str:
    """The article body as the published site will show it (kb: links stay kb: links)."""
    with ws.session() as s:
        settings = lookup.settings(s)
        snippets = _snippets(s)
        variables = _variables(s)
        glossary = _glossary(s, [locale]).get(locale, [])
        # Two columns, not ORM rows: 70,000 TranslationRows took 2 s per preview keystroke.
        known = {
            (a, loc)
            for a, loc in s.execute(select(TranslationRow.article_id, TranslationRow.locale))
        }
        source = settings.source_locale

    def resolve(target: str, anchor: str | None) -> tuple[str, str | None]:
        href = f"kb:{target}" + (f"#{anchor}" if anchor else "")
        if (target, locale) in known:
            return href, None
        if (target, source) in known:
            return href, f"warning: {target} is not translated into {locale}"
        return href, f"error: {target} does not exist"

    ctx = RenderContext(
        locale=locale,
        source_locale=source,
        resolve=resolve,
        glossary_href="glossary.html",
        glossary=glossary,
        snippets=snippets,
        variables=variables,
    )
    return render_markdown(markdown_text, ctx).html


# -- collecting --------------------------------------------------------------------


def collect(
    ws: Workspace,
    *,
    locales: Sequence[str] | None = None,
    include_internal: bool = False,
    now: dt.datetime | None = None,
    state: State | None = None,
) -> SiteInput:
    """What readers may see. With *state* (the build state of the site being replaced),
    only the articles that changed since are read again (sitechanges.py), and the site
    says which texts changed (SiteInput.changes)."""
    now = now or dt.datetime.now(dt.UTC)
    with ws.session() as s:
        settings = lookup.settings(s)
        wanted = list(locales) if locales else list(settings.locales)
        for loc in wanted:
            if loc not in settings.locales:
                raise ValidationError(
                    "unknown-locale", f"{loc} is not enabled here", field="--locale"
                )
        site = SiteInput(
            name=ws_name(s),
            source_locale=settings.source_locale,
            locales=[loc for loc in settings.locales if loc in wanted],
            categories=_categories(s),
            articles={},
            glossary=_glossary(s, wanted),
            snippets=_snippets(s),
            variables=_variables(s),
        )
        conn = s.connection()
        sections = dict(conn.execute(select(SectionRow.id, SectionRow.category_id)).all())
        key = sitechanges.key_of(site.locales, include_internal, site.source_locale, sections)
        previous = sitechanges.load(state, key) if state is not None else None
        versions, ends = sitechanges.read_versions(conn)
        revisions: dict[tuple[str, str], int] = {}
        if previous is None:
            site.articles, ended = _articles(s, site, include_internal, now, revisions, sections)
            entries = sitechanges.entries_for(versions, versions, site.articles, ended)
            site.state_parts = sitechanges.parts(key, now, entries, None)
        else:
            ended = _collect_changes(
                s, site, previous, versions, ends, (key, include_internal, now), revisions
            )
    site.next_rebuild = _next_rebuild(site.articles.values())
    site.load_bodies = _body_loader(ws, revisions, versions)
    # An announcement that ended since it was indexed leaves the preview's published
    # index too, so the site's search (exported from it) never lists a missing page.
    stale = [(a, loc) for a, loc in ended if holds(ws.search.ensure(loc, "published"), a)]
    if stale:  # a commit changes the index state: only when there is something to drop
        ws.search.refresh(stale, views=("published",))
    for loc in site.locales:
        site.search[loc] = _search_source(ws, loc)
    return site


def _collect_changes(
    s: Session,
    site: SiteInput,
    previous: sitechanges.Previous,
    versions: sitechanges.Versions,
    ends: dict[str, tuple[str, Any]],
    asked: tuple[str, bool, dt.datetime],
    revisions: dict[tuple[str, str], int],
) -> list[tuple[str, str]]:
    """site.articles from the last collection and the articles that changed since, read
    again; fills site.changes and the state parts. Returns the ended texts."""
    key, include_internal, now = asked
    changed = sitechanges.changed_articles(previous, versions, ends, now)
    sections = {sec.id: sec.category for cat in site.categories for sec in cat.sections}
    fresh, fresh_ended = _articles(s, site, include_internal, now, revisions, sections, changed)
    articles: dict[tuple[str, str], SiteArticle] = {}
    ended: list[tuple[str, str]] = list(fresh_ended)
    changes: dict[tuple[str, str], SiteArticle | None] = {}
    for aid, entry in previous.entries.items():
        if aid not in changed:
            for a in sitechanges.texts_of(entry, aid):
                articles[(aid, a.locale)] = a
            ended += [(aid, loc) for loc in entry[2]]
            continue
        for a in sitechanges.texts_of(entry, aid):
            key_ = (aid, a.locale)
            if fresh.get(key_) != a:
                changes[key_] = a
    for key_, a in fresh.items():
        if key_ not in changes and key_ not in articles:
            old = previous.entries.get(key_[0])
            if old is None or a.locale not in {t[0] for t in old[1]}:
                changes[key_] = None  # a text new to the site
    articles.update(fresh)
    site.articles = dict(sorted(articles.items()))
    site.changes = changes
    merged = dict(previous.entries)
    for aid in changed:
        merged.pop(aid, None)
    merged.update(sitechanges.entries_for(changed, versions, fresh, fresh_ended))
    touched = {sitechanges.shard(aid) for aid in changed}
    site.state_parts = sitechanges.parts(key, now, merged, touched)
    site.state_keep = {f"{sitechanges.HEAD}-{n:02d}" for n in range(sitechanges.SHARDS)} - touched
    return ended


def _next_rebuild(articles: Iterable[SiteArticle]) -> dt.datetime | None:
    """When the first announcement still shown ends."""
    announcement = ArticleType.ANNOUNCEMENT.value
    ends = [a.ends_at for a in articles if a.ends_at is not None and a.type == announcement]
    return min(ends) if ends else None


def ws_name(s: Session) -> str:
    return lookup.settings(s).name


def _categories(s: Session) -> list[SiteCategory]:
    cats = s.scalars(
        select(CategoryRow)
        .order_by(CategoryRow.position)
        .options(selectinload(CategoryRow.sections))
    )
    return [
        SiteCategory(
            c.id,
            dict(c.names),
            tuple(
                SiteSection(sec.id, c.id, dict(sec.names))
                for sec in sorted(c.sections, key=lambda x: (x.position, x.id))
            ),
        )
        for c in cats
    ]


def _articles(
    s: Session,
    site: SiteInput,
    include_internal: bool,
    now: dt.datetime,
    revisions: dict[tuple[str, str], int],
    sections: dict[str, str],
    only: set[str] | None = None,
) -> tuple[dict[tuple[str, str], SiteArticle], list[tuple[str, str]]]:
    """The site's texts (of the articles *only*, when given), and the (article, locale)
    texts of ended announcements; fills *revisions* with each text's live revision id.

    Core queries on the connection, not the ORM, and no bodies: a site of 30,000 texts
    is read on a full publish, and the builder reads only the bodies it needs
    (site.load_bodies) — the revision's content_hash names the rest.
    """
    if only is not None and not only:
        return {}, []
    if only is not None and len(only) > BODIES_BY_ID:  # most of it: read all, keep some
        everything, all_ended = _articles(s, site, include_internal, now, revisions, sections)
        return (
            {k: a for k, a in everything.items() if k[0] in only},
            [k for k in all_ended if k[0] in only],
        )
    conn = s.connection()
    article_query = select(
        ArticleRow.id,
        ArticleRow.section_id,
        ArticleRow.type,
        ArticleRow.position,
        ArticleRow.visibility,
        ArticleRow.ends_at,
    )
    if only is not None:
        article_query = article_query.where(ArticleRow.id.in_(sorted(only)))
    articles = {r.id: r for r in conn.execute(article_query).all()}
    source_versions = _source_versions(s, site.source_locale, only)
    live, based_on = aliased(RevisionRow), aliased(RevisionRow)
    query = (
        select(
            TranslationRow.article_id,
            TranslationRow.locale,
            TranslationRow.slug,
            type_coerce(TranslationRow.tags, Text),  # decoded below, once per distinct list
            TranslationRow.status,
            live.id,
            live.title,
            live.content_hash,
            live.created_at,
            based_on.version,
        )
        .join(live, live.id == TranslationRow.live_revision_id)
        .outerjoin(based_on, based_on.id == live.source_revision_id)
        .where(TranslationRow.locale.in_(site.locales))
        .order_by(TranslationRow.article_id, TranslationRow.locale)
    )
    if only is not None:
        query = query.where(TranslationRow.article_id.in_(sorted(only)))
    texts = conn.execute(query).all()  # at once: row by row cost a fetchone() call each
    ended: list[tuple[str, str]] = []
    out: dict[tuple[str, str], SiteArticle] = {}
    # Enum values read once: an Enum member's .value is a descriptor call, 90,000 a build.
    public, archived = Visibility.PUBLIC.value, Status.ARCHIVED.value
    for aid, loc, slug, tags, status, revision, title, text_hash, created, version in texts:
        art = articles[aid]
        if art.visibility != public and not include_internal:
            continue
        if art.ends_at is not None and has_ended(art.type, art.ends_at, now):
            ended.append((aid, loc))
            continue
        if status == archived:
            continue
        outdated = loc != site.source_locale and is_outdated(
            based_on_version=version, approved_source_version=source_versions.get(aid)
        )
        revisions[(aid, loc)] = revision
        out[(aid, loc)] = SiteArticle(
            id=aid,
            locale=loc,
            slug=slug,
            title=title,
            body=None,
            type=art.type,
            category=sections.get(art.section_id, ""),
            section=art.section_id,
            position=art.position,
            updated_at=created,
            outdated=outdated,
            tags=_tags(tags),
            ends_at=art.ends_at,
            text_hash=text_hash,
        )
    return out, ended


def _tags(raw: str | list[str] | None) -> tuple[str, ...]:
    """A tags column read raw: JSON text (SQLite), or a list already (PostgreSQL's
    driver decodes json)."""
    if raw is None:
        return ()
    return _json_tags(raw) if isinstance(raw, str) else tuple(raw)


@functools.lru_cache(maxsize=4096)
def _json_tags(raw: str) -> tuple[str, ...]:
    """Most texts share a few tag lists: each is decoded once."""
    return tuple(json.loads(raw))


def _body_loader(
    ws: Workspace, revisions: dict[tuple[str, str], int], versions: sitechanges.Versions
) -> BodyLoader:
    """Reads the bodies of the very revisions collected (*revisions*: text -> live
    revision id; for a text kept from the last collection, the live revision its row
    versions named), so a text published again meanwhile cannot pair one revision's hash
    with another's body."""

    def revision(key: tuple[str, str]) -> int:
        found = revisions.get(key)
        if found is None:
            for text in versions[key[0]].split(";")[1:]:
                loc, _lock, live, _created = text.split("|")
                if loc == key[1] and live != "None":
                    found = revisions[key] = int(live)
        if found is None:
            raise ConflictError(
                "changed-while-publishing",
                f"{key[0]} ({key[1]}) changed while the site was built; publish again",
            )
        return found

    def load(keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        wanted = {revision(k): k for k in keys}
        out: dict[tuple[str, str], str] = {}
        with ws.session() as s:
            conn = s.connection()
            if len(wanted) > BODIES_BY_ID:  # most of the site: one pass over the live texts
                rows = conn.execute(
                    select(RevisionRow.id, RevisionRow.body).join(
                        TranslationRow, TranslationRow.live_revision_id == RevisionRow.id
                    )
                )
                out = {wanted[rev]: body for rev, body in rows if rev in wanted}
            missing = sorted(rev for rev, key in wanted.items() if key not in out)
            for n in range(0, len(missing), BODIES_BY_ID):
                rows = conn.execute(
                    select(RevisionRow.id, RevisionRow.body).where(
                        RevisionRow.id.in_(missing[n : n + BODIES_BY_ID])
                    )
                )
                out.update({wanted[rev]: body for rev, body in rows})
        return out

    return load


def _source_versions(
    s: Session, source_locale: str, only: set[str] | None = None
) -> dict[str, int | None]:
    """Each article's source version that translations follow (revisions.approved_version:
    the approved revision's, else the live one's)."""
    approved, live = aliased(RevisionRow), aliased(RevisionRow)
    query = (
        select(TranslationRow.article_id, approved.id, approved.version, live.version)
        .outerjoin(approved, approved.id == TranslationRow.approved_revision_id)
        .outerjoin(live, live.id == TranslationRow.live_revision_id)
        .where(TranslationRow.locale == source_locale)
    )
    if only is not None:
        query = query.where(TranslationRow.article_id.in_(sorted(only)))
    rows = s.connection().execute(query).all()
    return {
        aid: (a_version if a_id is not None else l_version)
        for aid, a_id, a_version, l_version in rows
    }


def _glossary(s: Session, locales: Sequence[str]) -> dict[str, list[GlossaryEntry]]:
    out: dict[str, list[GlossaryEntry]] = {loc: [] for loc in locales}
    terms = s.scalars(
        select(GlossaryTermRow)
        .order_by(GlossaryTermRow.position)
        .options(selectinload(GlossaryTermRow.renderings))
    )
    for term in terms:
        for r in term.renderings:
            if r.locale in out and r.term:
                out[r.locale].append(
                    GlossaryEntry(term.id, r.term, tuple(r.variants), r.definition)
                )
    return out


def _snippets(s: Session) -> dict[tuple[str, str], str]:
    return {(row.snippet_id, row.locale): row.body for row in s.scalars(select(SnippetRow))}


def _variables(s: Session) -> dict[str, Variable]:
    return {
        v.name: Variable(v.name, v.kind, v.value, v.unit, {k: list(w) for k, w in v.terms.items()})
        for v in s.scalars(select(VariableRow))
    }


def _search_source(ws: Workspace, locale: str) -> SearchSource:
    index = ws.search.ensure(locale, "published")
    return SearchSource(index_state(index), functools.partial(_search_dump, ws, locale))


def _search_dump(ws: Workspace, locale: str) -> SearchDump:
    index = ws.search.ensure(locale, "published")
    dump = dump_index(index)
    analyzer, tuning = index.analyzer, index.tuning
    return SearchDump(
        locale=locale,
        k1=tuning.k1,
        b=tuning.b,
        synonym_weight=tuning.synonym_weight,
        chars_boost=tuning.boosts["chars"],
        stemmer=analyzer.stemmer_name,
        stopwords=dump.stopwords,
        fold=analyzer.fold,
        extra_folds=dict(analyzer.extra_folds),
        synonyms=dump.synonyms,
        doc_ids=dump.doc_ids,
        lengths=dump.lengths,
        postings=dump.postings,
    )
