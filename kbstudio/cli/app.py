"""The `kbstudio` command group, what commands share, and the content commands.

Commands for other areas live in sibling modules of kbstudio.cli and register
themselves on `cli` when kbstudio.cli imports them.

User mistakes end with one line on stderr and exit code 1 (refused or failed action) or
2 (usage); never a traceback.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click
from sqlalchemy.exc import SQLAlchemyError

from kbstudio.domain.errors import KBError
from kbstudio.domain.workflow import Action, Status
from kbstudio.health.model import Severity
from kbstudio.health.queue import at_or_above
from kbstudio.health.report import render_report
from kbstudio.i18n import _, install
from kbstudio.interchange.textfile import read_text, split_front_matter
from kbstudio.services.audit import to_csv, to_json
from kbstudio.services.config import ENV_WORKSPACE, default_workspace_dir, sample_content_dir
from kbstudio.services.workspace import LAYOUTS, Workspace

# Before any decorator runs, so that help texts are translated too.
install()

FORMATS = click.Choice(["text", "json"])


class Context:
    """What every command shares: the workspace folder and who is acting."""

    def __init__(self, workspace: Path | None, user: str | None) -> None:
        self.workspace_dir = workspace
        self.user = user
        self._ws: Workspace | None = None

    def workspace(self) -> Workspace:
        if self._ws is None:
            self._ws = open_workspace(self.workspace_dir)
        return self._ws

    def actor(self) -> str:
        # In team mode a member's database login says who they are.
        user = self.user or self.workspace().default_actor()
        if not user:
            raise KBError("no-user", _("say who you are: pass --as USER or set KBSTUDIO_USER"))
        return user


def open_workspace(root: Path | None) -> Workspace:
    if root is not None:
        return Workspace.open(root)
    default = default_workspace_dir()
    if (default / "kbstudio.toml").exists():
        return Workspace.open(default)
    # First use: the default workspace starts as a copy of the sample help center.
    click.echo(
        _("Creating the default workspace in {path} from the sample help center…").format(
            path=default
        ),
        err=True,
    )
    ws = Workspace.init(default, name="Sample help center")
    report = ws.import_path(sample_content_dir())
    if report.errors:
        click.echo("\n".join(report.errors), err=True)
    return ws


pass_ctx = click.make_pass_decorator(Context)


def emit_json(data: Any) -> None:
    def default(obj: Any) -> Any:
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return dataclasses.asdict(obj)
        return str(obj)

    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=default))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--workspace",
    "-w",
    type=click.Path(path_type=Path, file_okay=False),
    envvar=ENV_WORKSPACE,
    help=_("Workspace folder (default: your default workspace)."),
)
@click.option(
    "--as",
    "user",
    envvar="KBSTUDIO_USER",
    metavar="USER",
    help=_("Act as this user (or set KBSTUDIO_USER)."),
)
@click.version_option(package_name="kbstudio")
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None, user: str | None) -> None:
    """KB Studio: write, translate, review and publish a multilingual help center."""
    ctx.obj = Context(workspace, user)
    ctx.call_on_close(lambda: ctx.obj._ws.close() if ctx.obj._ws else None)


@cli.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--from",
    "source",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    help=_("Import this content folder into the new workspace."),
)
@click.option("--db", "db_url", metavar="URL", help=_("Database URL (default: SQLite in DIR)."))
@click.option("--name", help=_("Workspace name."))
@click.option("--source-locale", default="en", show_default=True)
@pass_ctx
def init(
    ctx: Context,
    directory: Path | None,
    source: Path | None,
    db_url: str | None,
    name: str | None,
    source_locale: str,
) -> None:
    """Create a workspace in DIRECTORY (default: the current folder)."""
    root = directory or ctx.workspace_dir or Path.cwd()
    ws = Workspace.init(root, db_url=db_url, name=name, source_locale=source_locale)
    ctx._ws = ws
    click.echo(_("Created workspace in {root}").format(root=root))
    if source is not None:
        _report(ws.import_path(source, actor=ctx.user or "admin"))


def _report(report: Any) -> None:
    click.echo(
        _("{created} created, {updated} updated, {unchanged} unchanged, {errors} errors").format(
            created=len(report.created),
            updated=len(report.updated),
            unchanged=report.unchanged,
            errors=len(report.errors),
        )
    )
    for err in report.errors:
        click.echo(_("error: {message}").format(message=err), err=True)
    if report.errors:
        sys.exit(1)


@cli.command("import")
@click.argument("path", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--layout", type=click.Choice(LAYOUTS), default="auto", show_default=True)
@click.option("--source-locale", help=_("Source locale of a docs folder."))
@pass_ctx
def import_(ctx: Context, path: Path, layout: str, source_locale: str | None) -> None:
    """Import a content folder (KB Studio format, or <locale>/<path>.md docs)."""
    ws = ctx.workspace()
    _report(
        ws.import_path(path, actor=ctx.user or "admin", layout=layout, source_locale=source_locale)
    )


@cli.command("export")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@pass_ctx
def export(ctx: Context, directory: Path) -> None:
    """Export the workspace to DIRECTORY in the content format."""
    files = ctx.workspace().export(directory)
    click.echo(_("Wrote {count} files to {dir}").format(count=len(files), dir=directory))


@cli.command("list")
@click.option("--locale", "-l")
@click.option("--status", type=click.Choice([s.value for s in Status]))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@pass_ctx
def list_(ctx: Context, locale: str | None, status: str | None, fmt: str) -> None:
    """List articles per locale with their workflow status."""
    rows = ctx.workspace().translations(locale=locale, status=status)
    if fmt == "json":
        emit_json(rows)
        return
    for r in rows:
        flag = _(" (outdated)") if r.outdated else ""
        flag += _(" (machine translated)") if r.machine_translated else ""
        click.echo(f"{r.article_id:<28} {r.locale:<8} {r.status:<10} {r.title}{flag}")
    click.echo(_("{n} texts").format(n=len(rows)), err=True)


@cli.command()
@click.argument("slug")
@click.option("--locale", "-l")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@pass_ctx
def show(ctx: Context, slug: str, locale: str | None, fmt: str) -> None:
    """Show one article in one locale: its facts and Markdown."""
    info, body = ctx.workspace().show(slug, locale=locale)
    if fmt == "json":
        emit_json({**dataclasses.asdict(info), "body": body})
        return
    click.echo(f"# {info.title}\n")
    facts = [
        (_("Article"), info.article_id),
        (_("Locale"), info.locale),
        (_("Slug"), info.slug),
        (_("Status"), info.status + (_(" (outdated)") if info.outdated else "")),
        (_("Type"), info.type),
        (_("Section"), f"{info.category}/{info.section}"),
        (_("Revision"), f"{info.revision} by {info.author} at {info.updated_at}"),
        (_("Live revision"), str(info.live_revision or "-")),
        (_("Owner"), info.owner or "-"),
        (_("Review by"), info.review_by or "-"),
        (_("Visibility"), info.visibility),
        (_("Ends at"), info.ends_at or "-"),
        (_("Tags"), ", ".join(info.tags) or "-"),
        (_("Properties"), _("version {n}").format(n=info.article_version)),
    ]
    for label, value in facts:
        click.echo(f"{label + ':':<15} {value}")
    click.echo("\n" + body, nl=False)


@cli.command()
@click.argument("slug")
@click.option("--locale", "-l", required=True)
@click.option("--file", "file", required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--comment", "-m", default="")
@click.option("--major", is_flag=True, help=_("A major change: translations become outdated."))
@click.option("--base-revision", type=int, help=_("Refuse if someone saved after this revision."))
@pass_ctx
def edit(
    ctx: Context,
    slug: str,
    locale: str,
    file: Path,
    comment: str,
    major: bool,
    base_revision: int | None,
) -> None:
    """Save FILE (Markdown, optional front matter: title, slug, tags) as a new revision."""
    if not file.exists():
        raise KBError("not-found", _("no such file"), file=str(file))
    doc = split_front_matter(read_text(file, shown=str(file)), shown=str(file), required=False)
    meta = doc.meta
    tags = meta.get("tags")
    change = ctx.workspace().edit(
        slug,
        locale=locale,
        body=doc.body,
        actor=ctx.actor(),
        title=meta.get("title"),
        slug=meta.get("slug"),
        tags=[str(t) for t in tags] if isinstance(tags, list) else None,
        comment=comment,
        major=major,
        base_revision=base_revision,
    )
    if change.changed:
        click.echo(
            _("{id}/{locale}: saved revision {n} ({status})").format(
                id=change.article_id, locale=locale, n=change.revision, status=change.status
            )
        )
    else:
        click.echo(_("{id}/{locale}: no change").format(id=change.article_id, locale=locale))


def _workflow_command(action: Action, help_text: str) -> None:
    @cli.command(action.value, help=help_text)
    @click.argument("slug")
    @click.option("--locale", "-l", required=True)
    @click.option("--comment", "-m", default="")
    @pass_ctx
    def command(ctx: Context, slug: str, locale: str, comment: str) -> None:
        run_workflow_action(ctx, action, slug, locale=locale, comment=comment)


def run_workflow_action(
    ctx: Context, action: Action, slug: str, *, locale: str, comment: str
) -> None:
    """Move one text through the workflow and say where it is now."""
    change = ctx.workspace().act(action, slug, locale=locale, actor=ctx.actor(), comment=comment)
    click.echo(
        _("{id}/{locale}: {status} (revision {n})").format(
            id=change.article_id, locale=locale, status=change.status, n=change.revision
        )
    )
    if change.outdated:
        click.echo(_("now outdated: {locales}").format(locales=", ".join(change.outdated)))


for _action, _help in [
    (Action.SUBMIT, _("Submit the working revision for review.")),
    (Action.APPROVE, _("Approve the revision in review (reviewers).")),
    (Action.REQUEST_CHANGES, _("Send the revision in review back to draft, with a comment.")),
    # `publish` is in kbstudio/cli/publish.py: it publishes a text or builds the site.
    (Action.ARCHIVE, _("Archive: take the text out of the help center (publishers).")),
    (Action.RESTORE, _("Bring an archived text back as a draft (publishers).")),
]:
    _workflow_command(_action, _help)


@cli.command()
@click.argument("slug")
@click.option("--locale", "-l", required=True)
@click.option("--diff", nargs=2, type=int, metavar="A B", help=_("Show the diff of two revisions."))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@pass_ctx
def history(ctx: Context, slug: str, locale: str, diff: tuple[int, int] | None, fmt: str) -> None:
    """List the revisions of an article in one locale, or diff two of them."""
    ws = ctx.workspace()
    if diff:
        click.echo(ws.diff(slug, locale=locale, a=diff[0], b=diff[1]), nl=False)
        return
    revisions = ws.history(slug, locale=locale)
    if fmt == "json":
        emit_json(revisions)
        return
    for r in revisions:
        flags = (("W", r.working), ("A", r.approved), ("L", r.live), ("C", r.kind == "conflict"))
        marks = "".join(m for m, on in flags if on)
        extra = (
            f" v{r.version} {r.significance}"
            if r.version
            else (f" (from source v{r.based_on_version})" if r.based_on_version else "")
        )
        click.echo(f"r{r.number:<4} {marks:<3} {r.created_at} {r.author:<10}{extra}  {r.comment}")


@cli.group()
def users() -> None:
    """Manage users and their roles."""


@users.command("add")
@click.argument("name")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    help=_("writer, translator, reviewer, publisher or admin (repeatable)."),
)
@click.option("--locales", multiple=True, help=_("Locales a translator/reviewer acts in."))
@click.option("--display", default="", help=_("Full name."))
@pass_ctx
def users_add(
    ctx: Context, name: str, roles: tuple[str, ...], locales: tuple[str, ...], display: str
) -> None:
    """Add a user, or change an existing user's roles."""
    split = [x for item in locales for x in item.replace(",", " ").split()]
    role_list = [x for item in roles for x in item.replace(",", " ").split()]
    change = ctx.workspace().add_user(
        name, roles=role_list, locales=split, actor=ctx.user or "admin", display=display
    )
    click.echo(change.message)


