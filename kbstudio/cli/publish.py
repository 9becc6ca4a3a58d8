"""`kbstudio publish` and `publish-site` build the static help center; `serve` previews it.

`kbstudio publish` keeps two promises: `publish SLUG --locale L` makes an approved text
live (the workflow action), and `publish OUT [--locale L ...]` builds the site into OUT.
An argument that names an article, with one locale and no site option, is the workflow
action; anything else is a folder (`./NAME` always is). `publish-site OUT` is the
unambiguous spelling for scripts.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kbstudio.cli.app import FORMATS, Context, cli, emit_json, pass_ctx, run_workflow_action
from kbstudio.domain.errors import NotFoundError
from kbstudio.domain.workflow import Action
from kbstudio.i18n import _
from kbstudio.publishing.serving import SiteHandler

if TYPE_CHECKING:
    from collections.abc import Callable


def _site_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(
        [
            click.option(
                "--locale", "-l", "locales", multiple=True, help=_("Only this locale (repeatable).")
            ),
            click.option("--zip", "zip_file", type=click.Path(dir_okay=False, path_type=Path)),
            click.option(
                "--include-internal", is_flag=True, help=_("Also publish internal articles.")
            ),
            click.option(
                "--base-url", help=_("Absolute URL of the site, for the sitemap and feeds.")
            ),
            click.option(
                "--strict", is_flag=True, help=_("Refuse to publish when a link is broken.")
            ),
            click.option("--format", "fmt", type=FORMATS, default="text", show_default=True),
        ]
    ):
        command = option(command)
    return command


@cli.command("publish")
@click.argument("target")
@_site_options
@click.option(
    "--comment", "-m", default="", help=_("Why (publishing an article; kept in the audit trail).")
)
@pass_ctx
def publish_command(
    ctx: Context,
    target: str,
    locales: tuple[str, ...],
    zip_file: Path | None,
    include_internal: bool,
    base_url: str | None,
    strict: bool,
    fmt: str,
    comment: str,
) -> None:
    """Publish an approved text (SLUG --locale L), or build the static site into a folder (OUT)."""
    site_options = zip_file or include_internal or base_url or strict or fmt != "text"
    if not site_options and len(locales) == 1 and _names_an_article(ctx, target, locales[0]):
        run_workflow_action(ctx, Action.PUBLISH, target, locale=locales[0], comment=comment)
        return
    if comment:
        raise click.UsageError(
            _("--comment is for publishing an article; no article is called {name!r}").format(
                name=target
            )
        )
    out = Path(target)
    if not out.exists() and len(locales) == 1 and _looks_like_a_slug(target):
        click.echo(
            _("No article is called {name!r}: building the site into the new folder {out}.").format(
                name=target, out=out
            ),
            err=True,
        )
    _build_site(ctx, out, locales, zip_file, include_internal, base_url, strict, fmt)


def _looks_like_a_slug(target: str) -> bool:
    return "/" not in target and not target.startswith(".")


def _names_an_article(ctx: Context, target: str, locale: str) -> bool:
    if not _looks_like_a_slug(target):
        return False
    try:
        ctx.workspace().show(target, locale=locale)
    except NotFoundError:
        return False
    return True


@cli.command("publish-site")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@_site_options
@pass_ctx
def publish_site_command(
    ctx: Context,
    out: Path,
    locales: tuple[str, ...],
    zip_file: Path | None,
    include_internal: bool,
    base_url: str | None,
    strict: bool,
    fmt: str,
) -> None:
    """Build the static help center into OUT from the live revisions (atomically)."""
    _build_site(ctx, out, locales, zip_file, include_internal, base_url, strict, fmt)


def _build_site(
    ctx: Context,
    out: Path,
    locales: tuple[str, ...],
    zip_file: Path | None,
    include_internal: bool,
    base_url: str | None,
    strict: bool,
    fmt: str,
) -> None:
    report = ctx.workspace().publish(
        out,
        locales=list(locales) or None,
        include_internal=include_internal,
        base_url=base_url,
        zip_file=zip_file,
        strict=strict,
    )
    if fmt == "json":
        emit_json(report)
        return
    for line in report.errors:
        click.echo(_("error: {msg}").format(msg=line), err=True)
    for line in report.warnings:
        click.echo(_("warning: {msg}").format(msg=line), err=True)
    click.echo(
        _("Published {out}: {written} pages written, {unchanged} unchanged, {files} files.").format(
            out=report.out,
            written=report.pages_written,
            unchanged=report.pages_unchanged,
            files=report.files,
        )
    )
    if report.external_links:
        click.echo(_("{n} external links (not checked).").format(n=len(report.external_links)))
    if report.next_rebuild is not None:
        click.echo(
            _("Rebuild by {when}: an announcement ends then.").format(
                when=report.next_rebuild.strftime("%Y-%m-%d %H:%M UTC")
            )
        )


@cli.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--port", "-p", type=int, default=8000, show_default=True)
def serve(out: Path, port: int) -> None:
    """Serve the site in OUT on 127.0.0.1 (a preview; use any static host in production)."""
    handler = functools.partial(SiteHandler, directory=str(out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        click.echo(
            _("Serving {out} at http://127.0.0.1:{port}/ (Ctrl+C stops)").format(
                out=out, port=server.server_address[1]
            )
        )
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
