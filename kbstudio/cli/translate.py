"""Translation commands: outdated, changes, translate, qa, xliff, tm, provider, pseudo."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from kbstudio.cli.app import FORMATS, Context, cli, emit_json, pass_ctx
from kbstudio.domain.errors import KBError
from kbstudio.i18n import _
from kbstudio.services.translate import MT, TM, TranslateResult
from kbstudio.translation.providers import PROVIDERS, ProviderSettings


@cli.command()
@click.option("--locale", "-l")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@pass_ctx
def outdated(ctx: Context, locale: str | None, fmt: str) -> None:
    """List outdated translations: how old and how much of the source changed."""
    rows = ctx.workspace().translation.outdated(locale=locale)
    if fmt == "json":
        emit_json(rows)
        return
    for r in rows:
        click.echo(
            _("{id:<28} {locale:<8} v{old}→v{new}  {days} days  {n}/{total} units changed").format(
                id=r.article_id,
                locale=r.locale,
                old=r.based_on_version,
                new=r.source_version,
                days=r.age_days,
                n=r.changed_units,
                total=r.total_units,
            )
        )
    click.echo(_("{n} outdated translations").format(n=len(rows)), err=True)


@cli.command()
@click.argument("slug")
@click.option("--locale", "-l", required=True)
@click.option("--all-units", is_flag=True, help=_("Also show the units that did not change."))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@pass_ctx
def changes(ctx: Context, slug: str, locale: str, all_units: bool, fmt: str) -> None:
    """Show the source units that changed since the translation was made, beside it."""
    diff = ctx.workspace().translation.source_diff(slug, locale=locale)
    units = [u for u in diff.units if all_units or u.status != "same"]
    if fmt == "json":
        emit_json({"changed": diff.changed, "share": diff.share, "units": units})
        return
    for u in units:
        click.echo(f"[{u.status}] {u.kind} {u.new_index if u.new_index is not None else '-'}")
        if u.old is not None and u.status != "same":
            click.echo(_("  old source:  {text}").format(text=u.old))
        if u.new is not None:
            click.echo(_("  new source:  {text}").format(text=u.new))
        if u.translation is not None:
            click.echo(_("  translation: {text}").format(text=u.translation))
    click.echo(
        _("{n} of {total} units changed").format(n=diff.changed, total=len(diff.units)), err=True
    )


def _show_result(result: TranslateResult) -> None:
    head = f"{result.article_id}/{result.locale}"
    if result.dry_run:
        for u in result.units:
            if u.origin == MT:
                click.echo(
                    _("--- {head} unit {n} ({kind}) would be sent:").format(
                        head=head, n=u.index, kind=u.kind
                    )
                )
                click.echo(u.sent)
            elif u.origin == TM:
                click.echo(
                    _("--- {head} unit {n} ({kind}) from memory ({score}%)").format(
                        head=head, n=u.index, kind=u.kind, score=u.score
                    )
                )
        return
    counts = _("{kept} kept, {tm} from memory, {mt} machine, {failed} failed").format(
        kept=result.count("kept"),
        tm=result.count(TM),
        mt=result.count(MT),
        failed=len(result.errors),
    )
    if result.change is not None and result.change.changed:
        click.echo(
            _("{head}: saved draft revision {n} ({counts})").format(
                head=head, n=result.change.revision, counts=counts
            )
        )
    else:
        click.echo(_("{head}: nothing saved ({counts})").format(head=head, counts=counts))
    for u in result.errors:
        click.echo(
            _("error: {head} unit {n} ({kind}): {error_kind}: {error}").format(
                head=head, n=u.index, kind=u.kind, error_kind=u.error_kind, error=u.error
            ),
            err=True,
        )


@cli.command("translate")
@click.argument("slug", required=False)
@click.option("--all", "all_", is_flag=True, help=_("Every missing or outdated article."))
@click.option("--to", "locale", required=True, metavar="LOCALE")
@click.option("--provider", type=click.Choice(PROVIDERS), help=_("Default: the workspace's."))
@click.option("--url", help=_("Provider server URL (LibreTranslate)."))
@click.option("--memory-only", is_flag=True, help=_("Use translation memory only, no provider."))
@click.option("--dry-run", is_flag=True, help=_("Show what would be sent; save nothing."))
@pass_ctx
def translate_(
    ctx: Context,
    slug: str | None,
    all_: bool,
    locale: str,
    provider: str | None,
    url: str | None,
    memory_only: bool,
    dry_run: bool,
) -> None:
    """Pre-fill a translation from memory and machine translation, as a draft."""
    if bool(slug) == all_:
        raise click.UsageError(_("give an article SLUG or --all, not both"))
    tr = ctx.workspace().translation
    actor = ctx.user or "" if dry_run else ctx.actor()
    use = not memory_only
    if slug:
        results = [
            tr.translate(
                slug,
                locale=locale,
                actor=actor,
                provider=provider,
                url=url,
                dry_run=dry_run,
                use_provider=use,
            )
        ]
        failed: list[str] = []
    else:

        def progress(done: int, total: int, label: str) -> None:
            if label:
                click.echo(f"[{done + 1}/{total}] {label}", err=True)

        batch = tr.translate_all(
            locale,
            actor=actor,
            provider=provider,
            url=url,
            dry_run=dry_run,
            use_provider=use,
            progress=progress,
        )
        results, failed = batch.results, batch.failed
    for result in results:
        _show_result(result)
    for line in failed:
        click.echo(_("error: {message}").format(message=line), err=True)
    if failed or any(r.errors for r in results):
        sys.exit(1)


@cli.command()
@click.argument("slug", required=False)
@click.option("--locale", "-l")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@pass_ctx
def qa(ctx: Context, slug: str | None, locale: str | None, fmt: str) -> None:
    """Check translations: terms, numbers, links, structure, references (exit 1 on errors)."""
    results = ctx.workspace().translation.qa(locale=locale, ref=slug)
    if fmt == "json":
        emit_json([{**dataclasses.asdict(r), "errors": len(r.errors)} for r in results])
    else:
        for r in results:
            for i in r.issues:
                where = f" #{i.segment}" if i.segment is not None else ""
                click.echo(f"{r.article_id}/{r.locale}{where} {i.severity}: {i.code}: {i.message}")
        errors = sum(len(r.errors) for r in results)
        issues = sum(len(r.issues) for r in results)
        click.echo(
            _("{n} texts checked, {e} errors, {w} warnings").format(
                n=len(results), e=errors, w=issues - errors
            ),
            err=True,
        )
    if any(r.errors for r in results):
        sys.exit(1)


@cli.group()
def xliff() -> None:
    """Exchange translations with CAT tools (XLIFF 1.2)."""


@xliff.command("export")
@click.argument("slugs", nargs=-1)
@click.option("--locale", "-l", required=True)
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path, dir_okay=False))
@pass_ctx
def xliff_export(ctx: Context, slugs: tuple[str, ...], locale: str, output: Path) -> None:
    """Write the missing and outdated units of LOCALE (or of SLUGS) to an XLIFF file."""
    data = ctx.workspace().translation.export_xliff(locale, list(slugs) or None)
    output.write_bytes(data)
    click.echo(_("Wrote {path}").format(path=output))


@xliff.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@pass_ctx
def xliff_import(ctx: Context, file: Path) -> None:
    """Apply an XLIFF file's translations as drafts; report units whose source changed."""
    report = ctx.workspace().translation.import_xliff(
        file.read_bytes(), actor=ctx.actor(), shown=str(file)
    )
    for result in report.applied:
        _show_result(result)
    for line in report.skipped:
        click.echo(_("skipped: {message}").format(message=line), err=True)
    for line in report.conflicts:
        click.echo(_("conflict: {message}").format(message=line), err=True)
    if report.conflicts:
        sys.exit(1)


