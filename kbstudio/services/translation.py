"""The translation part of the Workspace facade (``Workspace.translation``).

Qt-free on purpose: the GUI calls these from a worker thread, passing a
``progress(done, total, label)`` callable and a ``threading.Event`` to cancel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kbstudio.domain.errors import KBError, ValidationError, WorkflowError
from kbstudio.domain.workflow import Role
from kbstudio.services import audit, lookup, translate_exchange, translate_qa
from kbstudio.services import translate as prefill
from kbstudio.services import translate_settings as provider_config
from kbstudio.services import translate_status as status
from kbstudio.services.translate_common import load_terms, memory, sources
from kbstudio.translation.diff import SourceDiff, diff_source
from kbstudio.translation.providers import (
    PROVIDERS,
    TESTED,
    ProviderError,
    ProviderSettings,
    make_client,
)
from kbstudio.translation.pseudo import pseudo
from kbstudio.translation.segmentation import Document, segment

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from kbstudio.services.workspace import Workspace
    from kbstudio.storage.models import ArticleRow
    from kbstudio.translation.memory import TranslationMemory


@dataclass
class BatchResult:
    locale: str
    results: list[prefill.TranslateResult] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # articles refused as a whole, with why
    cancelled: bool = False
    total: int = 0


@dataclass(frozen=True)
class ProviderInfo:
    settings: ProviderSettings
    has_key: bool
    tested: bool
    default: bool


class Translation:
    """Outdated lists, unit views, pre-fill, QA, XLIFF and TMX for one workspace."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    # -- reading -------------------------------------------------------------------

    def outdated(self, *, locale: str | None = None) -> list[status.OutdatedInfo]:
        with self._ws.session() as s:
            return status.outdated(s, locale=locale)

    def source_diff(self, ref: str, *, locale: str) -> SourceDiff:
        """The unit-level diff of the source since the translation's base, aligned to it."""
        with self._ws.session() as s:
            art = lookup.article(s, ref, locale)
            found = sources(s, art, locale)
            if found is None:
                raise KBError("no-source", f"{art.id} has no source text")
            own = found.translation.working if found.translation else None
            base = segment(found.base.body) if found.base else Document("", ())
            return diff_source(
                base, segment(found.current.body), segment(own.body) if own else None
            )

    def units(self, ref: str, *, locale: str) -> list[status.UnitView]:
        """Each unit with its old source, own text, memory matches, glossary hints, warnings."""
        with self._ws.session() as s:
            art = lookup.article(s, ref, locale)
            return status.unit_views(s, art, locale, memory(s, locale), load_terms(s))

    def qa(
        self, *, locale: str | None = None, ref: str | None = None
    ) -> list[translate_qa.QAResult]:
        with self._ws.session() as s:
            return translate_qa.check_all(s, locale=locale, ref=ref)

    def pseudo(self, ref: str) -> tuple[str, str]:
        """The source title and body pseudo-localized (nothing is saved)."""
        with self._ws.session() as s:
            art = lookup.article(s, ref)
            found = sources(s, art, lookup.settings(s).source_locale)
            if found is None:
                raise KBError("no-source", f"{art.id} has no source text")
            doc = segment(found.current.body)
            return pseudo(found.current.title), doc.rebuild([pseudo(x.text) for x in doc.segments])

    # -- providers -----------------------------------------------------------------

    def providers(self) -> list[ProviderInfo]:
        default, configured = provider_config.load(self._ws.config.root)
        uid = self._uid()
        return [
            ProviderInfo(
                configured.get(name, ProviderSettings(name)),
                provider_config.get_key(uid, name) is not None,
                name in TESTED,
                name == default,
            )
            for name in PROVIDERS
        ]

    def set_provider(
        self,
        settings: ProviderSettings,
        *,
        key: str | None = None,
        default: bool = False,
        actor: str = "admin",
    ) -> None:
        """Save a provider's settings in kbstudio.toml and its key in the OS keyring."""
        if settings.name not in PROVIDERS:
            raise ValidationError("bad-provider", f"unknown provider {settings.name!r}")
        provider_config.save(self._ws.config.root, settings, default=default)
        if key:
            provider_config.set_key(self._uid(), settings.name, key)
        with self._ws.session() as s:
            lookup.actor(s, actor)  # a known user (in team mode: the login itself)
            # The event says a key was stored, never the key.
            audit.record(
                s,
                actor=actor,
                action="provider-set",
                entity="provider",
                entity_id=settings.name,
                url=settings.url,
                default=default,
                key_stored=bool(key),
            )

    def _uid(self) -> str:
        with self._ws.session() as s:
            return lookup.settings(s).uid

    def engine(self, provider: str | None, url: str | None, target: str) -> prefill.Engine:
        """A provider client for translating into *target* (the editor's per-unit calls)."""
        return self._engine(provider, url, target, None)

    def _engine(
        self,
        provider: str | None,
        url: str | None,
        target: str,
        sleep: Callable[[float], None] | None,
    ) -> prefill.Engine:
        settings = provider_config.settings_for(self._ws.config.root, provider, url=url)
        with self._ws.session() as s:
            ws = lookup.settings(s)
            uid, source = ws.uid, ws.source_locale
        if target not in ws.locales or target == source:
            raise ValidationError(
                "unknown-locale", f"{target} is not a target locale here", field="--to"
            )
        key = provider_config.get_key(uid, settings.name)
        try:
            client = make_client(settings, key=key, source=source, target=target)
        except ProviderError as exc:
            raise ValidationError(f"provider-{exc.kind}", f"{settings.name}: {exc}") from None
        return prefill.Engine(settings, client, sleep)

    # -- translating -----------------------------------------------------------------

    def translate(
        self,
        ref: str,
        *,
        locale: str,
        actor: str,
        provider: str | None = None,
        url: str | None = None,
        dry_run: bool = False,
        use_provider: bool = True,
        sleep: Callable[[float], None] | None = None,
    ) -> prefill.TranslateResult:
        """Pre-fill one article's translation: memory first, then the provider; save a draft."""
        engine = self._engine(provider, url, locale, sleep) if use_provider else None
        with self._ws.session() as s:
            art = lookup.article(s, ref)
            result = self._one(s, art, locale, actor, engine, memory(s, locale), dry_run)
        self._refresh(result)
        return result

    @staticmethod
    def _one(
        s: Session,
        art: ArticleRow,
        locale: str,
        actor: str,
        engine: prefill.Engine | None,
        tm: TranslationMemory,
        dry_run: bool,
    ) -> prefill.TranslateResult:
        who = None if dry_run else lookup.actor(s, actor)
        return prefill.translate_article(
            s, art=art, locale=locale, actor=who, memory=tm, engine=engine, dry_run=dry_run
        )

    def translate_all(
        self,
        locale: str,
        *,
        actor: str,
        provider: str | None = None,
        url: str | None = None,
        dry_run: bool = False,
        use_provider: bool = True,
        progress: Callable[[int, int, str], None] | None = None,
        cancel: threading.Event | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> BatchResult:
        """Pre-fill every missing or outdated article of *locale*, one transaction each."""
        engine = self._engine(provider, url, locale, sleep) if use_provider else None
        with self._ws.session() as s:
            todo = [a.id for a in prefill.pending(s, locale)]
            tm = memory(s, locale)
        batch = BatchResult(locale, total=len(todo))
        for done, article_id in enumerate(todo):
            if cancel is not None and cancel.is_set():
                batch.cancelled = True
                break
            if progress is not None:
                progress(done, len(todo), article_id)
            try:
                with self._ws.session() as s:
                    art = lookup.article(s, article_id)
                    result = self._one(s, art, locale, actor, engine, tm, dry_run)
            except KBError as exc:
                batch.failed.append(f"{article_id}: {exc}")
                continue
            batch.results.append(result)
            self._refresh(result)
        if progress is not None and not batch.cancelled:
            progress(len(todo), len(todo), "")
        return batch

    def _refresh(self, result: prefill.TranslateResult) -> None:
        if result.change is not None and result.change.changed:
            self._ws.search.refresh([(result.article_id, result.locale)], views=("working",))

    # -- files -------------------------------------------------------------------------

    def export_xliff(self, locale: str, refs: list[str] | None = None) -> bytes:
        with self._ws.session() as s:
            return translate_exchange.export_xliff(s, locale, refs)

    def import_xliff(
        self, data: bytes, *, actor: str, shown: str = "XLIFF"
    ) -> translate_exchange.XliffReport:
        with self._ws.session() as s:
            report = translate_exchange.import_xliff(
                s, data, actor=lookup.actor(s, actor), shown=shown
            )
        for result in report.applied:
            self._refresh(result)
        return report

    def export_tmx(self, locale: str) -> bytes:
        with self._ws.session() as s:
            return translate_exchange.export_tmx(s, locale)

    def import_tmx(
        self, data: bytes, *, locale: str, shown: str = "TMX", actor: str = "admin"
    ) -> int:
        with self._ws.session() as s:
            who = lookup.actor(s, actor)
            if not (who.has(Role.ADMIN) or (who.has(Role.TRANSLATOR) and locale in who.locales)):
                raise WorkflowError(
                    "forbidden",
                    f"{actor} cannot import translation memory: only translators for {locale}"
                    " or admins may",
                )
            return translate_exchange.import_tmx(s, data, locale=locale, shown=shown, actor=actor)
