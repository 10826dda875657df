"""Registering and correcting beneficiaries: scope, duplicates, identity numbers, consent.

The same checks serve the registration form and the spreadsheet import (``gifts/imports.py``),
so a woman entered by hand and one imported from a list meet the same rules.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from campaign.accounts.models import User
from campaign.accounts.permissions import Permission, role_may
from campaign.accounts.scope import unit_in_scope
from campaign.audit.services import Actor, changes, erase_words, record, record_many
from campaign.beneficiaries.models import (
    Beneficiary,
    BeneficiaryCircumstance,
    Circumstance,
    placed_in,
)
from campaign.core.dates import utcnow
from campaign.core.engine import refresh_planner_statistics
from campaign.core.errors import DomainError
from campaign.core.text import name_sort_key, normalize_name, search_key
from campaign.extensions import db
from campaign.places.maps import words
from campaign.places.models import AdministrativeUnit, Organization

SENSITIVE_FIELDS = frozenset({"national_id", "phone", "circumstances", "circumstance_note"})

MoveCheck = Callable[[Beneficiary, AdministrativeUnit], None]
MOVE_CHECKS: list[MoveCheck] = []
"""Rules of higher areas that may refuse (``DomainError``) moving a woman to another unit: gifts
keeps a nominee in her district's share. ``create_app`` registers them, so that beneficiaries
import nothing above them (docs/architecture.md, "Layers")."""


def check_moves_with(check: MoveCheck) -> None:
    """Have :func:`update` ask ``check`` before it moves a woman to another unit."""
    if check not in MOVE_CHECKS:
        MOVE_CHECKS.append(check)


ErasureStep = Callable[[sa.Select], None]
ERASURE_STEPS: list[ErasureStep] = []
"""What higher areas erase of the women :func:`anonymise` is given (a SELECT of their ids): gifts
erases the names of those who received for them and its audit entries' words. ``create_app``
registers them, like :data:`MOVE_CHECKS`."""


def erase_also_with(step: ErasureStep) -> None:
    """Have :func:`anonymise` run ``step`` on the women it anonymises."""
    if step not in ERASURE_STEPS:
        ERASURE_STEPS.append(step)


@dataclass(frozen=True)
class BeneficiaryDetails:
    """What the form or a spreadsheet row says, already normalised (identity.py) and typed."""

    full_name: str
    birth_year: int | None
    unit: AdministrativeUnit
    address: str | None
    phone: str | None
    national_id: str | None
    circumstances: frozenset[Circumstance]
    circumstance_note: str | None
    nominating_organization: Organization | None


@dataclass(frozen=True)
class Namesake:
    """A registered woman with the same name, birth year and commune: perhaps the same woman."""

    beneficiary_id: int
    full_name: str
    birth_year: int | None
    visible: bool  # within the user's scope, so the warning may link to her


def same_name(name: str) -> str:
    """Names compared for duplicates: NFC (NFD input too), case and spacing ignored."""
    return (normalize_name(name) or "").casefold()


def namesakes(user: User, details: BeneficiaryDetails, exclude_id: int | None = None):
    """Registered women with the same normalised name, birth year and commune."""
    statement = sa.select(Beneficiary).where(
        Beneficiary.search_key == search_key(details.full_name),
        Beneficiary.unit_id == details.unit.id,
    )
    if details.birth_year is None:
        statement = statement.where(Beneficiary.birth_year.is_(None))
    else:
        statement = statement.where(Beneficiary.birth_year == details.birth_year)
    if exclude_id is not None:
        statement = statement.where(Beneficiary.id != exclude_id)
    wanted = same_name(details.full_name)
    return [
        Namesake(b.id, b.full_name, b.birth_year, unit_in_scope(user, b.unit_id))
        for b in db.session.scalars(statement.order_by(Beneficiary.id))
        if same_name(b.full_name) == wanted
    ]


def national_id_holder(national_id: str, exclude_id: int | None = None) -> int | None:
    statement = sa.select(Beneficiary.id).where(Beneficiary.national_id == national_id)
    if exclude_id is not None:
        statement = statement.where(Beneficiary.id != exclude_id)
    return db.session.scalar(statement)


def national_id_taken() -> DomainError:
    return DomainError(
        "national_id_taken",
        _("A woman with this citizen ID number is already registered; she cannot be registered"
          " twice."),
    )  # fmt: skip


def ensure_registrable(user: User, details: BeneficiaryDetails, exclude_id: int | None = None):
    """Refusals: a commune outside the user's scope (naming the maps when it is on the other
    one), an ID number already registered."""
    if not unit_in_scope(user, details.unit.id):
        maps = {unit.scheme for unit in user.units}
        if details.unit.scheme not in maps and len(maps) == 1:
            message = _("%(unit)s is a unit of %(its_map)s; your scope is on %(map)s.",
                        unit=details.unit.full_name, its_map=words(details.unit.scheme).map_name,
                        map=words(maps.pop()).map_name)  # fmt: skip
        else:
            message = _("%(unit)s is outside your area.", unit=details.unit.full_name)
        raise DomainError("out_of_scope", message, 403)
    if details.national_id and national_id_holder(details.national_id, exclude_id):
        raise national_id_taken()


def columns(details: BeneficiaryDetails) -> dict:
    """The record's column values for ``details``: names normalised, where she lives, search
    and sort keys."""
    full_name = normalize_name(details.full_name)
    return {
        "full_name": full_name,
        "birth_year": details.birth_year,
        **placed_in(details.unit),
        "address": details.address,
        "phone": details.phone,
        "national_id": details.national_id,
        "circumstance_note": details.circumstance_note,
        "nominating_organization_id": details.nominating_organization.id
        if details.nominating_organization else None,
        "search_key": search_key(full_name),
        "sort_key": name_sort_key(full_name),
    }  # fmt: skip


def _apply(beneficiary: Beneficiary, details: BeneficiaryDetails) -> None:
    for name, value in columns(details).items():
        setattr(beneficiary, name, value)
    beneficiary.unit = details.unit
    beneficiary.nominating_organization = details.nominating_organization
    wanted = set(details.circumstances)
    beneficiary.circumstances = [c for c in beneficiary.circumstances if c.category in wanted]
    held = {c.category for c in beneficiary.circumstances}
    beneficiary.circumstances.extend(
        BeneficiaryCircumstance(category=category)
        for category in sorted(wanted - held, key=list(Circumstance).index)
    )


def _snapshot(beneficiary: Beneficiary) -> dict:
    return {
        "full_name": beneficiary.full_name,
        "birth_year": beneficiary.birth_year,
        "unit": beneficiary.unit.full_name if beneficiary.unit else None,
        "address": beneficiary.address,
        "phone": beneficiary.phone,
        "national_id": beneficiary.national_id,
        "circumstances": sorted(c.category for c in beneficiary.circumstances),
        "circumstance_note": beneficiary.circumstance_note,
        "nominating_organization": beneficiary.nominating_organization.name
        if beneficiary.nominating_organization else None,
    }  # fmt: skip


def register(actor: Actor, user: User, details: BeneficiaryDetails) -> Beneficiary:
    """Register a woman who has agreed to her data being kept (the form requires it)."""
    ensure_registrable(user, details)
    beneficiary = Beneficiary(consent_given_at=utcnow(), consent_recorded_by=user)
    _apply(beneficiary, details)
    db.session.add(beneficiary)
    _flush_unique(beneficiary)
    record(actor, "create", "beneficiary", beneficiary.id, beneficiary.full_name)
    return beneficiary


def register_many(actor: Actor, user: User | None, women: list[BeneficiaryDetails]) -> list[int]:
    """Register women already checked one by one (the import), in a few statements; their ids
    in the same order. Consent is recorded as given now, collected by ``user``."""
    consent = {"consent_given_at": utcnow(), "consent_recorded_by_id": user.id if user else None}
    try:
        with db.session.begin_nested():
            ids = db.session.scalars(
                sa.insert(Beneficiary).returning(Beneficiary.id, sort_by_parameter_order=True),
                [{**columns(details), **consent, "created_at": consent["consent_given_at"]}
                 for details in women],
            ).all()  # fmt: skip
    except IntegrityError as error:
        raise national_id_taken() from error
    circumstances = [
        {"beneficiary_id": beneficiary_id, "category": category}
        for beneficiary_id, details in zip(ids, women, strict=True)
        for category in details.circumstances
    ]
    if circumstances:
        db.session.execute(sa.insert(BeneficiaryCircumstance), circumstances)
    refresh_planner_statistics(
        db.session, Beneficiary.__table__, BeneficiaryCircumstance.__table__, rows_added=len(ids)
    )
    record_many(actor, "create", "beneficiary",
                [(beneficiary_id, normalize_name(details.full_name))
                 for beneficiary_id, details in zip(ids, women, strict=True)])  # fmt: skip
    return ids


def update(actor: Actor, user: User, beneficiary: Beneficiary, details: BeneficiaryDetails):
    """Correct a record; the audit keeps which fields changed, not the personal values. What
    the user may not see of it (the sensitive category, the note) stays as it is. A move to
    another unit must pass every :data:`MOVE_CHECKS`."""
    ensure_not_anonymised(beneficiary)
    details = _keeping_what_is_hidden(user, beneficiary, details)
    ensure_registrable(user, details, exclude_id=beneficiary.id)
    if details.unit.id != beneficiary.unit_id:
        for check in MOVE_CHECKS:
            check(beneficiary, details.unit)
    before = _snapshot(beneficiary)
    _apply(beneficiary, details)
    _flush_unique(beneficiary)
    diff = changes(before, _snapshot(beneficiary), SENSITIVE_FIELDS)
    if diff:
        record(actor, "update", "beneficiary", beneficiary.id, beneficiary.full_name, diff)


def _keeping_what_is_hidden(
    user: User, beneficiary: Beneficiary, details: BeneficiaryDetails
) -> BeneficiaryDetails:
    """The correction, with what the user was never shown put back: their form could not say it."""
    if role_may(user.role, Permission.SEE_SENSITIVE_CIRCUMSTANCES):
        return details
    hidden = {Circumstance(c.category) for c in beneficiary.circumstances}
    return replace(
        details,
        circumstances=details.circumstances | {c for c in hidden if c.sensitive},
        circumstance_note=beneficiary.circumstance_note,
    )


def _flush_unique(beneficiary: Beneficiary) -> None:
    """Flush; two officials registering one ID number at the same moment meet the index."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        if "national_id" in str(error.orig):
            raise national_id_taken() from error
        raise


