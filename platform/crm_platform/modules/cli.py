"""`crm plugins`: the installed plugins and how they are doing; `crm plugins new` starts a new one.

The scaffold's files live in the `scaffold/` folder next to this module, as
templates ending in `.tmpl` (so neither Python nor pytest mistakes them for
code); `__NAME__`-style markers in their paths and text are filled in.
"""
import keyword
import re
from pathlib import Path

import click
from flask.cli import with_appcontext

SCAFFOLD = Path(__file__).with_name("scaffold")
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*\Z")


@click.group("plugins", invoke_without_command=True)
@click.pass_context
def plugins_command(ctx):
    """List the installed plugins: version, hooks, status and how many tenants enabled each."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_plugins)


@with_appcontext
def list_plugins():
    """Print one block per installed plugin, broken ones with their error."""
    from flask_babel import force_locale

    from crm_platform.modules.registry import ENTRY_POINT_GROUP, current_registry

    # Labels may be lazy gettext strings, and the app's locale selector reads a
    # request, which a command has none of.
    with force_locale("en"):
        _print_records(ENTRY_POINT_GROUP, current_registry())
    _warn_unknown_revisions()


def _warn_unknown_revisions():
    """Warn about revisions in alembic_version that no versions folder provides (they break `crm db upgrade`)."""
    from crm_platform.modules.migrations import unknown_revisions

    try:
        unknown = unknown_revisions()
    except Exception as exc:  # a listing must not fail on this check
        click.echo(click.style("warning:", fg="yellow") + f" could not check the database's migrations: {exc}")
        return
    if unknown:
        click.echo(click.style("warning:", fg="yellow") + " the database has migration revision(s) "
                   f"{', '.join(unknown)} that no installed plugin or the core provides, so `crm db upgrade` "
                   "will fail with \"Can't locate revision\". Usually a plugin was uninstalled before its "
                   "migrations were undone: reinstall it, run `crm db downgrade <plugin>@base`, then uninstall it.")


def _print_records(group, registry):
    records = sorted(registry.records.values(), key=lambda r: r.name)
    if not records:
        click.echo(f"No plugins installed (none declares an entry point in {group}).")
        return
    counts, tenants = _enabled_counts()
    for record in records:
        source = f" ({record.distribution})" if record.distribution else ""
        click.echo(f"{record.name} {record.version or '-'}{source}")
        click.echo(f"  label:   {record.label}")
        if record.ok:
            click.echo("  status:  " + click.style("ok", fg="green"))
        else:
            click.echo("  status:  " + click.style("broken", fg="red") + f": {record.error}")
        click.echo(f"  tenants: {_tenants_line(record, counts, tenants)}")
        click.echo(f"  hooks:   {', '.join(record.hooks) or '-'}")


def _tenants_line(record, counts, tenants):
    if counts is None:
        return "unknown (the database is not ready: run `crm db upgrade`)"
    line = f"enabled in {counts.get(record.name, 0)} of {tenants}"
    return line if record.ok else line + " (off everywhere while broken)"


def _enabled_counts():
    """({plugin name: tenants that enabled it}, number of tenants), or (None, None) without a database."""
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from crm_platform.extensions import db
    from crm_platform.models import Tenant, TenantModule
    from crm_platform.tenancy import unscoped

    try:
        with unscoped("crm plugins counts tenants per plugin"):
            rows = db.session.execute(select(TenantModule.name, func.count()).where(TenantModule.enabled.is_(True))
                                      .group_by(TenantModule.name)).all()
            tenants = db.session.scalar(select(func.count()).select_from(Tenant))
    except SQLAlchemyError:  # e.g. tables not created yet: listing the plugins is still useful
        db.session.rollback()
        return None, None
    return dict(rows), tenants


@plugins_command.command("new")
@click.argument("name")
@click.option("--directory", default=".", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Where to create the package's folder, NAME/.")
def new_plugin(name, directory):
    """Create a pip package for a plugin called NAME, in the standard shape, ready to install and test."""
    if not NAME_PATTERN.match(name) or keyword.iskeyword(name):
        raise click.BadParameter("use a Python identifier in lower case, e.g. customer_ratings.", param_hint="NAME")
    target = directory / name
    if target.exists():
        raise click.ClickException(f"{target} already exists; nothing was written. Choose another NAME or --directory.")
    values = scaffold_values(name)
    written = []
    for template in sorted(SCAFFOLD.rglob("*.tmpl")):
        path = target / _fill(str(template.relative_to(SCAFFOLD).with_suffix("")), values)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_fill(template.read_text(encoding="utf-8"), values), encoding="utf-8")
        written.append(path.relative_to(target))
    click.echo(f"Created the plugin {name} in {target}:")
    for path in written:
        click.echo(f"  {path}")
    click.echo(f"\nNext:\n  pip install -e {target}\n  crm db upgrade        # creates {name}_items\n"
               f"  crm plugins           # {name} should say ok\n  pytest {target}\n"
               "Then enable it for a workspace on /admin/modules. docs/plugins.md has the tutorial.")


def scaffold_values(name):
    """What the scaffold's `__MARKER__`s stand for, for a plugin called `name`."""
    return {
        "__NAME__": name,
        "__SLUG__": name.replace("_", "-"),
        "__LABEL__": name.replace("_", " ").capitalize(),
        "__CLASS__": "".join(part.capitalize() for part in name.split("_")),
        "__CORE_HEAD__": core_head(),
    }


def core_head():
    """The core's newest Alembic revision, which a new plugin's first migration depends on."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(Path(__file__).resolve().parent.parent / "migrations")).get_current_head()


def _fill(text, values):
    for marker, value in values.items():
        text = text.replace(marker, value)
    return text
