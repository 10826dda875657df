"""`flask --app campaign export NAME … --format csv|xlsx --output FILE` and
`flask --app campaign report NAME … --output FILE.pdf`: the documents of the Reports pages,
for every unit (the command line has no scope), audited as the pages audit them."""

import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from campaign.audit.services import COMMAND_LINE
from campaign.events.queries import event_with_everything
from campaign.extensions import db
from campaign.gifts.queries import programme_with_shares
from campaign.reports import receipts, register
from campaign.reports.event_report import event_report
from campaign.reports.outputs import Format, audit, csv_pieces, report_pdf, write_report_xlsx
from campaign.reports.report import Report

REPORTS = ("receipt-list", "handover-register", "event-report")
PROGRESS_STEP = 1000


def _report(name: str, programme_id: int | None, event_id: int | None, unit_code: str | None,
            stage: str, by_unit: bool) -> Report:  # fmt: skip
    if name == "event-report":
        event = event_with_everything(event_id) if event_id is not None else None
        if event is None:
            raise click.UsageError(_("%(report)s needs --event with an event's id.", report=name))
        return event_report(event, None)
    if programme_id is None:
        raise click.UsageError(_("%(report)s needs --programme.", report=name))
    programme = programme_with_shares(programme_id)
    if programme is None:
        raise click.ClickException(_("There is no gift programme %(id)s.", id=programme_id))
    unit = None
    if unit_code is not None:
        unit = next((a.unit for a in programme.allocations if a.unit.code == unit_code), None)
        if unit is None:
            raise click.ClickException(
                _("The programme has no share for the unit %(code)s.", code=unit_code)
            )
    if name == "receipt-list":
        return receipts.receipt_list(programme, None, stage=stage, unit=unit, by_unit=by_unit)
    return register.handover_register(programme, None, register.RegisterFilter(unit=unit), None)


def _counted(rows: Iterator[Sequence[Any]], bar) -> Iterator[Sequence[Any]]:
    """The rows, moving the progress bar every thousand."""
    while batch := list(itertools.islice(rows, PROGRESS_STEP)):
        yield from batch
        bar.update(len(batch))


def _options(command):
    for option in reversed((
        click.argument("name", type=click.Choice(REPORTS)),
        click.option("--programme", "programme_id", type=int, help="Gift programme id."),
        click.option("--event", "event_id", type=int, help="Event id (event-report)."),
        click.option("--unit", "unit_code", help="Only the share of this unit (its code)."),
        click.option("--stage", type=click.Choice([receipts.BEFORE, receipts.AFTER]),
                     default=receipts.BEFORE, help="Receipt list: to sign, or who received."),
        click.option("--by-unit", is_flag=True, help="Receipt list: each unit on its own pages."),
        click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
                     required=True, help="The file to write."),
    )):  # fmt: skip
        command = option(command)
    return command


@click.command("export")
@_options
@click.option("--format", "output_format", type=click.Choice(["csv", "xlsx"]), required=True)
@with_appcontext
def export(output: Path, output_format: str, **choices):
    """Write a report's rows as CSV or XLSX."""
    with current_app.test_request_context():
        report = _report(**choices)
        total = report.count()
        with click.progressbar(length=total, label=_("Exporting rows")) as bar:
            rows = _counted(report.rows(), bar)
            if output_format == Format.CSV:
                with output.open("w", encoding="utf-8", newline="") as file:
                    file.writelines(csv_pieces(report, rows))
            else:
                write_report_xlsx(report, str(output), rows)
        audit(report, Format(output_format), COMMAND_LINE, total)
        db.session.commit()
    click.echo(_("%(count)s rows written to %(file)s.", count=total, file=output))


@click.command("report")
@_options
@with_appcontext
def report(output: Path, **choices):
    """Write a report's printed document as PDF."""
    with current_app.test_request_context():
        chosen = _report(**choices)
        rows = list(chosen.rows())
        output.write_bytes(report_pdf(chosen, rows))
        audit(chosen, Format.PDF, COMMAND_LINE, len(rows))
        db.session.commit()
    click.echo(_("%(count)s rows written to %(file)s.", count=len(rows), file=output))
