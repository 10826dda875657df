"""Rules for organizations: the unit each one serves matches its level, and one unit has one
organization of a given name (docs/architecture.md, "How a request flows": services flush,
audit and raise DomainError)."""

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from campaign.audit.services import Actor, changes, record
from campaign.core.errors import DomainError
from campaign.core.text import normalize_name, search_key, text_sort_key
from campaign.extensions import db
from campaign.places.maps import words
from campaign.places.models import (
    AdministrativeUnit,
    GovernmentLevel,
    Organization,
    OrganizationKind,
    UnitLevel,
    UnitScheme,
)

UNIT_LEVEL = {
    GovernmentLevel.PROVINCE: UnitLevel.PROVINCE,
    GovernmentLevel.DISTRICT: UnitLevel.DISTRICT,
    GovernmentLevel.COMMUNE: UnitLevel.COMMUNE,
}


def _level_mismatch(level: GovernmentLevel) -> str:
    return {
        GovernmentLevel.PROVINCE: _(
            "A province-level body serves a province or centrally-run city: choose one, "
            "not a district."
        ),
        GovernmentLevel.DISTRICT: _(
            "A district-level body serves a district: choose a district, not a province."
        ),
        GovernmentLevel.COMMUNE: _(
            "A commune-level body serves a commune or ward: choose it (new map), or choose its "
            "district and type the commune (old map)."
        ),
    }[level]


def _no_districts(scheme: UnitScheme) -> DomainError:
    return DomainError(
        "unit_no_districts",
        _("There are no districts on %(map)s: a body there serves a province or a commune or "
          "ward, so choose the province or commune level.", map=words(scheme).map_name),
        422,
    )  # fmt: skip


def _commune_not_needed() -> DomainError:
    return DomainError(
        "commune_not_needed",
        _("Leave the commune empty unless the body is at commune level."),
        422,
    )


def serving_unit(
    level: GovernmentLevel, chosen: AdministrativeUnit | None, commune: str | None
) -> AdministrativeUnit | None:
    """The unit an organization of ``level`` serves: the unit chosen, or for a commune-level
    body the commune whose name is typed (with or without diacritics) under the district (old
    map) or province (new map) chosen. A commune or ward of the new map is chosen directly."""
    new_map = chosen is not None and chosen.scheme == UnitScheme.POST_2025
    if level is not GovernmentLevel.COMMUNE or (new_map and chosen.level == UnitLevel.COMMUNE):
        if commune:
            raise _commune_not_needed()
        return chosen
    parent_level = UnitLevel.PROVINCE if new_map else UnitLevel.DISTRICT
    if chosen is None or chosen.level != parent_level:
        raise DomainError("unit_level_mismatch", _level_mismatch(level), 422)
    if not commune:
        raise DomainError("commune_missing", _("Type the name of the commune."), 422)
    return _commune_named(chosen, commune)


def _commune_named(district: AdministrativeUnit, typed: str) -> AdministrativeUnit:
    communes = db.session.scalars(
        sa.select(AdministrativeUnit).where(AdministrativeUnit.parent_id == district.id)
    ).all()
    typed = normalize_name(typed)
    exact = [c for c in communes if typed.casefold() in (c.name.casefold(), c.full_name.casefold())]
    loose = [c for c in communes if search_key(typed) in (search_key(c.name), c.search_key)]
    for found in (exact, loose):
        if len(found) == 1:
            return found[0]
    if loose:
        raise DomainError(
            "commune_ambiguous",
            _("Several communes of %(district)s have this name: type it with its diacritics.",
              district=district.full_name),
            422,
        )  # fmt: skip
    raise DomainError(
        "commune_unknown",
        _("%(district)s has no commune called %(name)s.", district=district.full_name, name=typed),
        422,
    )


