"""Who may change which property of an article, and the rules the values must meet.

Article properties (type, owner, visibility, end date) belong to the people who run the
help center: admins, writers, publishers, and the article's owner. Reviewers may also set
the review-by date (they are the ones who check that a text is still true). Tags live on
each locale's text, so they follow the text: whoever may edit a locale's text may tag it
(writers the source, translators their locales, admins all).

PostgreSQL enforces the same rules for member logins (migration 0006, kb_check_article;
tags through kb_check_translation of migration 0005).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kbstudio.domain.errors import ValidationError
from kbstudio.domain.model import ArticleType
from kbstudio.domain.workflow import Role

if TYPE_CHECKING:
    import datetime as dt

    from kbstudio.domain.workflow import Actor

ARTICLE_FIELDS = ("type", "owner", "review_by", "visibility", "ends_at")
TAGS = "tags"
MAX_TAG = 64


def may_change(actor: Actor, field: str, *, owner: str | None) -> bool:
    """Whether *actor* may change the article property *field* (not tags)."""
    roles = actor.roles
    if roles & {Role.ADMIN, Role.WRITER, Role.PUBLISHER} or (owner and actor.name == owner):
        return True
    return field == "review_by" and Role.REVIEWER in roles


def may_tag(actor: Actor, locale: str, *, source_locale: str) -> bool:
    """Whether *actor* may change the tags of the article's text in *locale*."""
    if Role.ADMIN in actor.roles:
        return True
    if locale == source_locale:
        return Role.WRITER in actor.roles
    return Role.TRANSLATOR in actor.roles and locale in actor.locales


def refusal(actor: Actor, field: str, *, owner: str | None) -> str:
    if field == "review_by":
        who = "admins, writers, publishers, reviewers and the article's owner"
    else:
        who = "admins, writers, publishers and the article's owner"
    return f"{actor.name} cannot change {field}: only {who} may"


def tag_refusal(actor: Actor, locale: str, *, source_locale: str) -> str:
    who = "writers" if locale == source_locale else f"translators for {locale}"
    return f"{actor.name} cannot change the {locale} tags: only {who} and admins may"


def check_ends(article_type: str, ends_at: dt.datetime | None) -> None:
    """Only announcements end: an end date on anything else would silently do nothing."""
    if ends_at is not None and article_type != ArticleType.ANNOUNCEMENT.value:
        raise ValidationError(
            "bad-field",
            f"only announcements have an end date (this article is a {article_type});"
            " clear the end date or make it an announcement",
            field="ends_at",
        )


def check_tags(tags: list[str], *, field: str = TAGS) -> list[str]:
    """Trimmed, de-duplicated tags in their order; each one short and without commas."""
    out: list[str] = []
    for tag in tags:
        tag = tag.strip()
        if not tag:
            continue
        if "," in tag or "\n" in tag or len(tag) > MAX_TAG:
            raise ValidationError(
                "bad-field",
                f"bad tag {tag[:MAX_TAG]!r}: a tag is one line of at most {MAX_TAG}"
                " characters, without commas",
                field=field,
            )
        if tag not in out:
            out.append(tag)
    return out