@users.command("list")
@pass_ctx
def users_list(ctx: Context) -> None:
    """List users, their roles and locales."""
    for u in ctx.workspace().users():
        click.echo(f"{u.name:<12} {', '.join(u.roles):<22} {', '.join(u.locales)}")


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
@click.option("--article", help=_("Only events about this article (id)."))
@click.option("--actor", help=_("Only events by this user."))
@click.option("--action", help=_("Only this action (edit, approve, publish…)."))
@click.option("--limit", type=int, help=_("Only the last N events."))
@click.option("--locale", "-l", help=_("Only events about texts in this locale."))
@click.option("--revision", type=int, help=_("Only events about this revision number."))
@pass_ctx
def audit(
    ctx: Context,
    fmt: str,
    article: str | None,
    actor: str | None,
    action: str | None,
    limit: int | None,
    locale: str | None,
    revision: int | None,
) -> None:
    """Show the audit trail: who did what, when and why."""
    events = ctx.workspace().audit(actor=actor, action=action, limit=None)
    if article:
        events = [e for e in events if e.entity_id.split("/")[0] == article]
    if locale:
        events = [e for e in events if e.entity_id.partition("/")[2] == locale]
    if revision is not None:
        events = [e for e in events if e.details.get("revision") == revision]
    if limit is not None:
        events = events[-limit:]
    if fmt == "json":
        click.echo(to_json(events))
    elif fmt == "csv":
        click.echo(to_csv(events), nl=False)
    else:
        for e in events:
            why = f"  “{e.reason}”" if e.reason else ""
            click.echo(f"{e.at}  {e.actor:<10} {e.action:<16} {e.entity_id}{why}")