def _check_unit(level: GovernmentLevel, unit: AdministrativeUnit | None) -> None:
    """The database's rule (a unit unless central), and the unit at the organization's level."""
    if level is GovernmentLevel.CENTRAL:
        if unit is not None:
            raise DomainError(
                "unit_for_central",
                _("A central body serves no administrative unit: leave the unit empty."),
                422,
            )
        return
    if unit is None:
        raise DomainError(
            "unit_missing", _("Choose the administrative unit this body serves."), 422
        )
    if level is GovernmentLevel.DISTRICT and unit.scheme == UnitScheme.POST_2025:
        raise _no_districts(unit.scheme)
    if unit.level != UNIT_LEVEL[level]:
        raise DomainError("unit_level_mismatch", _level_mismatch(level), 422)


def _name_taken(name: str, unit: AdministrativeUnit | None) -> DomainError:
    if unit is None:
        message = _("A central body called %(name)s is already registered.", name=name)
    else:
        message = _("%(unit)s already has an organization called %(name)s.",
                    unit=unit.full_name, name=name)  # fmt: skip
    return DomainError("name_taken", message, 409)


def _check_name_free(
    name: str, unit: AdministrativeUnit | None, organization: Organization | None = None
) -> None:
    """One name per unit, letter case aside; also among central bodies, which the database's
    unique constraint (name, unit) cannot cover since their unit is NULL."""
    same_unit = Organization.unit_id.is_(None) if unit is None else Organization.unit_id == unit.id
    rows = db.session.execute(sa.select(Organization.id, Organization.name).where(same_unit))
    own_id = organization.id if organization is not None else None
    if any(other_id != own_id and other.casefold() == name.casefold() for other_id, other in rows):
        raise _name_taken(name, unit)


def _snapshot(organization: Organization) -> dict:
    unit = organization.unit
    return {
        "name": organization.name,
        "short_name": organization.short_name,
        "kind": organization.kind.value if organization.kind else None,
        "level": organization.level.value if organization.level else None,
        "unit": f"{unit.code} {unit.full_name}" if unit is not None else None,
    }


def _assign(
    organization: Organization,
    name: str,
    short_name: str | None,
    kind: OrganizationKind,
    level: GovernmentLevel,
    unit: AdministrativeUnit | None,
) -> None:
    organization.name = name
    organization.short_name = short_name
    organization.kind = kind
    organization.level = level
    organization.unit = unit
    organization.search_key = search_key(name)
    organization.sort_key = text_sort_key(name)


def _save(organization: Organization, values: dict) -> None:
    """Apply ``values`` and flush inside a savepoint: a same-named organization saved meanwhile
    by someone else is refused as a conflict, not a server error."""
    try:
        with db.session.begin_nested():
            _assign(organization, **values)
            db.session.add(organization)
            db.session.flush()
    except IntegrityError as error:
        raise _name_taken(values["name"], values["unit"]) from error


def create_organization(
    actor: Actor,
    name: str,
    short_name: str | None,
    kind: OrganizationKind,
    level: GovernmentLevel,
    unit: AdministrativeUnit | None,
) -> Organization:
    name, short_name = normalize_name(name), normalize_name(short_name) or None
    _check_unit(level, unit)
    _check_name_free(name, unit)
    organization = Organization()
    _save(organization, {"name": name, "short_name": short_name, "kind": kind, "level": level,
                         "unit": unit})  # fmt: skip
    record(actor, "create", "organization", organization.id, name,
           changes({}, _snapshot(organization)))  # fmt: skip
    return organization


def update_organization(
    actor: Actor,
    organization: Organization,
    name: str,
    short_name: str | None,
    kind: OrganizationKind,
    level: GovernmentLevel,
    unit: AdministrativeUnit | None,
) -> None:
    name, short_name = normalize_name(name), normalize_name(short_name) or None
    _check_unit(level, unit)
    _check_name_free(name, unit, organization)
    before = _snapshot(organization)
    _save(organization, {"name": name, "short_name": short_name, "kind": kind, "level": level,
                         "unit": unit})  # fmt: skip
    after = _snapshot(organization)
    if before != after:
        record(actor, "update", "organization", organization.id, name, changes(before, after))
