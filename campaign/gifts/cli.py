"""`flask --app campaign import-beneficiaries FILE --programme ID [--dry-run]`, `purge-uploads`
and `anonymise [--dry-run]`."""

import datetime as dt
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from campaign.accounts.models import User
from campaign.audit.services import COMMAND_LINE, Actor
from campaign.core.dates import local_today
from campaign.core.errors import DomainError
from campaign.core.spreadsheet_reading import SpreadsheetError, read_table
from campaign.extensions import db
from campaign.gifts import imports, retention, uploads
from campaign.gifts.import_vocabulary import COLUMNS
from campaign.gifts.queries import programme_with_shares


@click.command("import-beneficiaries")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--programme", "programme_id", type=int, required=True, help="Gift programme id.")
@click.option("--dry-run", is_flag=True, help="Check every row and report; save nothing.")
@click.option(
    "--recorded-by",
    "username",
    help="The user who collected the women's consent (recorded on each woman); needed to import.",
)
@with_appcontext
def import_beneficiaries(file: Path, programme_id: int, dry_run: bool, username: str | None):
    """Register the women of a district's or a ward's list (XLSX or CSV) and propose them for a
    programme."""
    programme = programme_with_shares(programme_id)
    if programme is None:
        raise click.ClickException(_("There is no gift programme %(id)s.", id=programme_id))
    user = None
    if username:
        user = db.session.scalar(sa.select(User).where(User.username == username))
        if user is None:
            raise click.ClickException(_("There is no user %(name)s.", name=username))
    try:
        sheet = read_table(file.name, file.read_bytes(), COLUMNS)
    except SpreadsheetError as error:
        raise click.ClickException(error.message) from error
    with click.progressbar(length=len(sheet.rows), label=_("Checking rows")) as bar:
        analysis = imports.analyse(None, programme, sheet, progress=bar.update)
    if analysis.missing_columns:
        raise click.ClickException(
            _("The file has no column for: %(columns)s.", columns=analysis.missing_headers)
        )
    for row in analysis.rows:  # what the web preview says of each row: problems, then warnings
        if row.problems or row.warnings:
            said = " ".join([*row.problems, *row.warnings])
            click.echo(_("Row %(row)s: %(problems)s", row=row.number, problems=said))
    click.echo(
        _("%(valid)s rows can be imported (%(proposed)s proposed), %(rejected)s rejected.",
          valid=len(analysis.valid_rows), proposed=analysis.proposed_count,
          rejected=len(analysis.rejected_rows))
    )  # fmt: skip
    if dry_run:
        click.echo(_("Dry run: nothing was saved."))
        return
    if user is None:
        raise click.ClickException(
            _("Say who collected the women's consent: --recorded-by USERNAME. Nothing was saved.")
        )
    actor = Actor(user.id)
    try:
        result = imports.import_rows(actor, None, programme, analysis, file.name, consent_by=user)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(
        _("%(registered)s women registered, %(proposed)s of them proposed for the programme;"
          " %(rejected)s rows left out.", registered=result.registered,
          proposed=result.proposed, rejected=result.rejected)
    )  # fmt: skip


@click.command("purge-uploads")
@with_appcontext
def purge_uploads():
    """Delete the local lists uploaded more than a day ago and never imported or dropped."""
    purged = uploads.purge_expired()
    db.session.commit()
    for upload in purged:
        click.echo(
            _("Purged %(file)s (upload %(id)s, programme %(programme)s, uploaded %(time)s UTC).",
              file=upload.filename, id=upload.id, programme=upload.programme_id,
              time=upload.uploaded_at.strftime("%Y-%m-%d %H:%M"))
        )  # fmt: skip
    click.echo(_("%(count)s uploaded lists purged.", count=len(purged)))


@click.command("anonymise")
@click.option("--dry-run", is_flag=True, help="List who would be anonymised; change nothing.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day to count from (default: today in Vietnam).")  # fmt: skip
@with_appcontext
def anonymise(dry_run: bool, today: dt.datetime | None):
    """Anonymise the women whose campaigns closed more than CAMPAIGN_RETENTION_MONTHS ago."""
    months = current_app.config["CAMPAIGN_RETENTION_MONTHS"]
    day = today.date() if today else local_today()
    if dry_run:
        count = 0
        for beneficiary_id, unit, registered, last_end in db.session.execute(
            retention.due(day, months)
        ):
            count += 1
            click.echo(
                _("Beneficiary %(id)s, %(unit)s: registered %(registered)s, last campaign ended"
                  " %(ended)s.", id=beneficiary_id, unit=unit,
                  registered=registered.date().isoformat(),
                  ended=last_end.isoformat() if last_end else "—")
            )  # fmt: skip
        click.echo(_("%(count)s women would be anonymised (retention %(months)s months, counted"
                     " from %(day)s); nothing was changed.", count=count, months=months,
                     day=day.isoformat()))  # fmt: skip
        return
    count = retention.anonymise_due(COMMAND_LINE, day, months)
    db.session.commit()
    click.echo(_("%(count)s women anonymised (retention %(months)s months, counted from"
                 " %(day)s).", count=count, months=months, day=day.isoformat()))  # fmt: skip
