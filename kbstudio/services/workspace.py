"""The Workspace: the one facade over a help center that the CLI and the GUI call.

Each call runs in its own transaction: it commits whole or not at all. Mutating calls
return a Change (or a report) describing what changed.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from kbstudio.domain.errors import ConflictError, KBError, ValidationError
from kbstudio.domain.ids import check_id
from kbstudio.domain.locales import check_locale
from kbstudio.domain.workflow import Action, Role
from kbstudio.health.model import HealthConfig
from kbstudio.interchange.docs_layout import read_docs
from kbstudio.interchange.reader import WORKSPACE_FILE, read_folder
from kbstudio.services import (
    audit,
    conflicts,
    editing,
    exporter,
    health,
    importer,
    lookup,
    properties,
    searchlog,
    snippets,
    views,
)
from kbstudio.services.changes import Change, ImportReport
from kbstudio.services.config import WorkspaceConfig, load_config, write_config
from kbstudio.services.teamops import EDIT_ATTEMPTS, TeamOps
from kbstudio.storage.engine import make_engine, migrate
from kbstudio.storage.models import (
    ArticleRow,
    Base,
    CategoryRow,
    GlossaryTermRow,
    SnippetRow,
    UserRow,
    WorkspaceRow,
)

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable, Iterator, Sequence
    from pathlib import Path

    from kbstudio.interchange.reader import ReadResult
    from kbstudio.services.publish import PublishReport
    from kbstudio.services.search import SearchService
    from kbstudio.services.translation import Translation

LAYOUTS = ("auto", "kbstudio", "docs")


@dataclass(frozen=True)
class Summary:
    name: str
    source_locale: str
    locales: list[str]
    articles: int
    categories: int
    terms: int
    snippets: int
    users: int
    by_locale: dict[str, Counter[str]]
    outdated: dict[str, int]
    db_url: str


class Workspace(TeamOps):
    """A help center on disk: its folder, its database and the services over them."""

    def __init__(self, config: WorkspaceConfig) -> None:
        self.config = config
        self.engine = make_engine(config.db_url)
        self.backup = migrate(self.engine, backup_dir=config.backup_dir)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @functools.cached_property
    def translation(self) -> Translation:
        """The translation workflow, loaded at first use (it is not needed to open)."""
        from kbstudio.services.translation import Translation

        return Translation(self)

    @functools.cached_property
    def search(self) -> SearchService:
        """The search indexes, opened at first use: Whoosh and NumPy stay out of start-up."""
        from kbstudio.services.search import SearchService

        cfg = self.config
        return SearchService(cfg.data_dir, self.session, cfg.root / "search_index")

    # -- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path) -> Workspace:
        return cls(load_config(root))

    @classmethod
    def init(
        cls,
        root: Path,
        *,
        db_url: str | None = None,
        name: str | None = None,
        source_locale: str = "en",
    ) -> Workspace:
        """Create a workspace in *root* with an admin user; refuse to overwrite one."""
        if (root / "kbstudio.toml").exists():
            raise KBError("exists", f"{root} is already a workspace")
        ws = cls(write_config(root, db_url))
        with ws.session() as s:
            if s.get(WorkspaceRow, 1) is None:
                s.add(
                    WorkspaceRow(
                        id=1,
                        name=name or root.resolve().name,
                        source_locale=check_locale(source_locale),
                        locales=[source_locale],
                    )
                )
                s.add(UserRow(name="admin", display="Administrator", roles=["admin"], locales=[]))
                audit.record(
                    s,
                    actor="admin",
                    action="init",
                    entity="workspace",
                    entity_id="workspace",
                    db=ws.config.db_url.split("@")[-1],
                )
        return ws

    def close(self) -> None:
        if "search" in self.__dict__:
            self.search.close()
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commits whole or rolls back whole.

        Another client's change to the same row surfaces as a ConflictError ("stale"),
        a lost server connection as a KBError ("db-unavailable"); both say to retry.
        """
        try:
            with self._sessions.begin() as s:
                yield s
        except StaleDataError:
            raise ConflictError(
                "stale",
                "someone else changed this at the same moment; nothing was saved: try again",
            ) from None
        except DBAPIError as exc:
            if conflicts.connection_lost(exc):
                raise conflicts.lost_error(exc) from exc
            raise

    # -- import and export --------------------------------------------------------

    def import_path(
        self,
        path: Path,
        *,
        actor: str = "admin",
        layout: str = "auto",
        source_locale: str | None = None,
    ) -> ImportReport:
        """Import a folder; every good file is imported even when others fail."""
        if layout not in LAYOUTS:
            raise ValidationError("bad-layout", f"layout must be one of {', '.join(LAYOUTS)}")
        if not path.is_dir():
            raise ValidationError("not-found", f"{path} is not a folder", file=str(path))
        if layout == "auto":
            layout = "kbstudio" if (path / WORKSPACE_FILE).exists() else "docs"
        with self.session() as s:
            who = lookup.actor(s, actor)
            if not who.has(Role.ADMIN):
                raise KBError("forbidden", f"{actor} cannot import: only admins may import")
            if source_locale is None and layout == "docs":
                source_locale = lookup.settings(s).source_locale
        result: ReadResult = (
            read_folder(path)
            if layout == "kbstudio"
            else read_docs(path, source_locale=source_locale)
        )
        with self.session() as s:
            report = importer.apply_bundle(s, result.bundle, actor=actor)
            report.errors[:0] = [str(e) for e in result.errors]
            audit.record(
                s,
                actor=actor,
                action="import",
                entity="workspace",
                entity_id="workspace",
                source=str(path),
                layout=layout,
                created=len(report.created),
                updated=len(report.updated),
                errors=len(report.errors),
            )
        self._after_import(report)
        self.search.note_own_import(actor)
        return report

    def _after_import(self, report: ImportReport) -> None:
        """Keep search in step: changed texts re-indexed, a changed glossary re-tuned."""
        if any(item.startswith("term ") for item in report.created + report.updated):
            self.search.forget_tuning()  # synonyms changed: indexes rebuild at next use
        keys = []
        for item in report.created + report.updated:
            if item.startswith("text "):
                article_id, locale = item.removeprefix("text ").split("/", 1)
                keys.append((article_id, locale))
        self.search.refresh(keys)

    def export(self, root: Path) -> list[str]:
        with self.session() as s:
            return exporter.export_folder(s, root)

    # -- reading -----------------------------------------------------------------

    def translations(
        self, *, locale: str | None = None, status: str | None = None
    ) -> list[views.TranslationInfo]:
        with self.session() as s:
            return views.list_translations(s, locale=locale, status=status)

    def show(self, ref: str, *, locale: str | None = None) -> tuple[views.TranslationInfo, str]:
        """The translation's facts and its working Markdown body."""
        with self.session() as s:
            locale = locale or lookup.settings(s).source_locale
            art = lookup.article(s, ref, locale)
            tr = lookup.require_translation(s, art, locale)
            return views.translation_info(s, art, locale), tr.working.body if tr.working else ""

    def history(self, ref: str, *, locale: str) -> list[views.RevisionInfo]:
        with self.session() as s:
            return views.history(s, lookup.article(s, ref, locale), locale)

    def diff(self, ref: str, *, locale: str, a: int, b: int) -> str:
        with self.session() as s:
            return views.diff(s, lookup.article(s, ref, locale), locale, a, b)

    def audit(
        self,
        *,
        entity_id: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        limit: int | None = None,
    ) -> list[audit.AuditEvent]:
        with self.session() as s:
            return audit.events(s, entity_id=entity_id, actor=actor, action=action, limit=limit)

    def summary(self) -> Summary:
        with self.session() as s:
            ws = lookup.settings(s)
            infos = views.list_translations(s)
            by_locale: dict[str, Counter[str]] = {loc: Counter() for loc in ws.locales}
            outdated: Counter[str] = Counter()
            for info in infos:
                by_locale.setdefault(info.locale, Counter())[info.status] += 1
                outdated[info.locale] += info.outdated

            def count(model: type[Base]) -> int:
                return s.scalar(select(func.count()).select_from(model)) or 0

            return Summary(
                name=ws.name,
                source_locale=ws.source_locale,
                locales=list(ws.locales),
                articles=count(ArticleRow),
                categories=count(CategoryRow),
                terms=count(GlossaryTermRow),
                snippets=s.scalar(select(func.count(func.distinct(SnippetRow.snippet_id)))) or 0,
                users=count(UserRow),
                by_locale=by_locale,
                outdated=dict(outdated),
                db_url=self.engine.url.render_as_string(hide_password=True),
            )

    # -- writing -----------------------------------------------------------------

    def edit(
        self,
        ref: str,
        *,
        locale: str,
        body: str,
        actor: str,
        title: str | None = None,
        slug: str | None = None,
        tags: list[str] | None = None,
        comment: str = "",
        major: bool = False,
        base_revision: int | None = None,
    ) -> Change:
        """Save a new working revision; a lost race keeps the text as a conflict revision."""
        for attempt in range(EDIT_ATTEMPTS):
            try:
                change = self._edit_once(
                    ref,
                    locale=locale,
                    body=body,
                    actor=actor,
                    title=title,
                    slug=slug,
                    tags=tags,
                    comment=comment,
                    major=major,
                    base_revision=base_revision,
                )
                break
            except ConflictError as exc:
                if exc.code == "stale" and attempt + 1 < EDIT_ATTEMPTS:
                    continue  # a concurrent save won the row: look again
                if exc.code != "conflict" or base_revision is None:
                    raise
                return self._keep_conflict(
                    ref, locale=locale, body=body, actor=actor, title=title,
                    comment=comment, base_revision=base_revision,
                )  # fmt: skip
            except conflicts.RACES:
                if attempt + 1 == EDIT_ATTEMPTS:
                    raise
        # After the commit: the index never shows what the database does not hold.
        if change.changed:
            # A save changes the working text only; the live one stays until publish.
            self.search.refresh([(change.article_id, locale)], views=("working",))
        return change

    def _edit_once(
        self,
        ref: str,
        *,
        locale: str,
        body: str,
        actor: str,
        title: str | None,
        slug: str | None,
        tags: list[str] | None,
        comment: str,
        major: bool,
        base_revision: int | None,
    ) -> Change:
        with self.session() as s:
            conflicts.lock_translation(s, ref, locale)
            change = editing.edit(
                s,
                actor=lookup.actor(s, actor),
                art=lookup.article(s, ref, locale),
                locale=locale,
                body=body,
                title=title,
                slug=slug,
                tags=tags,
                comment=comment,
                major=major,
                base_revision=base_revision,
            )
        return change

    def act(
        self, action: Action, ref: str, *, locale: str, actor: str, comment: str = ""
    ) -> Change:
        with self.session() as s:
            change = editing.act(
                s,
                actor=lookup.actor(s, actor),
                art=lookup.article(s, ref, locale),
                locale=locale,
                action=action,
                comment=comment,
            )
        # Publishing, archiving and restoring change what readers see too.
        live = action in (Action.PUBLISH, Action.ARCHIVE, Action.RESTORE)
        views = ("working", "published") if live else ("working",)
        self.search.refresh([(change.article_id, locale)], views=views)
        return change

    def set_properties(
        self,
        ref: str,
        *,
        actor: str,
        expected_lock_version: int | None = None,
        type: str | properties.Unset = properties.UNSET,
        owner: str | properties.Unset | None = properties.UNSET,
        review_by: str | dt.date | properties.Unset | None = properties.UNSET,
        visibility: str | properties.Unset = properties.UNSET,
        ends_at: str | dt.datetime | properties.Unset | None = properties.UNSET,
        tags: dict[str, list[str]] | None = None,
        comment: str = "",
    ) -> properties.PropertiesChange:
        """Change the given article properties; see services.properties.set_properties."""
        with self.session() as s:
            change = properties.set_properties(
                s,
                actor=lookup.actor(s, actor),
                art=lookup.article(s, ref),
                expected_lock_version=expected_lock_version,
                type=type,
                owner=owner,
                review_by=review_by,
                visibility=visibility,
                ends_at=ends_at,
                tags=tags,
                comment=comment,
            )
        if change.changed:
            # Type and tags are stored in both views; visibility and end date decide
            # what the published view holds.
            self.search.refresh([(change.article_id, loc) for loc in change.locales])
        return change

    def add_user(
        self, name: str, *, roles: list[str], locales: list[str], actor: str, display: str = ""
    ) -> Change:
        with self.session() as s:
            who = lookup.actor(s, actor)
            if not who.has(Role.ADMIN):
                raise KBError("forbidden", f"{actor} cannot add users: only admins may")
            check_id(name, field="NAME")
            try:
                parsed = [Role(r).value for r in roles]
            except ValueError:
                known = ", ".join(r.value for r in Role)
                raise ValidationError(
                    "bad-role", f"unknown role in {roles} (known: {known})", field="--role"
                ) from None
            enabled = lookup.settings(s).locales
            for loc in locales:
                if check_locale(loc, field="--locales") not in enabled:
                    raise ValidationError(
                        "unknown-locale", f"{loc} is not enabled here", field="--locales"
                    )
            bound = {Role.TRANSLATOR.value, Role.REVIEWER.value} & set(parsed)
            if bound and not locales:
                raise ValidationError(
                    "no-locales", f"a {'/'.join(sorted(bound))} needs --locales", field="--locales"
                )
            row = s.get(UserRow, name)
            verb = "user-update" if row else "user-add"
            if row is None:
                row = UserRow(name=name, active=True)
                s.add(row)
            row.display, row.roles, row.locales = display or row.display or name, parsed, locales
            audit.record(
                s,
                actor=actor,
                action=verb,
                entity="user",
                entity_id=name,
                roles=parsed,
                locales=locales,
            )
            return Change(verb, "", "", "", message=f"{name}: {', '.join(parsed)}")

    def users(self) -> list[UserRow]:
        with self.session() as s:
            return list(s.scalars(select(UserRow).order_by(UserRow.name)))

    # -- search log ----------------------------------------------------------------

    def import_search_log(self, path: Path, *, actor: str = "admin") -> int:
        with self.session() as s:
            if not lookup.actor(s, actor).has(Role.ADMIN):
                raise KBError("forbidden", f"{actor} cannot import search logs: only admins may")
            return searchlog.import_csv(s, path, enabled=list(lookup.settings(s).locales))

    def search_gaps(
        self, *, locale: str | None = None, min_count: int = 1, view: str = "published"
    ) -> list[searchlog.Gap]:
        with self.session() as s:
            rows = searchlog.frequent_queries(s, locale, min_count)
        return searchlog.gaps(self.search, rows, view=view)

    # -- content health ------------------------------------------------------------

    def check(
        self,
        *,
        locale: str | None = None,
        with_search: bool = True,
        check_external: bool = False,
        allow_hosts: tuple[str, ...] = (),
        now: dt.datetime | None = None,
        due_days: int = 14,
        verify_days: int = 365,
    ) -> health.HealthReport:
        config = HealthConfig(
            now=now or dt.datetime.now(dt.UTC), due_days=due_days, verify_days=verify_days
        )
        with self.session() as s:
            if locale is not None and locale not in lookup.settings(s).locales:
                raise ValidationError("unknown-locale", f"{locale} is not enabled here")
            return health.run_checks(
                s,
                config=config,
                search=self.search if with_search else None,
                locale=locale,
                check_external=check_external,
                allow_hosts=allow_hosts,
            )

    def edit_snippet(
        self,
        snippet_id: str,
        *,
        locale: str,
        body: str,
        actor: str,
        title: str | None = None,
        comment: str = "",
    ) -> snippets.SnippetChange:
        with self.session() as s:
            change = snippets.edit_snippet(
                s,
                actor=lookup.actor(s, actor),
                snippet_id=snippet_id,
                locale=locale,
                body=body,
                title=title,
                comment=comment,
            )
        self.search.refresh(list(change.back_to_review), views=("working",))
        return change

    # -- publishing ------------------------------------------------------------------

    def publish(
        self,
        out: Path,
        *,
        locales: Sequence[str] | None = None,
        include_internal: bool = False,
        base_url: str | None = None,
        zip_file: Path | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        cancel: threading.Event | None = None,
        strict: bool = False,
    ) -> PublishReport:
        """Build the static help center into *out*: see services.publish.publish_site."""
        # Imported here: the site builder's libraries stay off the start-up path.
        from kbstudio.services.publish import publish_site

        return publish_site(
            self,
            out,
            locales=locales,
            include_internal=include_internal,
            base_url=base_url,
            zip_file=zip_file,
            progress=progress,
            cancel=cancel,
            strict=strict,
        )
