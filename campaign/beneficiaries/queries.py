"""Read side of beneficiaries, always within the reader's scope (on either map)."""

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from campaign.accounts.models import User
from campaign.accounts.scope import (
    has_scope,
    limit_to_scope_by_level,
    units_in_scope,
)
from campaign.beneficiaries.models import (
    PLACEMENT,
    Beneficiary,
    BeneficiaryCircumstance,
    Circumstance,
)
from campaign.core.pagination import Order
from campaign.core.search import key_matches
from campaign.extensions import db
from campaign.places.lookup import UnitLookup
from campaign.places.models import AdministrativeUnit, Organization, UnitLevel, UnitScheme

REGISTRATION_AREAS: list[Callable[[], sa.Select]] = []
"""Where women are registered by users without a scope: each a query of unit ids from
a higher area (gifts: the districts with a share of a programme). ``create_app`` registers them,
so that beneficiaries import nothing above them (docs/architecture.md, "Layers")."""


def register_areas_with(areas: Callable[[], sa.Select]) -> None:
    """Offer the communes of ``areas()`` to users without a scope."""
    if areas not in REGISTRATION_AREAS:
        REGISTRATION_AREAS.append(areas)


@dataclass(frozen=True)
class BeneficiaryFilter:
    query: str | None = None
    area: AdministrativeUnit | None = None  # a province, an old-map district or a commune
    category: Circumstance | None = None


NAME_ORDER = Order((Beneficiary.sort_key, Beneficiary.id))
"""Vietnamese name order (docs/architecture.md, "Text, names and keys"); an index serves it
alone and after each of the placement columns."""


def name_key(beneficiary: Beneficiary) -> tuple[str, int]:
    """A woman's place in :data:`NAME_ORDER`."""
    return beneficiary.sort_key, beneficiary.id


def in_scope(statement: sa.Select, reader: User) -> sa.Select:
    """``statement`` (which reads ``Beneficiary``) restricted to the women of the reader's
    scope, on the placement columns their indexes serve."""
    return limit_to_scope_by_level(statement, PLACEMENT, reader)


def placed_within(unit: AdministrativeUnit):
    """A condition: the woman lives in ``unit`` or in a unit inside it."""
    return PLACEMENT[unit.level] == unit.id


def beneficiary_search(reader: User, wanted: BeneficiaryFilter) -> sa.Select:
    """Beneficiaries the reader may see, matching a name typed with or without diacritics,
    optionally in one unit (a province, an old-map district, a commune: with everything inside
    it), or of one circumstance; unordered (pages add :data:`NAME_ORDER`)."""
    statement = sa.select(Beneficiary).options(
        joinedload(Beneficiary.unit).joinedload(AdministrativeUnit.parent),
        selectinload(Beneficiary.circumstances),
    )
    return matching(statement, reader, wanted)


def matching(statement: sa.Select, reader: User | None, wanted: BeneficiaryFilter) -> sa.Select:
    """``statement`` (which reads ``Beneficiary``) limited as :func:`beneficiary_search` limits
    the list: the reader's scope and what ``wanted`` asks for."""
    if wanted.query:
        statement = statement.where(key_matches(db.session, Beneficiary.search_key, wanted.query))
    if wanted.area is not None:
        statement = statement.where(placed_within(wanted.area))
    if wanted.category:
        statement = statement.where(
            Beneficiary.circumstances.any(BeneficiaryCircumstance.category == wanted.category)
        )
    return in_scope(statement, reader)


def visible_beneficiary(reader: User, beneficiary_id: int) -> Beneficiary | None:
    """The beneficiary, or None when she does not exist or lies outside the reader's scope."""
    statement = (
        sa.select(Beneficiary)
        .where(Beneficiary.id == beneficiary_id)
        .options(
            joinedload(Beneficiary.unit).joinedload(AdministrativeUnit.parent),
            selectinload(Beneficiary.circumstances),
            joinedload(Beneficiary.nominating_organization),
            joinedload(Beneficiary.consent_recorded_by),
        )
    )
    return db.session.scalars(in_scope(statement, reader)).first()


def area_lookup(reader: User) -> UnitLookup:
    """The units the list can be narrowed to: of either map (a woman's commune is on one or the
    other), any level, within the reader's scope."""
    return UnitLookup(areas=(units_in_scope(reader),) if has_scope(reader) else ())


@dataclass(frozen=True)
class CommuneLookup:
    """The communes a woman can be registered in, named by typing (``core.lookup``); on a
    correction, also her unit as it stands, by its label (it may lie outside them)."""

    units: UnitLookup
    current: AdministrativeUnit | None = None

    def label(self, unit: AdministrativeUnit) -> str:
        return self.units.label(unit)

    def find(self, typed: str, limit: int) -> list[AdministrativeUnit]:
        if self.current is not None and self.label(self.current).casefold() == typed.casefold():
            return [self.current]
        return self.units.find(typed, limit)


def commune_lookup(user: User, current: AdministrativeUnit | None = None) -> CommuneLookup:
    """The communes of the user's scope (on its maps), or for users without a scope those of
    the :data:`REGISTRATION_AREAS`: a nation's thousands, never a dropdown."""
    if has_scope(user):
        schemes = frozenset(unit.scheme for unit in user.units) or None
        area = units_in_scope(user)
    else:
        schemes, registered = None, [areas() for areas in REGISTRATION_AREAS]
        area = sa.union(*registered) if registered else sa.select(sa.null()).where(sa.false())
    communes = UnitLookup(schemes, frozenset({UnitLevel.COMMUNE}), (area,))
    return CommuneLookup(communes, current)


def schemes_of(user: User, units: list[AdministrativeUnit]) -> set[UnitScheme]:
    """The maps of ``units`` (what a page lists), else of the user's scope: the words a page
    uses for them."""
    return {unit.scheme for unit in units} or {unit.scheme for unit in user.units}


def organizations() -> list[Organization]:
    return list(db.session.scalars(sa.select(Organization).order_by(Organization.sort_key)))