@cli.command()
@pass_ctx
def summary(ctx: Context) -> None:
    """Print a readable summary of the workspace."""
    s = ctx.workspace().summary()
    click.echo(f"{s.name}")
    click.echo(_("Database: {url}").format(url=s.db_url))
    click.echo(
        _("{a} articles in {c} categories, {t} glossary terms, {n} snippets, {u} users").format(
            a=s.articles, c=s.categories, t=s.terms, n=s.snippets, u=s.users
        )
    )
    click.echo(_("Source locale: {loc}").format(loc=s.source_locale))
    click.echo("")
    statuses = [st.value for st in Status]
    click.echo(
        f"{_('locale'):<9}" + "".join(f"{st:>11}" for st in statuses) + f"{_('outdated'):>10}"
    )
    for loc in s.locales:
        counts: Counter[str] = s.by_locale.get(loc, Counter())
        row = "".join(f"{counts.get(st, 0):>11}" for st in statuses)
        click.echo(f"{loc:<9}{row}{s.outdated.get(loc, 0):>10}")


@cli.command("index")
@click.option("--locale", "-l", "locales", multiple=True, help=_("Only this locale (repeatable)."))
@click.option(
    "--view", type=click.Choice(["all", "working", "published"]), default="all", show_default=True
)
@pass_ctx
def index_(ctx: Context, locales: tuple[str, ...], view: str) -> None:
    """Rebuild the search indexes from the database."""
    views = ("working", "published") if view == "all" else (view,)
    for r in ctx.workspace().search.rebuild(locales=list(locales) or None, views=views):
        rate = r.documents / r.seconds if r.seconds else 0.0
        click.echo(
            _("{locale:<8} {view:<10} {n:>6} documents in {s:.2f} s ({rate:.0f}/s)").format(
                locale=r.locale, view=r.view, n=r.documents, s=r.seconds, rate=rate
            )
        )


