"""What the side-by-side translation editor needs beyond the batch pre-fill.

Unit by unit and Qt-free: machine-translate chosen units with progress and cancel, and
save the edited units as the translation's new revision (machine flag and source base
set the way the batch pre-fill sets them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kbstudio.domain.errors import KBError
from kbstudio.services import conflicts, editing, lookup
from kbstudio.services.revisions import machine_hashes
from kbstudio.services.translate_common import load_terms, sources, terms_of
from kbstudio.translation import qa
from kbstudio.translation.protect import PlaceholderError, protect
from kbstudio.translation.providers import ProviderError
from kbstudio.translation.segmentation import segment

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable, Sequence

    from kbstudio.services.changes import Change
    from kbstudio.services.workspace import Workspace
    from kbstudio.translation.glossary import Term


@dataclass(frozen=True)
class MachineText:
    """One unit's machine translation, or why there is none."""

    index: int  # the unit's index; -1 is the title
    text: str | None
    error: str | None = None


@dataclass(frozen=True)
class UnitChecker:
    """QA of one unit as the translator types: glossary renderings and numbers."""

    terms: list[Term]
    source_locale: str
    locale: str

    def check(self, source: str, target: str) -> list[str]:
        if not target.strip():
            return []
        src = qa.Matcher(self.source_locale, terms_of(self.source_locale))
        dst = qa.Matcher(self.locale, terms_of(self.locale))
        issues = qa.glossary(source, target, self.terms, src, dst) + qa.number_issues(
            source, target, None
        )
        return [i.message for i in issues]


def checker(ws: Workspace, locale: str) -> UnitChecker:
    with ws.session() as s:
        return UnitChecker(load_terms(s), lookup.settings(s).source_locale, locale)


def machine_translate(
    ws: Workspace,
    units: list[tuple[int, str]],
    *,
    locale: str,
    provider: str | None = None,
    url: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[MachineText]:
    """Translate each (index, source text) with the provider; stop early when cancelled."""
    engine = ws.translation.engine(provider, url, locale)
    with ws.session() as s:
        terms = load_terms(s)
        source_locale = lookup.settings(s).source_locale
    out: list[MachineText] = []
    for done, (index, text) in enumerate(units):
        if cancel is not None and cancel.is_set():
            break
        if progress is not None:
            progress(done, len(units), text[:40])
        prepared = protect(text, terms=terms, source_locale=source_locale, target_locale=locale)
        try:
            out.append(MachineText(index, prepared.restore(engine.translate(prepared.text))))
        except (ProviderError, PlaceholderError) as exc:
            out.append(MachineText(index, None, str(exc)))
    if progress is not None and not (cancel is not None and cancel.is_set()):
        progress(len(units), len(units), "")
    return out


def save_units(
    ws: Workspace,
    ref: str,
    *,
    locale: str,
    actor: str,
    title: str,
    texts: list[str],
    machine: bool,
    complete: bool,
    base_revision: int | None = None,
    comment: str = "",
    machine_marks: Sequence[bool] | None = None,
) -> Change:
    """Save the units (title first, then the body's units in source order) as a revision.

    *complete* says every changed unit was redone: only then does the translation follow
    the current source; otherwise it stays based on the old one, and so on the list.
    *machine_marks* (title first, like the texts) says which units are machine output no
    human edited; they stay marked when the translation is opened again.
    """
    with ws.session() as s:
        conflicts.lock_translation(s, ref, locale)
        art = lookup.article(s, ref, locale)
        found = sources(s, art, locale)
        if found is None:
            raise KBError("no-source", f"{art.id} has no source text")
        current = segment(found.current.body)
        if len(texts) != len(current.segments):
            raise KBError(
                "unit-count",
                f"{art.id}: {len(texts)} units given, the source has {len(current.segments)}",
            )
        marked: list[str] | None = None
        if machine_marks is not None:
            units = [title, *texts]
            if len(machine_marks) != len(units):
                raise KBError("unit-count", f"{len(machine_marks)} marks for {len(units)} units")
            marked = machine_hashes(t for t, m in zip(units, machine_marks, strict=True) if m)
        change = editing.edit(
            s,
            actor=lookup.actor(s, actor),
            art=art,
            locale=locale,
            body=current.rebuild(texts),
            title=title,
            slug=None if found.translation else lookup.source_translation(s, art).slug,  # type: ignore[union-attr]
            comment=comment,
            base_revision=base_revision,
            machine_translated=machine or bool(marked),
            machine_units=marked,
            based_on=None if complete else found.base,
        )
    if change.changed:
        ws.search.refresh([(change.article_id, locale)], views=("working",))
    return change
