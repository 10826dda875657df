"""Rules for the officials registry: one person, however many positions, kept findable.

Names are normalised and their search and sort keys kept in step; every change is audited on the
official (positions included, as the "positions" field of the change).
"""

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from campaign.audit.services import Actor, changes, record
from campaign.campaigns.models import Campaign, CampaignStatus
from campaign.core.errors import DomainError
from campaign.core.text import name_sort_key, normalize_name, normalize_text, search_key
from campaign.events.models import Event, Participation
from campaign.extensions import db
from campaign.officials.models import Official, OfficialPosition
from campaign.places.models import Organization


class PossibleDuplicate(DomainError):
    """An official of the same name already holds a position in the same organization."""

    def __init__(self, existing: list[Official]):
        super().__init__(
            "possible_duplicate",
            _("An official with this name is already registered in this organization. Open the "
              "record below to check it is not the same person."),
            409,
        )  # fmt: skip
        self.existing = existing


def _position_text(position: OfficialPosition) -> str:
    return f"{position.title}, {position.organization.name} ({position.precedence})"


def _snapshot(official: Official) -> dict:
    return {
        "full_name": official.full_name,
        "phone": official.phone,
        "email": official.email,
        "positions": [_position_text(position) for position in official.positions],
    }


def _set_name(official: Official, full_name: str) -> None:
    official.full_name = normalize_name(full_name)
    official.search_key = search_key(official.full_name)
    official.sort_key = name_sort_key(official.full_name)


def namesakes(full_name: str, organization: Organization) -> list[Official]:
    """Officials spelt like ``full_name`` (diacritics and case aside) with a position in
    ``organization``."""
    return list(
        db.session.scalars(
            sa.select(Official)
            .join(OfficialPosition, OfficialPosition.official_id == Official.id)
            .where(
                Official.search_key == search_key(full_name),
                OfficialPosition.organization_id == organization.id,
            )
            .distinct()
            .order_by(Official.id)
        )
    )


def _check_precedence(precedence: int) -> None:
    if precedence < 0:
        raise DomainError(
            "precedence_negative", _("The precedence is a whole number, 0 or more."), 422
        )


def create_official(
    actor: Actor,
    full_name: str,
    phone: str | None,
    email: str | None,
    title: str,
    organization: Organization,
    precedence: int = 100,
    *,
    namesake_confirmed: bool = False,
) -> Official:
    """A new official with the main position. A namesake in the same organization raises
    :class:`PossibleDuplicate` unless the user confirmed it is a different person."""
    _check_precedence(precedence)
    existing = namesakes(full_name, organization)
    if existing and not namesake_confirmed:
        raise PossibleDuplicate(existing)
    official = Official(phone=normalize_text(phone) or None, email=normalize_text(email) or None)
    _set_name(official, full_name)
    official.positions = [
        OfficialPosition(
            title=normalize_name(title), organization=organization, precedence=precedence, rank=0
        )
    ]
    db.session.add(official)
    db.session.flush()
    record(actor, "create", "official", official.id, official.full_name,
           changes({}, _snapshot(official)))  # fmt: skip
    return official


def update_official(
    actor: Actor, official: Official, full_name: str, phone: str | None, email: str | None
) -> None:
    before = _snapshot(official)
    _set_name(official, full_name)
    official.phone = normalize_text(phone) or None
    official.email = normalize_text(email) or None
    after = _snapshot(official)
    if before != after:
        record(actor, "update", "official", official.id, official.full_name,
               changes(before, after))  # fmt: skip


def _position_taken(official: Official) -> DomainError:
    return DomainError(
        "position_taken",
        _("%(name)s already holds this title in this organization.", name=official.full_name),
        409,
    )


def add_position(
    actor: Actor, official: Official, title: str, organization: Organization, precedence: int
) -> OfficialPosition:
    """Another position for ``official``, after the ones held already."""
    _check_precedence(precedence)
    title = normalize_name(title)
    for held in official.positions:
        if held.organization_id == organization.id and held.title.casefold() == title.casefold():
            raise _position_taken(official)
    before = _snapshot(official)
    position = OfficialPosition(
        title=title, organization=organization, precedence=precedence,
        rank=max((held.rank for held in official.positions), default=-1) + 1,
    )  # fmt: skip
    try:
        with db.session.begin_nested():
            official.positions.append(position)
            db.session.flush()
    except IntegrityError as error:  # the same position, added meanwhile by someone else
        raise _position_taken(official) from error
    record(actor, "update", "official", official.id, official.full_name,
           changes(before, _snapshot(official)))  # fmt: skip
    return position


def remove_position(actor: Actor, official: Official, position: OfficialPosition) -> None:
    """Remove one of the official's positions; the last one stays. Events where the official
    attended in this capacity keep the official, without the capacity."""
    if position not in official.positions:
        raise DomainError("position_not_held", _("This position is not the official's."), 404)
    if len(official.positions) == 1:
        raise DomainError(
            "last_position",
            _("An official holds at least one position: add the new one before removing this."),
            409,
        )
    used_in_closed = db.session.scalar(
        sa.select(Participation.id)
        .join(Event, Participation.event_id == Event.id)
        .join(Campaign, Event.campaign_id == Campaign.id)
        .where(Participation.position_id == position.id, Campaign.status == CampaignStatus.CLOSED)
        .limit(1)
    )
    if used_in_closed:
        raise DomainError(
            "position_in_closed_campaign",
            _("This position is recorded at an event of a closed campaign; it stays."),
            409,
        )
    before = _snapshot(official)
    official.positions.remove(position)
    for rank, held in enumerate(official.positions):
        held.rank = rank
    db.session.flush()
    record(actor, "update", "official", official.id, official.full_name,
           changes(before, _snapshot(official)))  # fmt: skip