@cli.command()
@click.argument("query")
@click.option("--locale", "-l", required=True)
@click.option("--limit", "-n", type=int, default=10, show_default=True)
@click.option("--published-only", is_flag=True, help=_("Search what readers see today."))
@click.option("--explain", is_flag=True, help=_("Show each field's and term's part of the score."))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@pass_ctx
def search(
    ctx: Context, query: str, locale: str, limit: int, published_only: bool, explain: bool, fmt: str
) -> None:
    """Preview how readers' QUERY ranks the articles of one locale."""
    view = "published" if published_only else "working"
    result = ctx.workspace().search.search(
        query, locale=locale, view=view, limit=limit, explain=explain
    )
    if fmt == "json":
        rows = [{"rank": i, **dataclasses.asdict(h)} for i, h in enumerate(result.hits, 1)]
        data = dataclasses.asdict(result)
        data["hits"] = rows
        if not explain:
            for row in rows:
                row.pop("contributions")
        emit_json(data)
        return
    for note in result.notes:
        click.echo(_("note: {note}").format(note=note), err=True)
    if not result.hits:
        click.echo(_("No results."))
        if result.suggestion:
            click.echo(_("Did you mean: {q}").format(q=result.suggestion))
        return
    for i, hit in enumerate(result.hits, 1):
        click.echo(f"{i:>2}. {hit.score:8.3f}  {hit.article_id:<28} {hit.title}")
        snippet = re.sub(r"</?mark>", "**", html.unescape(hit.snippet))
        click.echo(f"              {snippet}")
        if explain:
            parts = ", ".join(f"{f} {v:.2f}" for f, v in hit.fields.items())
            click.echo(f"              = {parts}")
            for c in hit.contributions:
                click.echo(f"                {c.field:<9} {c.term:<20} {c.score:8.3f}")
    click.echo(_("{n} matching articles").format(n=result.total), err=True)


