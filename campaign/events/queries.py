"""Read side of events: the filtered list, the timeline, one event with all it shows."""

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from campaign.core.dates import LOCAL_TIME_ZONE, local_midnight
from campaign.core.pagination import KeysetPage, Order, keyset_page
from campaign.events.models import Event, EventKind, EventStatus, Participation, event_units
from campaign.extensions import db
from campaign.officials.models import OfficialPosition
from campaign.places.models import GOVERNMENT_LEVEL_RANK, AdministrativeUnit, Organization

ORDERS = {
    "date": Order((Event.starts_at, Event.id)),
    "-date": Order((Event.starts_at, Event.id), descending=True),
    "title": Order((Event.title, Event.id)),
    # compared as the text they are stored as, so that a cursor holds plain text
    "kind": Order((sa.type_coerce(Event.kind, sa.String), Event.starts_at, Event.id)),
    "status": Order((sa.type_coerce(Event.status, sa.String), Event.starts_at, Event.id)),
}
"""The list's orders, each served by an index of ``events`` (see the model)."""
ORDER_KEYS = {
    "date": lambda event: (event.starts_at, event.id),
    "-date": lambda event: (event.starts_at, event.id),
    "title": lambda event: (event.title, event.id),
    "kind": lambda event: (event.kind.value, event.starts_at, event.id),
    "status": lambda event: (event.status.value, event.starts_at, event.id),
}
DATE_ORDERS = ("date", "-date")
"""The orders a jump to a date can serve."""


@dataclass(frozen=True)
class EventFilter:
    kind: EventKind | None = None
    status: EventStatus | None = None
    unit_id: int | None = None
    since: dt.date | None = None  # local dates, both ends included
    until: dt.date | None = None
    campaign_id: int | None = None
    sort: str = "date"


def event_search(criteria: EventFilter) -> sa.Select:
    """Events matching the filter, with what a list row shows loaded alongside, unordered (a
    page orders them by ``ORDERS[criteria.sort]``)."""
    statement = sa.select(Event).options(joinedload(Event.campaign), joinedload(Event.host_unit))
    return matching(statement, criteria)


def matching(statement: sa.Select, criteria: EventFilter) -> sa.Select:
    """``statement`` (which reads ``Event``) limited as the list is by ``criteria``."""
    if criteria.kind:
        statement = statement.where(Event.kind == criteria.kind)
    if criteria.status:
        statement = statement.where(Event.status == criteria.status)
    if criteria.campaign_id:
        statement = statement.where(Event.campaign_id == criteria.campaign_id)
    if criteria.unit_id:
        takes_part = sa.select(event_units.c.event_id).where(
            event_units.c.unit_id == criteria.unit_id
        )
        statement = statement.where(
            sa.or_(Event.host_unit_id == criteria.unit_id, Event.id.in_(takes_part))
        )
    if criteria.since:
        statement = statement.where(Event.ends_at >= local_midnight(criteria.since))
    if criteria.until:
        statement = statement.where(
            Event.starts_at < local_midnight(criteria.until + dt.timedelta(1))
        )
    return statement


def list_order(criteria: EventFilter) -> Order:
    """The order the filter asks for (the list's default for one it does not know)."""
    return ORDERS.get(criteria.sort, ORDERS["date"])


def event_page(criteria: EventFilter, args, jump: dt.date | None = None) -> KeysetPage:
    """The page of the event list ``args`` asks for (its cursor), or the one where the local
    day ``jump`` begins (for an order by date): latest first, the day's last events lead."""
    sort = criteria.sort if criteria.sort in ORDERS else "date"
    start = None
    if jump is not None and sort == "-date":
        start = (local_midnight(jump + dt.timedelta(1)) - dt.timedelta(microseconds=1),)
    elif jump is not None:
        start = (local_midnight(jump),)
    return keyset_page(db.session, event_search(criteria), ORDERS[sort], ORDER_KEYS[sort], args,
                       start=start)  # fmt: skip


def first_events(criteria: EventFilter, limit: int) -> list[Event]:
    """The first ``limit`` events of the filter in its order (the calendar)."""
    order = list_order(criteria)
    return list(db.session.scalars(event_search(criteria).order_by(*order.by()).limit(limit)))


def timeline(events: list[Event]) -> list[tuple[dt.date, list[Event]]]:
    """Events grouped by the local date they start on, in date order."""

    def local_day(event: Event) -> dt.date:
        return event.starts_at.astimezone(LOCAL_TIME_ZONE).date()

    ordered = sorted(events, key=lambda e: (e.starts_at, e.id))
    return [(day, list(group)) for day, group in groupby(ordered, key=local_day)]


def event_with_everything(event_id: int) -> Event | None:
    """One event with its officials, programme and units, in a few queries."""
    return db.session.scalars(
        sa.select(Event)
        .where(Event.id == event_id)
        .options(
            joinedload(Event.campaign),
            joinedload(Event.host_unit),
            joinedload(Event.organizer),
            selectinload(Event.units).joinedload(AdministrativeUnit.parent),
            selectinload(Event.participations).joinedload(Participation.official),
            selectinload(Event.participations)
            .joinedload(Participation.official_position)
            .joinedload(OfficialPosition.organization),
            selectinload(Event.agenda_items),
        )
    ).first()


def protocol_rank(organization_level) -> sa.Case:
    """``services.protocol_order``'s first key in SQL, for a report that reads participations as
    rows: the level of the body an official attends for (central first), an unknown one last."""
    return sa.case(
        {level.value: rank for level, rank in GOVERNMENT_LEVEL_RANK.items()},
        value=sa.type_coerce(organization_level, sa.String),
        else_=len(GOVERNMENT_LEVEL_RANK),
    )


def protocol_columns() -> tuple:
    """The order of an event's officials in SQL (``services.protocol_order``), over
    ``participations`` outer-joined to their position's ``organizations``."""
    return protocol_rank(Organization.level), Participation.position, Participation.id
