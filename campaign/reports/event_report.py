"""The event report ("Báo cáo kết quả tổ chức"): the event, its officials in protocol order with
their titles and roles, the participating units, the programme, the attendance, and the gifts
handed over there by unit. Its rows (for the spreadsheets) are the officials."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from campaign.core.documents import Column, Document, Kind, Sheet, Table
from campaign.core.formatting import date_text, datetime_text, number_text, time_text
from campaign.core.labels import label
from campaign.core.money import amount_in_words, money_text
from campaign.events.models import Event, Participation
from campaign.events.queries import protocol_columns
from campaign.gifts.queries import programmes_at_event
from campaign.officials.models import Official, OfficialPosition
from campaign.places.models import Organization
from campaign.reports.letterhead import issued_document
from campaign.reports.report import Report

COLUMNS = (
    Column(_l("No."), Kind.YEAR, width=7),
    Column(_l("Full name"), width=23),
    Column(_l("Position"), width=32),
    Column(_l("Role"), width=24),
    Column(_l("Attended"), width=14),
)
AGENDA_COLUMNS = (
    Column(_l("Time"), width=12), Column(_l("Item"), width=58), Column(_l("Speaker"), width=30)
)
GIFT_COLUMNS = (
    Column(_l("Unit"), width=40), Column(_l("Allocated"), Kind.NUMBER, width=18),
    Column(_l("Given"), Kind.NUMBER, width=18), Column(_l("Value"), Kind.MONEY, width=24),
)  # fmt: skip


def _statement(event: Event) -> sa.Select:
    order = protocol_columns()
    return (
        sa.select(
            sa.func.row_number().over(order_by=order), Official.full_name,
            OfficialPosition.title, Organization.name, Participation.role, Participation.attended,
        )
        .join(Official, Official.id == Participation.official_id)
        .outerjoin(OfficialPosition, OfficialPosition.id == Participation.position_id)
        .outerjoin(Organization, Organization.id == OfficialPosition.organization_id)
        .where(Participation.event_id == event.id)
        .order_by(*order)
    )  # fmt: skip


def _shape(row: Sequence[Any]) -> tuple:
    number, name, title, organization, role, attended = row
    position = ", ".join(part for part in (title, organization) if part)
    present = {True: _("Yes"), False: _("No")}.get(attended, "—")
    return number, name, position, label(role), present


def event_report(event: Event, signer: str | None) -> Report:
    """``event`` as ``events.queries.event_with_everything`` loads it."""
    return Report(
        name="event-report",
        title=_("Report on the event"),
        columns=COLUMNS,
        statement=_statement(event),
        shape=_shape,
        document=lambda rows: _document(event, rows, signer),
        filename=f"event-report-{event.id}",
        filters={"event": event.id},
        entity_type="event",
        entity_id=event.id,
    )


def _facts(event: Event) -> list[str]:
    """The lines that say what the event was: when, where, who organised it, how many came."""
    starts = f"{time_text(event.starts_at)} {date_text(event.starts_at)}"
    facts = [
        _("Kind: %(kind)s. Status: %(status)s.", kind=label(event.kind),
          status=label(event.status)),
        _("Time: %(when)s.", when=f"{starts} – {datetime_text(event.ends_at)}"),
    ]  # fmt: skip
    where = ", ".join(dict.fromkeys(
        part for part in (event.venue, event.host_unit.full_name if event.host_unit else None)
        if part))  # fmt: skip
    if where:
        facts.append(_("Venue: %(where)s.", where=where))
    if event.organizer:
        facts.append(_("Organized by: %(body)s.", body=event.organizer.name))
    if event.status_reason:
        facts.append(_("Reason: %(reason)s.", reason=event.status_reason))
    if event.expected_attendance is not None or event.actual_attendance is not None:
        facts.append(_("Attendance: %(actual)s (expected %(expected)s).",
                       actual=number_text(event.actual_attendance) or "—",
                       expected=number_text(event.expected_attendance) or "—"))  # fmt: skip
    if event.units:
        facts.append(_("Participating units: %(units)s.",
                       units=", ".join(unit.full_name for unit in event.units)))  # fmt: skip
    facts += [text for text in (event.description, event.outcome) if text]
    return facts


def _gift_tables(event: Event) -> list[Table]:
    """Per programme handed over at the event: each share's allocated, given and value."""
    tables = []
    for programme in programmes_at_event(event.id):
        value = programme.unit_value
        rows = [
            (a.unit.full_name, a.quota, a.given_count,
             None if value is None else a.given_count * value)
            for a in sorted(programme.allocations, key=lambda a: (a.unit.sort_key, a.id))
        ]  # fmt: skip
        total_value = None if value is None else programme.given_count * value
        tables.append(Table(
            GIFT_COLUMNS, rows, caption=_("Gifts: %(programme)s", programme=programme.name),
            total=[_("Total"), number_text(programme.quota), number_text(programme.given_count),
                   money_text(total_value)],
            after=[_("In words: %(words)s.", words=amount_in_words(total_value))]
            if total_value is not None else [],
        ))  # fmt: skip
    return tables


def _document(event: Event, rows: list[Sequence[Any]], signer: str | None) -> Document:
    agenda = [
        (time_text(item.starts_at), item.title,
         item.speaker.full_name if item.speaker else item.speaker_note)
        for item in event.agenda_items
    ]  # fmt: skip
    tables = [
        Table(COLUMNS, rows, caption=_("Officials, in protocol order"),
              empty_text=_("No official registered yet.")),
        Table(AGENDA_COLUMNS, agenda, caption=_("Programme"), empty_text=_("No programme yet.")),
        *_gift_tables(event),
    ]  # fmt: skip
    standing = event.campaign.standing_organization
    return issued_document(
        event.campaign, _("Report on the event"), [Sheet(tables, paragraphs=_facts(event))],
        code="BC", signer=signer, subtitles=[event.title],
        recipients=[*([standing.name] if standing else []), _("Archive: records.")],
    )  # fmt: skip