@cli.group()
def tm() -> None:
    """Translation memory: TMX import and export."""


@tm.command("export")
@click.option("--locale", "-l", required=True)
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path, dir_okay=False))
@pass_ctx
def tm_export(ctx: Context, locale: str, output: Path) -> None:
    """Write the memory of LOCALE (approved translations and imports) as TMX."""
    output.write_bytes(ctx.workspace().translation.export_tmx(locale))
    click.echo(_("Wrote {path}").format(path=output))


@tm.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--locale", "-l", required=True)
@pass_ctx
def tm_import(ctx: Context, file: Path, locale: str) -> None:
    """Add a TMX file's units for LOCALE to the memory."""
    n = ctx.workspace().translation.import_tmx(
        file.read_bytes(), locale=locale, shown=str(file), actor=ctx.user or "admin"
    )
    click.echo(_("Imported {n} units").format(n=n))


@cli.group()
def provider() -> None:
    """Machine-translation providers: settings in the workspace, keys in the OS keyring."""


@provider.command("set")
@click.argument("name", type=click.Choice([p for p in PROVIDERS if p != "pseudo"]))
@click.option("--url", default="", help=_("Server URL (LibreTranslate)."))
@click.option("--region", default="", help=_("Region (Microsoft)."))
@click.option("--client-id", default="", help=_("App or client id (Baidu, Papago)."))
@click.option("--free-api", is_flag=True, help=_("Use the free API endpoint (DeepL)."))
@click.option("--timeout", type=float, default=20.0, show_default=True)
@click.option("--retries", type=int, default=3, show_default=True)
@click.option("--default", "make_default", is_flag=True, help=_("Use it when none is named."))
@click.option("--key-from-stdin", is_flag=True, help=_("Read the API key from standard input."))
@pass_ctx
def provider_set(
    ctx: Context,
    name: str,
    url: str,
    region: str,
    client_id: str,
    free_api: bool,
    timeout: float,
    retries: int,
    make_default: bool,
    key_from_stdin: bool,
) -> None:
    """Configure provider NAME; its key goes to the OS keyring, never to a file."""
    key = None
    if key_from_stdin:
        key = sys.stdin.readline().strip()
        if not key:
            raise KBError("no-key", _("no key on standard input"))
    settings = ProviderSettings(
        name,
        url=url,
        region=region,
        client_id=client_id,
        use_free_api=free_api,
        timeout=timeout,
        retries=retries,
    )
    ctx.workspace().translation.set_provider(
        settings, key=key, default=make_default, actor=ctx.user or "admin"
    )
    click.echo(_("{name}: saved").format(name=name) + (_(" (key in the keyring)") if key else ""))


@provider.command("list")
@pass_ctx
def provider_list(ctx: Context) -> None:
    """List providers, their settings, whether a key is stored and whether tests cover them."""
    for p in ctx.workspace().translation.providers():
        flags = [
            _("default") if p.default else "",
            _("key stored") if p.has_key else "",
            _("tested") if p.tested else _("untested"),
        ]
        url = p.settings.url or "-"
        click.echo(f"{p.settings.name:<10} {url:<32} {', '.join(f for f in flags if f)}")


@cli.command()
@click.argument("slug")
@pass_ctx
def pseudo(ctx: Context, slug: str) -> None:
    """Print an article pseudo-localized (accented, longer, bracketed) for layout tests."""
    title, body = ctx.workspace().translation.pseudo(slug)
    click.echo(f"# {title}\n\n{body}", nl=False)