@cli.command()
@click.option("--locale", "-l")
@click.option("--article", help=_("Where this article ranks for the queries that expect it."))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@pass_ctx
def suite(ctx: Context, locale: str | None, article: str | None, fmt: str) -> None:
    """Run the relevance suites: each query's rank of its expected article, MRR@10, recall@3."""
    service = ctx.workspace().search
    if article:
        ranks = service.where_ranks(article, locale=locale)
        if fmt == "json":
            emit_json(ranks)
            return
        for rank in ranks:
            click.echo(f"{rank.locale:<8} {rank.rank or '-'!s:>3}  {rank.q}")
        return
    paths = service.suite_paths(locale)
    if not paths:
        raise KBError("no-suite", _("no relevance suite for {locale}").format(locale=locale))
    reports = [service.run_suite(p) for p in paths]
    if fmt == "json":
        emit_json([{**dataclasses.asdict(x), "passed": x.passed} for x in reports])
    else:
        for rep in reports:
            for o in rep.outcomes:
                mark = "   " if o.rank and o.rank <= 3 else ("~  " if o.rank else "✗  ")
                click.echo(f"{mark}{rep.locale:<8} {o.rank or '-'!s:>3}  {o.q}")
            verdict = _("pass") if rep.passed else _("FAIL")
            click.echo(
                _(
                    "{locale}: MRR@10 {mrr:.3f} (min {tm:.2f}), recall@3 {rec:.3f} (min {tr:.2f}), "
                    "{n} queries: {verdict}"
                ).format(
                    locale=rep.locale,
                    mrr=rep.mrr_at_10,
                    tm=rep.thresholds["mrr_at_10"],
                    rec=rep.recall_at_3,
                    tr=rep.thresholds["recall_at_3"],
                    n=len(rep.outcomes),
                    verdict=verdict,
                )
            )
    if not all(x.passed for x in reports):
        sys.exit(1)


@cli.group("search-log")
def search_log() -> None:
    """Readers' searches: import a log and find the gaps."""


@search_log.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@pass_ctx
def search_log_import(ctx: Context, file: Path) -> None:
    """Import FILE.csv with columns query, locale, count."""
    if not file.exists():
        raise KBError("not-found", _("no such file"), file=str(file))
    n = ctx.workspace().import_search_log(file, actor=ctx.user or "admin")
    click.echo(_("{n} queries imported from {file}").format(n=n, file=file.name))


