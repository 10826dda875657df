"""Event rules: dates, status changes, the officials taking part and the programme.

Every change is audited; a closed campaign's events cannot change (campaigns.services).
"""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from campaign.audit.services import Actor, changes, record
from campaign.campaigns.models import Campaign
from campaign.campaigns.services import ensure_in_area, ensure_open
from campaign.core.dates import LOCAL_TIME_ZONE
from campaign.core.errors import DomainError
from campaign.events.models import (
    AgendaItem,
    Event,
    EventKind,
    EventStatus,
    Participation,
    ParticipationRole,
)
from campaign.extensions import db
from campaign.officials.models import Official, OfficialPosition
from campaign.places.models import GOVERNMENT_LEVEL_RANK, AdministrativeUnit, Organization


@dataclass(frozen=True)
class EventDetails:
    """What the event form says, already checked for types and lengths."""

    title: str
    kind: EventKind
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str | None
    host_unit: AdministrativeUnit | None
    organizer: Organization | None
    units: list[AdministrativeUnit]
    include_communes: bool
    expected_attendance: int | None
    description: str | None


def local_moment(day: dt.date, time: dt.time | None, default: dt.time) -> dt.datetime:
    """A date and an optional time of day in Vietnam, as an aware datetime."""
    return dt.datetime.combine(day, time or default, tzinfo=LOCAL_TIME_ZONE)


def _check_times(details: EventDetails) -> None:
    if details.ends_at < details.starts_at:
        raise DomainError("ends_before_start", _("The event cannot end before it starts."), 422)


def _check_places(campaign: Campaign, details: EventDetails) -> None:
    """The host and the participating units must be of the campaign's map and within its unit."""
    host = [details.host_unit] if details.host_unit is not None else []
    ensure_in_area(campaign, host, "host_outside")
    ensure_in_area(campaign, details.units, "unit_outside")


def period_warning(campaign: Campaign, details: EventDetails) -> str | None:
    """A warning, not a refusal: launches are often held the day before the Month begins."""
    start = details.starts_at.astimezone(LOCAL_TIME_ZONE).date()
    end = details.ends_at.astimezone(LOCAL_TIME_ZONE).date()
    if start < campaign.start_date or end > campaign.end_date:
        return _(
            "The event falls outside the campaign's period (%(start)s – %(end)s). "
            "It was saved; check the dates if this is a mistake.",
            start=campaign.start_date.strftime("%d/%m/%Y"),
            end=campaign.end_date.strftime("%d/%m/%Y"),
        )
    return None


def _units_with_communes(details: EventDetails) -> list[AdministrativeUnit]:
    units = {unit.id: unit for unit in details.units}
    if details.include_communes and units:
        for commune in db.session.scalars(
            sa.select(AdministrativeUnit).where(AdministrativeUnit.parent_id.in_(list(units)))
        ):
            units[commune.id] = commune
    return list(units.values())


def _snapshot(event: Event) -> dict:
    return {
        "title": event.title,
        "kind": event.kind.value if event.kind else None,
        "status": event.status.value if event.status else None,
        "starts_at": event.starts_at.isoformat() if event.starts_at else None,
        "ends_at": event.ends_at.isoformat() if event.ends_at else None,
        "venue": event.venue,
        "host_unit": event.host_unit_id,
        "organizer": event.organizer_id,
        "units": sorted(unit.id for unit in event.units),
        "expected_attendance": event.expected_attendance,
        "actual_attendance": event.actual_attendance,
        "outcome": event.outcome,
        "status_reason": event.status_reason,
    }


def _apply(event: Event, details: EventDetails) -> None:
    event.title = details.title
    event.kind = details.kind
    event.starts_at = details.starts_at
    event.ends_at = details.ends_at
    event.venue = details.venue
    event.host_unit = details.host_unit
    event.organizer = details.organizer
    event.units = _units_with_communes(details)
    event.expected_attendance = details.expected_attendance
    event.description = details.description


