"""Team-mode commands: backups, restores and PostgreSQL logins."""

from __future__ import annotations

from pathlib import Path

import click

from kbstudio.cli.app import Context, cli, pass_ctx, users
from kbstudio.i18n import _


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@pass_ctx
def backup(ctx: Context, file: Path) -> None:
    """Write the whole database to FILE (SQLite copy, or a pg_dump archive)."""
    ws = ctx.workspace()
    written = ws.backup_to(file, actor=ctx.actor())
    click.echo(
        _("Backed up {db} to {file} ({size} bytes)").format(
            db=ws.config.db_url.split("@")[-1], file=written, size=written.stat().st_size
        )
    )


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--yes", is_flag=True, help=_("Do not ask for confirmation."))
@pass_ctx
def restore(ctx: Context, file: Path, yes: bool) -> None:
    """Replace the whole database with the backup FILE (admins; the current one is kept)."""
    ws = ctx.workspace()
    if not yes:
        click.confirm(
            _("Replace everything in {db} with {file}?").format(
                db=ws.config.db_url.split("@")[-1], file=file
            ),
            abort=True,
        )
    safety = ws.restore_from(file, actor=ctx.actor())
    click.echo(_("Restored {file}; the previous database was saved to {safety}").format(
        file=file, safety=safety))  # fmt: skip


@users.command("login")
@click.argument("name")
@pass_ctx
def users_login(ctx: Context, name: str) -> None:
    """Give user NAME a PostgreSQL login in the team group (team mode, admins)."""
    change = ctx.workspace().grant_login(name, actor=ctx.user or "admin")
    click.echo(change.message)
