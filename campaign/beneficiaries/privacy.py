"""What of a beneficiary a user may see (docs/architecture.md, "Privacy by default")."""

import sqlalchemy as sa
from flask_babel import gettext as _

from campaign.accounts.permissions import Permission
from campaign.beneficiaries.models import Beneficiary, Circumstance

MASK = "•"
VISIBLE_DIGITS = 4


def anonymised_name() -> str:
    """What stands for the name of a woman whose personal data was erased."""
    return _("(anonymised)")


def name_shown(beneficiary: Beneficiary) -> str:
    """Her name, or the word that says it was erased: every page, print and export says so."""
    return anonymised_name() if beneficiary.anonymised_at else beneficiary.full_name


def name_column():
    """:func:`name_shown` as a column of a report's statement."""
    return sa.case(
        (Beneficiary.anonymised_at.is_not(None), sa.literal(anonymised_name())),
        else_=Beneficiary.full_name,
    )


def masked_national_id(national_id: str | None) -> str | None:
    """Only the last four digits: ••••••••1234."""
    if not national_id:
        return None
    return MASK * (len(national_id) - VISIBLE_DIGITS) + national_id[-VISIBLE_DIGITS:]


def circumstances_shown(beneficiary: Beneficiary, principal) -> list[Circumstance]:
    """Her circumstances, without the sensitive ones unless the user's role may see them."""
    see_sensitive = principal.can(Permission.SEE_SENSITIVE_CIRCUMSTANCES)
    categories = sorted(
        (Circumstance(c.category) for c in beneficiary.circumstances),
        key=list(Circumstance).index,
    )
    return [c for c in categories if see_sensitive or not c.sensitive]


def circumstances_listed(beneficiary: Beneficiary) -> list[Circumstance]:
    """In lists, searches, prints and exports the sensitive category never shows, for anyone."""
    return [
        c
        for c in sorted((Circumstance(c.category) for c in beneficiary.circumstances),
                        key=list(Circumstance).index)
        if not c.sensitive
    ]  # fmt: skip


def note_shown(beneficiary: Beneficiary, principal) -> str | None:
    """The free-text note may tell what the sensitive category would: same permission."""
    if principal.can(Permission.SEE_SENSITIVE_CIRCUMSTANCES):
        return beneficiary.circumstance_note
    return None


def national_id_shown(beneficiary: Beneficiary, principal) -> str | None:
    if principal.can(Permission.SEE_FULL_NATIONAL_ID):
        return beneficiary.national_id
    return masked_national_id(beneficiary.national_id)


SMALL_COUNT = 5
"""In documents meant for circulation, a count of women in a sensitive category below this is
not shown exactly: one woman could be singled out."""


def circulated_count(count: int, category: Circumstance) -> int | str:
    """A count of women of ``category`` as a circulated document may show it: "< 5" for a
    sensitive category below :data:`SMALL_COUNT` (none included), else the count."""
    if category.sensitive and count < SMALL_COUNT:
        return f"< {SMALL_COUNT}"
    return count
