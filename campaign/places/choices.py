"""The administrative units a form offers: one function, shared by every form that picks units.

A picker lists the units of one map (``places.maps``) inside an area — the campaign's unit, the
user's scope — never the whole registry: the new map alone has 3,321 communes and wards.
"""

from collections import Counter
from collections.abc import Callable, Iterable

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from campaign.extensions import db
from campaign.places.maps import words
from campaign.places.models import AdministrativeUnit, Organization, UnitLevel, UnitScheme
from campaign.places.queries import within


def unit_choices(
    scheme: UnitScheme,
    levels: Iterable[UnitLevel],
    area=None,
    selected: Iterable[int | None] = (),
    every_province: bool = False,
    first: Iterable[int | None] = (),
    name_map: bool = False,
) -> list[SelectChoice]:
    """Units of ``scheme`` at ``levels`` that are, or lie in, ``area`` (unit ids or an id
    subquery; None: no limit, for lists of provinces), plus the ``selected`` ones a record already
    holds; with ``every_province`` every province of the map too. One group per province, the
    province first; the provinces of the units ``first`` come first. ``name_map`` adds the map to
    each group's name, for a picker that offers both maps. Each option carries its diacritic-free
    name for the filter box of ``static/js/unit-filter.js``."""
    selected_ids = [unit_id for unit_id in selected if unit_id is not None]
    wanted = []
    if area is not None:
        wanted.append(AdministrativeUnit.id.in_(within(area)))
    if every_province:
        wanted.append(AdministrativeUnit.level == UnitLevel.PROVINCE)
    if selected_ids:
        wanted.append(AdministrativeUnit.id.in_(selected_ids))
    statement = (
        sa.select(AdministrativeUnit)
        .where(AdministrativeUnit.scheme == scheme, AdministrativeUnit.level.in_(list(levels)))
        .options(joinedload(AdministrativeUnit.parent).joinedload(AdministrativeUnit.parent))
    )
    if area is not None or every_province:
        statement = statement.where(sa.or_(*wanted))
    units = db.session.scalars(statement).unique().all()
    first_ids = {unit_id for unit_id in first if unit_id is not None}
    running = {province_of(unit).id for unit in units if unit.id in first_ids}

    def order(unit: AdministrativeUnit) -> tuple:
        top = province_of(unit)
        return (top.id not in running, top.sort_key, top.id, unit is not top, unit.sort_key)

    def group(unit: AdministrativeUnit) -> str:
        province = province_of(unit).full_name
        return f"{province} · {words(scheme).map_name}" if name_map else province

    def marks(unit: AdministrativeUnit) -> dict[str, str]:
        return {"data-search": unit.search_key, **(map_mark(scheme) if name_map else {})}

    return [
        SelectChoice(str(unit.id), unit.full_name, optgroup=group(unit), render_kw=marks(unit))
        for unit in sorted(units, key=order)
    ]


def map_mark(scheme: UnitScheme | None) -> dict[str, str]:
    """The attribute that says which map an option's name belongs to, where a picker offers
    both: old-map names keep their words ("huyện", "thị xã") on a new-map campaign's pages."""
    return {"data-map": scheme.value} if scheme is not None else {}


def province_of(unit: AdministrativeUnit) -> AdministrativeUnit:
    """The province a unit lies in (itself for a province); its parents must be loaded."""
    while unit.parent is not None:
        unit = unit.parent
    return unit


def organization_choices(
    organizations: Iterable[Organization],
    label: Callable[[Organization], str] = lambda organization: organization.name,
    optgroup: Callable[[Organization], str | None] = lambda organization: None,
) -> list[SelectChoice]:
    """One option per organization, labelled by ``label`` and marked with its unit's map
    (``map_mark``); where two labels are the same (Hà Nội's People's Committee of the old map
    and of the new one), each names its map."""
    organizations = list(organizations)
    counts = Counter(label(organization) for organization in organizations)
    schemes = unit_schemes(organization.unit_id for organization in organizations)

    def shown(organization: Organization) -> str:
        text = label(organization)
        if counts[text] > 1 and organization.unit_id in schemes:
            return f"{text} · {words(schemes[organization.unit_id]).map_name}"
        return text

    return [
        SelectChoice(str(org.id), shown(org), optgroup=optgroup(org),
                     render_kw=map_mark(schemes.get(org.unit_id)))
        for org in organizations
    ]  # fmt: skip


def unit_schemes(unit_ids: Iterable[int | None]) -> dict[int, UnitScheme]:
    """The map of each of ``unit_ids``, in one query."""
    wanted = {unit_id for unit_id in unit_ids if unit_id is not None}
    if not wanted:
        return {}
    statement = sa.select(AdministrativeUnit.id, AdministrativeUnit.scheme).where(
        AdministrativeUnit.id.in_(wanted)
    )
    return {unit_id: scheme for unit_id, scheme in db.session.execute(statement)}
