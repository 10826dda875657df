"""Loading the reference data: administrative units, their succession, organizations.

Loading is idempotent: a second run adds nothing and changes nothing; a newer data file adds
the units it adds and renames the units it renames. Units are never deleted here, since
campaigns, events and beneficiaries may point at them.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from campaign.audit.services import COMMAND_LINE, record
from campaign.core.engine import refresh_planner_statistics
from campaign.core.text import normalize_name, search_key, text_sort_key
from campaign.extensions import db
from campaign.places.models import (
    AdministrativeUnit,
    GovernmentLevel,
    Organization,
    OrganizationKind,
    UnitLevel,
    UnitScheme,
    UnitSuccession,
)

DATA_DIRECTORY = Path(__file__).resolve().parent.parent / "data"
UNITS_FILE = DATA_DIRECTORY / "administrative_units.csv"
SUCCESSIONS_FILE = DATA_DIRECTORY / "unit_successions.csv"
ORGANIZATIONS_FILE = DATA_DIRECTORY / "organizations.csv"
ORGANIZATIONS_SCHEME = "scheme"  # the column naming each row's map; empty for a central body

UnitKey = tuple[str, str, str]  # (scheme, level, code)


@dataclass(frozen=True)
class LoadSummary:
    units_added: int
    units_updated: int
    successions_added: int
    successions_skipped: int
    organizations_added: int


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference_data() -> LoadSummary:
    """Load (or bring up to date) every unit, the succession and the scenario's organizations."""
    added, updated = _load_units(_read_csv(UNITS_FILE))
    successions_added, successions_skipped = _load_successions(_read_csv(SUCCESSIONS_FILE))
    organizations_added = _load_organizations(_read_csv(ORGANIZATIONS_FILE))
    db.session.flush()
    summary = LoadSummary(
        added, updated, successions_added, successions_skipped, organizations_added
    )
    if added or updated or successions_added or organizations_added:
        record(COMMAND_LINE, "import", "administrative_unit", None, str(summary))
        refresh_planner_statistics(
            db.session, AdministrativeUnit.__table__, UnitSuccession.__table__,
            Organization.__table__,
        )  # fmt: skip
    return summary


def _unit_ids() -> dict[UnitKey, int]:
    rows = db.session.execute(
        sa.select(
            AdministrativeUnit.scheme,
            AdministrativeUnit.level,
            AdministrativeUnit.code,
            AdministrativeUnit.id,
        )
    )
    return {(scheme.value, level.value, code): unit_id for scheme, level, code, unit_id in rows}


def _parent_level(scheme: str, level: str) -> str | None:
    if level == UnitLevel.PROVINCE:
        return None
    if level == UnitLevel.COMMUNE and scheme == UnitScheme.PRE_2025:
        return UnitLevel.DISTRICT
    return UnitLevel.PROVINCE


def _unit_values(row: dict[str, str], ids: dict[UnitKey, int]) -> dict:
    parent_level = _parent_level(row["scheme"], row["level"])
    parent_id = ids[(row["scheme"], parent_level, row["parent_code"])] if parent_level else None
    name = normalize_name(row["name"])
    return {
        "scheme": UnitScheme(row["scheme"]),
        "level": UnitLevel(row["level"]),
        "code": row["code"],
        "name": name,
        "full_name": normalize_name(row["full_name"]),
        "division_type": normalize_name(row["division_type"]),
        "parent_id": parent_id,
        "search_key": search_key(row["full_name"]),
        "sort_key": text_sort_key(name),
    }


def _load_units(rows: list[dict[str, str]]) -> tuple[int, int]:
    """Insert the units level by level, so that each parent has its id before its children."""
    added = updated = 0
    for level in (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE):
        ids = _unit_ids()
        level_rows = [row for row in rows if row["level"] == level]
        new = [
            _unit_values(r, ids) for r in level_rows if (r["scheme"], level, r["code"]) not in ids
        ]
        if new:
            db.session.execute(sa.insert(AdministrativeUnit), new)
        updated += _update_changed_units(
            [r for r in level_rows if (r["scheme"], level, r["code"]) in ids], ids
        )
        added += len(new)
    return added, updated


def _update_changed_units(rows: Iterable[dict[str, str]], ids: dict[UnitKey, int]) -> int:
    compared = ("name", "full_name", "division_type", "parent_id")
    current = {
        unit_id: (name, full_name, division_type, parent_id)
        for unit_id, name, full_name, division_type, parent_id in db.session.execute(
            sa.select(
                AdministrativeUnit.id,
                AdministrativeUnit.name,
                AdministrativeUnit.full_name,
                AdministrativeUnit.division_type,
                AdministrativeUnit.parent_id,
            )
        )
    }
    changes = []
    for row in rows:
        unit_id = ids[(row["scheme"], row["level"], row["code"])]
        values = _unit_values(row, ids)
        if current[unit_id] != tuple(values[field] for field in compared):
            changes.append({"id": unit_id, **values})
    if changes:
        db.session.execute(sa.update(AdministrativeUnit), changes)
    return len(changes)


def _load_successions(rows: list[dict[str, str]]) -> tuple[int, int]:
    """Add the missing old → new pairs; rows naming a unit the data file lacks are skipped."""
    ids = _unit_ids()
    existing = {
        (old, new)
        for old, new in db.session.execute(
            sa.select(UnitSuccession.old_unit_id, UnitSuccession.new_unit_id)
        )
    }
    wanted, skipped = set(), 0
    for row in rows:
        old_id = ids.get((UnitScheme.PRE_2025.value, row["old_level"], row["old_code"]))
        new_id = ids.get((UnitScheme.POST_2025.value, row["new_level"], row["new_code"]))
        if old_id is None or new_id is None:
            skipped += 1
        else:
            wanted.add((old_id, new_id))
    new = [{"old_unit_id": old, "new_unit_id": new} for old, new in sorted(wanted - existing)]
    if new:
        db.session.execute(sa.insert(UnitSuccession), new)
    return len(new), skipped


def _load_organizations(rows: list[dict[str, str]]) -> int:
    """Add the missing organizations; each row names the map of the unit it serves, so that a
    body of the old map and its namesake on the new one are two organizations."""
    ids = _unit_ids()
    existing = {
        (name, unit_id)
        for name, unit_id in db.session.execute(sa.select(Organization.name, Organization.unit_id))
    }
    added = 0
    for row in rows:
        level = GovernmentLevel(row["level"])
        unit_id = None
        if level is not GovernmentLevel.CENTRAL:
            unit_level = UnitLevel.PROVINCE if level is GovernmentLevel.PROVINCE else level.value
            scheme = UnitScheme(row[ORGANIZATIONS_SCHEME])
            unit_id = ids[(scheme.value, unit_level, row["unit_code"])]
        name = normalize_name(row["name"])
        if (name, unit_id) in existing:
            continue
        db.session.add(
            Organization(
                name=name,
                short_name=normalize_name(row["short_name"]) or None,
                kind=OrganizationKind(row["kind"]),
                level=level,
                unit_id=unit_id,
                search_key=search_key(name),
                sort_key=text_sort_key(name),
            )
        )
        added += 1
    return added