def create_event(actor: Actor, campaign: Campaign, details: EventDetails) -> Event:
    """A new event of an open campaign, its units on the campaign's map and within its unit."""
    ensure_open(campaign)
    _check_times(details)
    _check_places(campaign, details)
    event = Event(campaign=campaign, status=EventStatus.PLANNED)
    _apply(event, details)
    db.session.add(event)
    db.session.flush()
    record(actor, "create", "event", event.id, event.title, changes({}, _snapshot(event)))
    return event


def update_event(actor: Actor, event: Event, campaign: Campaign, details: EventDetails) -> None:
    """Change an event (possibly to another open campaign), by the same rules as creating it."""
    ensure_open(event.campaign)
    ensure_open(campaign)
    _check_times(details)
    _check_places(campaign, details)
    before = _snapshot(event)
    event.campaign = campaign
    _apply(event, details)
    db.session.flush()
    record(actor, "update", "event", event.id, event.title, changes(before, _snapshot(event)))


def change_status(
    actor: Actor,
    event: Event,
    status: EventStatus,
    reason: str | None,
    actual_attendance: int | None,
    outcome: str | None,
) -> None:
    """Postpone or cancel (with a reason), mark held (attendance, outcome), or plan again."""
    ensure_open(event.campaign)
    if status in (EventStatus.POSTPONED, EventStatus.CANCELLED) and not reason:
        raise DomainError("reason_missing", _("Say why the event is postponed or cancelled."), 422)
    if status == EventStatus.HELD and event.starts_at > dt.datetime.now(dt.UTC):
        raise DomainError(
            "not_yet_held", _("An event cannot be marked held before it starts."), 422
        )
    before = _snapshot(event)
    event.status = status
    event.status_reason = (
        reason if status in (EventStatus.POSTPONED, EventStatus.CANCELLED) else None
    )
    if status == EventStatus.HELD:
        event.actual_attendance = actual_attendance
        event.outcome = outcome
    record(actor, "update", "event", event.id, event.title, changes(before, _snapshot(event)))


def protocol_order(participations: list[Participation]) -> list[Participation]:
    """As a ceremony seats and announces them: central before province before district before
    commune (by the body of the capacity they attend in), then in the order the organizer set."""

    def rank(participation: Participation) -> tuple[int, int, int]:
        return _level_rank(participation), participation.position, participation.id

    return sorted(participations, key=rank)


def _level_rank(participation: Participation) -> int:
    position = participation.official_position
    level = position.organization.level if position else None
    return GOVERNMENT_LEVEL_RANK.get(level, len(GOVERNMENT_LEVEL_RANK))


def _seat(existing: list[Participation], newcomer: Participation) -> None:
    """Give a newcomer the place protocol suggests — after everyone of a higher level, and after
    those of the same level whose position ranks before or with theirs (a chair's precedence
    before a vice-chair's) — and number everyone again; the organizer can move them later."""

    def suggested(participation: Participation) -> tuple[int, int]:
        position = participation.official_position
        return _level_rank(participation), position.precedence if position else 10**6

    ordered = protocol_order(existing)
    place = sum(1 for other in ordered if suggested(other) <= suggested(newcomer))
    ordered.insert(place, newcomer)
    for number, participation in enumerate(ordered, start=1):
        participation.position = number


def add_participation(
    actor: Actor,
    event: Event,
    official: Official,
    position: OfficialPosition,
    role: ParticipationRole,
) -> Participation:
    """Seat an official at an event in a role, in the capacity of one of their positions. A second
    role for the same person is allowed (one speaks and presents the gifts: ``other_roles`` warns
    of it); a second capacity is refused, for protocol seats and introduces a person once."""
    ensure_open(event.campaign)
    if position.official_id != official.id:
        raise DomainError("position_mismatch", _("That position is not this official's."), 422)
    for earlier in event.participations:
        if earlier.official_id == official.id and earlier.position_id not in (None, position.id):
            raise DomainError(
                "capacity_differs",
                _("%(name)s already takes part in this event as %(capacity)s; a person attends in "
                  "one capacity. Add this role in that capacity, or remove the other line first.",
                  name=official.full_name, capacity=_capacity(earlier)),
                409,
            )  # fmt: skip
    exists = db.session.scalar(
        sa.select(Participation.id).where(
            Participation.event_id == event.id,
            Participation.official_id == official.id,
            Participation.role == role,
        )
    )
    if exists:
        raise DomainError(
            "participation_exists",
            _("%(name)s already takes part in this role.", name=official.full_name),
            409,
        )
    existing = list(event.participations)
    participation = Participation(official=official, official_position=position, role=role)
    _seat(existing, participation)
    try:
        with db.session.begin_nested():
            event.participations.append(participation)
    except IntegrityError:  # the same official and role added by a second click, at once
        raise DomainError(
            "participation_exists",
            _("%(name)s already takes part in this role.", name=official.full_name),
            409,
        ) from None
    record(actor, "create", "participation", participation.id,
           f"{event.title}: {official.full_name}", changes({}, {"role": role.value}))  # fmt: skip
    return participation


