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
from campaign.campaigns.queries import campaign_by_id
from campaign.events.queries import event_with_everything
from campaign.extensions import db
from campaign.gifts.queries import programme_with_shares
from campaign.reports import receipts, register
from campaign.reports.event_report import event_report
from campaign.reports.outputs import Format, audit, csv_pieces, report_pdf, write_report_xlsx
from campaign.reports.report import Report
from campaign.reports.summary import summary_report

PROGRESS_STEP = 1000


def _needed(record, option: str, name: str):
    """The record an option names, or the command's usage error."""
    if record is None:
        raise click.UsageError(
            _("%(report)s needs %(option)s with the id of one that exists.", report=name,
              option=option)
        )  # fmt: skip
    return record


def _programme(choices: dict):
    """The programme the options name, and the share's unit of ``--unit`` (or None)."""
    programme_id = choices["programme_id"]
    programme = programme_with_shares(programme_id) if programme_id is not None else None
    programme = _needed(programme, "--programme", choices["name"])
    code = choices["unit_code"]
    if code is None:
        return programme, None
    unit = next((a.unit for a in programme.allocations if a.unit.code == code), None)
    if unit is None:
        raise click.ClickException(
            _("The programme has no share for the unit %(code)s.", code=code)
        )
    return programme, unit


def _receipt_list(choices: dict) -> Report:
    programme, unit = _programme(choices)
    return receipts.receipt_list(programme, None, stage=choices["stage"], unit=unit,
                                 by_unit=choices["by_unit"])  # fmt: skip


def _handover_register(choices: dict) -> Report:
    programme, unit = _programme(choices)
    return register.handover_register(programme, None, register.RegisterFilter(unit=unit), None)


def _event_report(choices: dict) -> Report:
    event_id = choices["event_id"]
    event = event_with_everything(event_id) if event_id is not None else None
    return event_report(_needed(event, "--event", choices["name"]), None)


def _campaign_summary(choices: dict) -> Report:
    campaign_id = choices["campaign_id"]
    campaign = campaign_by_id(campaign_id) if campaign_id is not None else None
    return summary_report(_needed(campaign, "--campaign", choices["name"]), None)


REPORTS = {
    "receipt-list": _receipt_list,
    "handover-register": _handover_register,
    "event-report": _event_report,
    "campaign-summary": _campaign_summary,
}


def _report(**choices) -> Report:
    return REPORTS[choices["name"]](choices)


def _counted(rows: Iterator[Sequence[Any]], bar) -> Iterator[Sequence[Any]]:
    """The rows, moving the progress bar every thousand."""
    while batch := list(itertools.islice(rows, PROGRESS_STEP)):
        yield from batch
        bar.update(len(batch))


def _options(command):
    for option in reversed((
        click.argument("name", type=click.Choice(list(REPORTS))),
        click.option("--programme", "programme_id", type=int, help="Gift programme id."),
        click.option("--event", "event_id", type=int, help="Event id (event-report)."),
        click.option("--campaign", "campaign_id", type=int,
                     help="Campaign id (campaign-summary)."),
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