@search_log.command("gaps")
@click.option("--locale", "-l")
@click.option("--min-count", type=int, default=1, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@pass_ctx
def search_log_gaps(ctx: Context, locale: str | None, min_count: int, fmt: str) -> None:
    """Frequent queries with no result or a weak top result."""
    found = ctx.workspace().search_gaps(locale=locale, min_count=min_count)
    if fmt == "json":
        emit_json(found)
        return
    for g in found:
        click.echo(f"{g.count:>6}  {g.locale:<8} {g.query:<40} {g.reason}")
    click.echo(_("{n} gaps").format(n=len(found)), err=True)


@cli.command()
@click.option("--locale", "-l")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help=_("Exit 1 when a finding is at least this severe."),
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=_("Also write a self-contained HTML report here."),
)
@click.option("--check-external", is_flag=True, help=_("Fetch external links (allowed hosts)."))
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="HOST[:PORT]",
    help=_("A host external links may be fetched from (repeatable)."),
)
@click.option("--no-search", is_flag=True, help=_("Skip search gaps and suite queries."))
@click.option("--due-days", type=int, default=14, show_default=True)
@click.option("--verify-days", type=int, default=365, show_default=True)
@pass_ctx
def check(
    ctx: Context,
    locale: str | None,
    fmt: str,
    fail_on: str,
    report_file: Path | None,
    check_external: bool,
    allow_hosts: tuple[str, ...],
    no_search: bool,
    due_days: int,
    verify_days: int,
) -> None:
    """Content health: one prioritized queue of findings per locale."""
    ws = ctx.workspace()
    report = ws.check(
        locale=locale,
        with_search=not no_search,
        check_external=check_external,
        allow_hosts=allow_hosts,
        due_days=due_days,
        verify_days=verify_days,
    )
    queues = report.queues()
    counts = Counter(f.severity.value for f in report.findings)
    if report_file is not None:
        report_file.write_text(
            render_report(
                ws.summary().name, report.coverage, queues, report.now, report.external_links
            ),
            encoding="utf-8",
        )
    if fmt == "json":
        emit_json(
            {
                "generated": report.now.isoformat(),
                "summary": {k: counts.get(k, 0) for k in ("error", "warning", "info")},
                "coverage": report.coverage,
                "queues": queues,
                "external_links": report.external_links,
            }
        )
    else:
        for loc, items in queues.items():
            click.echo(_("== {locale}: {n} findings").format(locale=loc, n=len(items)))
            for f in items:
                click.echo(
                    f"{f.severity.value:<8} {f.kind:<22} {f.article_id or '-':<26} {f.reason}"
                )
        click.echo(
            _("{e} errors, {w} warnings, {i} info").format(
                e=counts.get("error", 0), w=counts.get("warning", 0), i=counts.get("info", 0)
            ),
            err=True,
        )
    if at_or_above(report.findings, Severity(fail_on)):
        sys.exit(1)


@cli.group()
def snippet() -> None:
    """Reusable blocks (risk notices) included in articles."""


@snippet.command("edit")
@click.argument("snippet_id")
@click.option("--locale", "-l", required=True)
@click.option("--file", "file", required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--comment", "-m", default="")
@pass_ctx
def snippet_edit(ctx: Context, snippet_id: str, locale: str, file: Path, comment: str) -> None:
    """Save FILE (Markdown, optional front matter: title) as the snippet's text."""
    if not file.exists():
        raise KBError("not-found", _("no such file"), file=str(file))
    doc = split_front_matter(read_text(file, shown=str(file)), shown=str(file), required=False)
    title = doc.meta.get("title")
    change = ctx.workspace().edit_snippet(
        snippet_id, locale=locale, body=doc.body, actor=ctx.actor(), title=title, comment=comment
    )
    if not change.changed:
        click.echo(_("{id}/{locale}: no change").format(id=snippet_id, locale=locale))
        return
    click.echo(_("{id}/{locale}: saved").format(id=snippet_id, locale=locale))
    for aid, loc in change.back_to_review:
        click.echo(_("back to review: {id}/{locale}").format(id=aid, locale=loc))


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(_("Aborted."), err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KBError as exc:
        click.echo(_("error: {message}").format(message=exc), err=True)
        sys.exit(1)
    except SQLAlchemyError as exc:
        click.echo(
            _("database error: {message}").format(
                message=exc.__class__.__name__ + ": " + str(exc).splitlines()[0]
            ),
            err=True,
        )
        sys.exit(1)
    except OSError as exc:
        click.echo(_("error: {message}").format(message=exc), err=True)
        sys.exit(1)
    except Exception as exc:
        if os.environ.get("KBSTUDIO_DEBUG"):
            raise
        click.echo(
            _("internal error: {message} (set KBSTUDIO_DEBUG=1 for details)").format(
                message=repr(exc)
            ),
            err=True,
        )
        sys.exit(1)
