"""QA of translations in the workspace, and the gate before a translation goes to review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kbstudio.domain.errors import ValidationError
from kbstudio.services import lookup
from kbstudio.services.translate_common import articles, load_terms, sources, terms_of
from kbstudio.translation import qa
from kbstudio.translation.segmentation import segment

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kbstudio.storage.models import ArticleRow, RevisionRow
    from kbstudio.translation.glossary import Term


@dataclass(frozen=True)
class QAResult:
    article_id: str
    locale: str
    issues: tuple[qa.Issue, ...]

    @property
    def errors(self) -> list[qa.Issue]:
        return [i for i in self.issues if i.severity == qa.ERROR]


def check_translation(
    session: Session, art: ArticleRow, locale: str, terms: list[Term] | None = None
) -> QAResult:
    """QA of the working translation against the source revision it was made from."""
    ws = lookup.settings(session)
    found = sources(session, art, locale)
    tr = found.translation if found else None
    if found is None or tr is None or tr.working is None:
        return QAResult(art.id, locale, ())
    terms = load_terms(session) if terms is None else terms
    base = _judged_against(found.base, found.current, tr.working.body)
    args = {
        "source_locale": ws.source_locale,
        "target_locale": locale,
        "terms": terms,
        "source_terms": terms_of(ws.source_locale),
        "target_terms": terms_of(locale),
    }
    issues = qa.check(base.body, tr.working.body, **args)  # type: ignore[arg-type]
    title_issues = [
        qa.Issue(i.code, i.severity, f"title: {i.message}")
        for i in qa.check(base.title, tr.working.title, **args)  # type: ignore[arg-type]
        if i.code not in ("length", "structure")
    ]
    return QAResult(art.id, locale, tuple(title_issues + issues))


def _judged_against(base: RevisionRow | None, current: RevisionRow, body: str) -> RevisionRow:
    """The source revision the text mirrors: its base, or the current source when a partial
    update already took the new structure."""
    if base is None:
        return current
    kinds = [u.kind for u in segment(body).segments]
    if kinds != [u.kind for u in segment(base.body).segments] and kinds == [
        u.kind for u in segment(current.body).segments
    ]:
        return current
    return base


def check_all(
    session: Session, *, locale: str | None = None, ref: str | None = None
) -> list[QAResult]:
    ws = lookup.settings(session)
    if locale is not None and locale not in ws.locales:
        raise ValidationError("unknown-locale", f"{locale} is not enabled here", field="--locale")
    terms = load_terms(session)
    chosen = [lookup.article(session, ref)] if ref else articles(session)
    out = []
    for art in chosen:
        for tr in sorted(art.translations, key=lambda t: t.locale):
            if tr.locale == ws.source_locale or tr.status == "archived":
                continue
            if locale and tr.locale != locale:
                continue
            out.append(check_translation(session, art, tr.locale, terms))
    return out


def require_clean(session: Session, art: ArticleRow, locale: str) -> None:
    """Refuse to send a translation with QA errors to review; name the errors."""
    errors = check_translation(session, art, locale).errors
    if errors:
        shown = "; ".join(e.message for e in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise ValidationError(
            "qa-failed",
            f"{art.id}/{locale} has {len(errors)} QA error(s): {shown}{more};"
            f" see `kbstudio qa --locale {locale}`",
        )