def _capacity(participation: Participation) -> str:
    position = participation.official_position
    return f"{position.title}, {position.organization.name}" if position else "—"


def other_roles(participation: Participation) -> list[ParticipationRole]:
    """The roles the same official already has at the same event, besides this one."""
    return [
        other.role
        for other in participation.event.participations
        if other.official_id == participation.official_id and other is not participation
    ]


def set_attended(actor: Actor, participation: Participation, attended: bool | None) -> None:
    ensure_open(participation.event.campaign)
    before = {"attended": participation.attended}
    participation.attended = attended
    record(actor, "update", "participation", participation.id, participation.official.full_name,
           changes(before, {"attended": attended}))  # fmt: skip


def _swap_with_neighbour(items: list, item, direction: int) -> bool:
    """Number ``items`` 1, 2, 3… in their order, then swap ``item`` with the one before (-1) or
    after (+1) it; False at either end."""
    for number, each in enumerate(items, start=1):
        each.position = number
    other = items.index(item) + direction
    if not 0 <= other < len(items):
        return False
    neighbour = items[other]
    item.position, neighbour.position = neighbour.position, item.position
    return True


def move_participation(actor: Actor, participation: Participation, direction: int) -> None:
    """Move an official up (-1) or down (+1) in the list as shown: the protocol order, where the
    organizer's order decides among officials of one level."""
    event = participation.event
    ensure_open(event.campaign)
    ordered = protocol_order(event.participations)
    place = ordered.index(participation) + 1
    if _swap_with_neighbour(ordered, participation, direction):
        record(actor, "update", "participation", participation.id,
               participation.official.full_name,
               changes({"position": place}, {"position": participation.position}))  # fmt: skip


def remove_participation(actor: Actor, participation: Participation) -> None:
    ensure_open(participation.event.campaign)
    record(actor, "delete", "participation", participation.id,
           f"{participation.event.title}: {participation.official.full_name}")  # fmt: skip
    db.session.delete(participation)


def add_agenda_item(
    actor: Actor,
    event: Event,
    starts_at: dt.datetime | None,
    title: str,
    speaker: Official | None,
    speaker_note: str | None,
) -> AgendaItem:
    ensure_open(event.campaign)
    last = db.session.scalar(
        sa.select(sa.func.max(AgendaItem.position)).where(AgendaItem.event_id == event.id)
    )
    item = AgendaItem(
        event=event, position=(last or 0) + 1, starts_at=starts_at, title=title,
        speaker=speaker, speaker_note=speaker_note,
    )  # fmt: skip
    db.session.add(item)
    db.session.flush()
    record(actor, "create", "agenda_item", item.id, f"{event.title}: {title}")
    return item


def move_agenda_item(actor: Actor, item: AgendaItem, direction: int) -> None:
    ensure_open(item.event.campaign)
    ordered = sorted(item.event.agenda_items, key=lambda i: (i.position, i.id))
    if _swap_with_neighbour(ordered, item, direction):
        record(actor, "update", "agenda_item", item.id, item.title)


def remove_agenda_item(actor: Actor, item: AgendaItem) -> None:
    ensure_open(item.event.campaign)
    record(actor, "delete", "agenda_item", item.id, item.title)
    db.session.delete(item)
