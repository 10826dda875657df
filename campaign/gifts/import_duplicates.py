"""Rows that repeat an earlier row of the file, and rows of women already registered: found in
a few queries for the whole file, so that a list of thousands stays quick."""

import sqlalchemy as sa
from flask_babel import gettext as _

from campaign.beneficiaries import services
from campaign.beneficiaries.models import Beneficiary
from campaign.core.text import search_key
from campaign.extensions import db
from campaign.gifts.import_checks import RowOutcome


def _identity(details: services.BeneficiaryDetails) -> tuple:
    return services.same_name(details.full_name), details.birth_year, details.unit.id


def find_duplicates(rows: list[RowOutcome]) -> None:
    """Rows repeating an earlier row, and rows of women already registered."""
    first_row: dict[tuple, int] = {}
    first_id_row: dict[str, int] = {}
    for row in rows:
        if row.details is None:
            continue
        identity = _identity(row.details)
        earlier = first_row.setdefault(identity, row.number)
        if earlier != row.number:
            row.problems.append(_("The same woman as row %(row)s.", row=earlier))
        national_id = row.details.national_id
        if national_id:
            earlier = first_id_row.setdefault(national_id, row.number)
            if earlier != row.number:
                row.problems.append(_("The same citizen ID number as row %(row)s.", row=earlier))
    checked = [row for row in rows if row.details is not None]
    registered = _registered_identities(checked)
    taken = _registered_national_ids(checked)
    for row in checked:
        if _identity(row.details) in registered:
            row.problems.append(
                _("Already registered: %(name)s, born %(year)s, %(unit)s (record %(id)s).",
                  name=row.details.full_name, year=row.details.birth_year or "—",
                  unit=row.details.unit.full_name, id=registered[_identity(row.details)])
            )  # fmt: skip
        if row.details.national_id in taken:
            row.problems.append(_("A woman with this citizen ID number is already registered."))
    for row in rows:
        if row.problems:
            row.details = None


def chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _registered_identities(rows: list[RowOutcome]) -> dict[tuple, int]:
    keys = sorted({search_key(row.details.full_name) for row in rows})
    units = {row.details.unit.id for row in rows}
    found = {}
    for chunk in chunks(keys):
        for beneficiary in db.session.execute(
            sa.select(
                Beneficiary.id, Beneficiary.full_name, Beneficiary.birth_year, Beneficiary.unit_id
            ).where(Beneficiary.search_key.in_(chunk), Beneficiary.unit_id.in_(units))
        ):
            identity = (
                services.same_name(beneficiary.full_name),
                beneficiary.birth_year,
                beneficiary.unit_id,
            )
            found.setdefault(identity, beneficiary.id)
    return found


def _registered_national_ids(rows: list[RowOutcome]) -> set[str]:
    numbers = sorted({row.details.national_id for row in rows if row.details.national_id})
    taken = set()
    for chunk in chunks(numbers):
        taken.update(
            db.session.scalars(
                sa.select(Beneficiary.national_id).where(Beneficiary.national_id.in_(chunk))
            )
        )
    return taken
