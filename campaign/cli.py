"""Command-line tasks: ``flask --app campaign <command>``.

Each command runs one transaction: committed when it succeeds, rolled back when it fails.
"""

import os
import shlex
import sys
import time
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from campaign.core.errors import DomainError
from campaign.extensions import db


def init_app(app) -> None:
    from campaign.accounts.cli import users
    from campaign.gifts.cli import anonymise, import_beneficiaries, purge_uploads
    from campaign.reports.cli import export, report

    app.cli.add_command(import_beneficiaries)
    app.cli.add_command(purge_uploads)
    app.cli.add_command(anonymise)
    app.cli.add_command(seed_places)
    app.cli.add_command(seed_demo)
    app.cli.add_command(users)
    app.cli.add_command(export)
    app.cli.add_command(report)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(upgrade_database)


@click.command("seed-places")
@with_appcontext
def seed_places() -> None:
    """Load Vietnam's administrative units (both schemes), their succession, organizations."""
    from campaign.reference.services import load_reference_data

    started = time.perf_counter()
    summary = load_reference_data()
    db.session.commit()
    click.echo(
        _(
            "Administrative units: %(added)d added, %(updated)d updated. "
            "Succession: %(successions)d pairs added, %(skipped)d skipped (unit not in the data). "
            "Organizations: %(organizations)d added. (%(seconds).1f s)",
            added=summary.units_added,
            updated=summary.units_updated,
            successions=summary.successions_added,
            skipped=summary.successions_skipped,
            organizations=summary.organizations_added,
            seconds=time.perf_counter() - started,
        )
    )


@click.command("seed-demo")
@with_appcontext
@click.option(
    "--new-passwords",
    is_flag=True,
    help="Give every demo user a new random password and show it.",
)
def seed_demo(new_passwords: bool) -> None:
    """Load the 2022 Hanoi launch and this year's Month of Action (new map) as demo data, with
    the demo users."""
    from campaign.demo.scenario import load_demo

    try:
        result = load_demo(reset_passwords=new_passwords)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    if result.campaign_created:
        click.echo(
            _(
                "The demo campaigns were loaded: Hanoi's 2022 launch and this year's Month "
                "of Action on the map from 1 July 2025."
            )
        )
    else:
        click.echo(_("The demo campaigns were already loaded; nothing changed."))
    if result.new_passwords:
        click.echo(_("Demo accounts (the passwords are shown only this once):"))
        for username, password in result.new_passwords.items():
            click.echo(f"    {username:<16} {password}")
    else:
        click.echo(
            _(
                "Demo accounts exist already. New passwords: %(command)s",
                command=new_passwords_command(),
            )
        )


def new_passwords_command() -> str:
    """The command that gives the demo users new passwords, runnable as printed in this shell:
    this interpreter's ``flask`` (the one on the PATH may be another), and ``CAMPAIGN_ENV`` when
    it was set (``make run`` sets it for its own commands only)."""
    flask = Path(sys.executable).with_name("flask")
    if flask.is_relative_to(Path.cwd()):
        flask = flask.relative_to(Path.cwd())
    words = [str(flask), "--app", "campaign", "seed-demo", "--new-passwords"]
    if "CAMPAIGN_ENV" in os.environ:
        words.insert(0, f"CAMPAIGN_ENV={os.environ['CAMPAIGN_ENV']}")
    return shlex.join(words)


@click.command("backup")
@with_appcontext
@click.option("--output", required=True, type=click.Path(path_type=Path),
              help="The file to write (SQLite: a database file; PostgreSQL: pg_dump -Fc).")
def backup_command(output: Path) -> None:
    """Back the database up to a file, while the application serves."""
    from campaign.backups import backup

    try:
        backup(output)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(_("Backed up to %(file)s (%(size)s bytes).", file=output,
                 size=output.stat().st_size))  # fmt: skip


@click.command("restore")
@with_appcontext
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Replace a database that holds data.")
def restore_command(source: Path, replace: bool) -> None:
    """Restore the database from a backup, then check what was restored."""
    from campaign.backups import restore

    try:
        restored = restore(source, replace=replace)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(_("Restored %(file)s: schema at %(revision)s.", file=source,
                 revision=restored.revision))  # fmt: skip
    for table, count in restored.rows.items():
        click.echo(f"  {table}: {count}")
    if restored.problems:
        for problem in restored.problems:
            click.echo(_("Problem: %(problem)s", problem=problem), err=True)
        sys.exit(1)
    click.echo(_("Checks passed: integrity, schema, quota counters equal to the handovers."))


@click.command("upgrade-database")
@with_appcontext
@click.option("--backup-dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Where the backup taken before the upgrade is written.")
def upgrade_database(backup_dir: Path) -> None:
    """Back the database up, then apply the migrations (what operators run to upgrade)."""
    import flask_migrate

    from campaign.backups import backup

    backup_dir.mkdir(parents=True, exist_ok=True)
    output = backup_dir / time.strftime("before-upgrade-%Y%m%d-%H%M%S.backup")
    try:
        backup(output)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(_("Backed up to %(file)s (%(size)s bytes).", file=output,
                 size=output.stat().st_size))  # fmt: skip
    flask_migrate.upgrade()