# --- Erasing her personal data ------------------------------------------------------------------

ERASED_COLUMNS = {
    "full_name": "", "search_key": "", "sort_key": "", "birth_year": None, "address": None,
    "phone": None, "national_id": None, "circumstance_note": None,
}  # fmt: skip
"""What anonymising leaves of what tells who she is: nothing. Her commune (with its province and
district), her circumstance categories, who nominated her and when she agreed stay, and her
gifts: the counts and totals of every report are read from them (the summary counts the women
who received a gift by circumstance), and without a name, birth year, address, phone or ID
number they describe no one."""


def ensure_not_anonymised(beneficiary: Beneficiary) -> None:
    """Refuse to correct, nominate or give to a woman whose data was erased."""
    if beneficiary.anonymised_at is not None:
        raise DomainError(
            "anonymised",
            _("This woman's personal data has been erased; her record can no longer be changed."),
            409,
        )


def anonymise(actor: Actor, beneficiary_ids: list[int], action: str, summary: str) -> int:
    """Erase the personal data of these women (those not erased already) in a few statements,
    with one audit entry each (``action``: "anonymise" or "erase", ``summary``: why). The words
    of the audit entries about them go too (``audit.services.erase_words``), and whatever each
    of :data:`ERASURE_STEPS` erases. How many were anonymised."""
    now = utcnow()
    chosen = sa.select(Beneficiary.id).where(
        Beneficiary.id.in_(beneficiary_ids), Beneficiary.anonymised_at.is_(None)
    )
    ids = db.session.scalars(chosen.order_by(Beneficiary.id).with_for_update()).all()
    if not ids:
        return 0
    women = sa.select(Beneficiary.id).where(Beneficiary.id.in_(ids))
    db.session.execute(
        sa.update(Beneficiary).where(Beneficiary.id.in_(ids))
        .values(**ERASED_COLUMNS, anonymised_at=now)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    for step in ERASURE_STEPS:
        step(women)
    erase_words("beneficiary", women)
    record_many(actor, action, "beneficiary", [(woman_id, summary) for woman_id in ids])
    db.session.expire_all()
    return len(ids)


def erase_on_request(actor: Actor, user: User, beneficiary: Beneficiary, reason: str) -> None:
    """Erase one woman's personal data because she asked (the right to deletion, Law 91/2025);
    the reason goes to the audit log. Her gifts stay, as anonymised, so quotas and printed
    totals still add up."""
    if not role_may(user.role, Permission.ERASE_PERSONAL_DATA):
        raise DomainError("not_allowed", _("You are not allowed to do this"), 403)
    if not unit_in_scope(user, beneficiary.unit_id):
        raise DomainError("out_of_scope", _("She does not live in your area."), 403)
    ensure_not_anonymised(beneficiary)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_missing", _("Write why her data is erased."), 422)
    anonymise(actor, [beneficiary.id], "erase", reason)
