"""`kbstudio set`: change an article's properties (type, owner, dates, visibility, tags)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from kbstudio.cli.app import FORMATS, Context, cli, emit_json, pass_ctx
from kbstudio.domain.errors import ValidationError
from kbstudio.i18n import _
from kbstudio.services.properties import UNSET

if TYPE_CHECKING:
    from kbstudio.services.properties import PropertiesChange


def _or_none(value: str | None) -> Any:
    """Not given: leave the field; "none": clear it."""
    if value is None:
        return UNSET
    return None if value.strip().lower() == "none" else value


@cli.command("set")
@click.argument("slug")
@click.option("--type", "type_", help=_("faq, guide, announcement or notice."))
@click.option("--owner", help=_("A user name, or none."))
@click.option("--review-by", help=_("A date like 2027-03-01, or none."))
@click.option("--visibility", help=_("public or internal."))
@click.option("--ends-at", help=_("Announcements: a time like 2026-12-09T06:00Z (UTC), or none."))
@click.option("--tags", help=_("Comma-separated tags of the --locale text (empty: no tags)."))
@click.option("--locale", "-l", help=_("The locale whose tags --tags sets."))
@click.option("--base-version", type=int, help=_("Refuse if someone changed them after this."))
@click.option("--comment", "-m", default="")
@click.option("--format", "fmt", type=FORMATS, default="text")
@pass_ctx
def set_properties(
    ctx: Context,
    slug: str,
    type_: str | None,
    owner: str | None,
    review_by: str | None,
    visibility: str | None,
    ends_at: str | None,
    tags: str | None,
    locale: str | None,
    base_version: int | None,
    comment: str,
    fmt: str,
) -> None:
    """Change the given properties of article SLUG; the others stay as they are."""
    tag_map: dict[str, list[str]] | None = None
    if tags is not None:
        if not locale:
            raise ValidationError("missing-field", _("--tags needs --locale"), field="--locale")
        tag_map = {locale: [t for t in tags.split(",") if t.strip()]}
    change = ctx.workspace().set_properties(
        slug,
        actor=ctx.actor(),
        expected_lock_version=base_version,
        type=type_ if type_ is not None else UNSET,
        owner=_or_none(owner),
        review_by=_or_none(review_by),
        visibility=visibility if visibility is not None else UNSET,
        ends_at=_or_none(ends_at),
        tags=tag_map,
        comment=comment,
    )
    if fmt == "json":
        emit_json(_as_json(change))
        return
    if not change.changed:
        click.echo(_("{article}: nothing to change").format(article=change.article_id))
        return
    for name, (old, new) in change.changes.items():
        click.echo(f"{change.article_id} {name}: {_shown(old)} → {_shown(new)}")
    click.echo(_("Properties version {n}").format(n=change.lock_version))


def _shown(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "-"
    return "-" if value is None else str(value)


def _as_json(change: PropertiesChange) -> dict[str, Any]:
    return {
        "article_id": change.article_id,
        "lock_version": change.lock_version,
        "changed": change.changed,
        "changes": {k: {"old": v[0], "new": v[1]} for k, v in change.changes.items()},
    }
