"""`kbstudio gui`: open the desktop studio."""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from kbstudio.cli.app import Context, cli, open_workspace, pass_ctx
from kbstudio.i18n import _


@cli.command()
@click.argument(
    "workspace", required=False, type=click.Path(path_type=Path, file_okay=False, exists=True)
)
@pass_ctx
def gui(ctx: Context, workspace: Path | None) -> None:
    """Open the desktop studio on WORKSPACE (default: your default workspace)."""
    try:
        # Imported here, and through importlib: Qt loads only for this command, and the
        # command line stays an independent sibling of kbstudio.gui (see pyproject layers).
        app = importlib.import_module("kbstudio.gui.app")
    except ImportError as exc:
        raise click.ClickException(
            _("the desktop studio needs PySide6: {error}").format(error=exc)
        ) from None
    ws = open_workspace(workspace) if workspace is not None else ctx.workspace()
    raise SystemExit(app.run(ws, user=ctx.user))
