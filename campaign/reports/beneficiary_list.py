"""The beneficiary list of a unit, with the list page's filters. De-identified by default: no
ID number, no phone, no sensitive circumstance, no note. The full list (phone and ID number; the
sensitive category and the note only for the roles that may see them) is for the roles allowed
to see full ID numbers, after a stated reason that the audit entry keeps."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from campaign.accounts.models import User
from campaign.beneficiaries.models import Beneficiary, BeneficiaryCircumstance, Circumstance
from campaign.beneficiaries.privacy import name_column
from campaign.beneficiaries.queries import NAME_ORDER, BeneficiaryFilter, matching
from campaign.campaigns.models import Campaign
from campaign.core.documents import Column, Document, Kind, Sheet, Table
from campaign.core.labels import label
from campaign.places.models import AdministrativeUnit
from campaign.reports.letterhead import issued_document
from campaign.reports.report import Report

SENSITIVE = [member.value for member in Circumstance if member.sensitive]
_ORDER = list(Circumstance)

DEIDENTIFIED_COLUMNS = (
    Column(_l("No."), Kind.YEAR, width=7), Column(_l("Full name"), width=25),
    Column(_l("Birth year"), Kind.YEAR, width=9), Column(_l("Commune/ward"), width=20),
    Column(_l("Village/residential group"), width=17), Column(_l("Circumstances"), width=22),
)  # fmt: skip
FULL_COLUMNS = (
    Column(_l("No."), Kind.YEAR, width=4), Column(_l("Full name"), width=16),
    Column(_l("Birth year"), Kind.YEAR, width=6), Column(_l("Commune/ward"), width=13),
    Column(_l("Village/residential group"), width=11), Column(_l("Circumstances"), width=16),
    Column(_l("Phone"), width=10), Column(_l("Citizen ID number"), width=12),
    Column(_l("Note on circumstances"), width=12),
)  # fmt: skip


def _circumstances(sensitive_too: bool):
    """Her circumstance codes as one text, per woman (the sensitive one left out unless asked)."""
    statement = sa.select(sa.func.aggregate_strings(BeneficiaryCircumstance.category, ",")).where(
        BeneficiaryCircumstance.beneficiary_id == Beneficiary.id
    )
    if not sensitive_too:
        statement = statement.where(BeneficiaryCircumstance.category.not_in(SENSITIVE))
    return statement.scalar_subquery()


def _circumstance_texts():
    """Her circumstance codes ("poor_household,single_mother") as words, in the order the
    form lists them; each set of codes is worked out once per export."""
    known: dict[str | None, str] = {}

    def text(codes: str | None) -> str:
        if codes not in known:
            members = sorted((Circumstance(code) for code in (codes or "").split(",") if code),
                             key=_ORDER.index)  # fmt: skip
            known[codes] = ", ".join(label(member) for member in members)
        return known[codes]

    return text


def beneficiary_list(
    reader: User | None, wanted: BeneficiaryFilter, campaign: Campaign | None, *,
    full: bool = False, sensitive_too: bool = False, signer: str | None = None,
) -> Report:  # fmt: skip
    """The women of the list page's filters in name order. ``full`` adds phone and ID number;
    ``sensitive_too`` (only with ``full``) the sensitive category and the note."""
    commune = aliased(AdministrativeUnit)
    order = NAME_ORDER.by()
    sensitive_too = full and sensitive_too
    columns = [
        sa.func.row_number().over(order_by=order), name_column(), Beneficiary.birth_year,
        commune.full_name, Beneficiary.address, _circumstances(sensitive_too),
    ]  # fmt: skip
    if full:
        note = Beneficiary.circumstance_note if sensitive_too else sa.null()
        columns += [Beneficiary.phone, Beneficiary.national_id, note]
    statement = matching(
        sa.select(*columns).join(commune, commune.id == Beneficiary.unit_id), reader, wanted
    ).order_by(*order)

    circumstances = _circumstance_texts()

    def shape(row: Sequence[Any]) -> tuple:
        return (*row[:5], circumstances(row[5]), *row[6:])

    def document(rows: list[Sequence[Any]]) -> Document:
        subtitles = [wanted.area.full_name] if wanted.area is not None else []
        if full:
            subtitles.append(_("Full list, with personal data: do not circulate"))
        table = Table(FULL_COLUMNS if full else DEIDENTIFIED_COLUMNS, rows)
        return issued_document(campaign, _("List of beneficiaries"), [Sheet([table])],
                               signer=signer, subtitles=subtitles, landscape=full)  # fmt: skip

    return Report(
        name="beneficiary-list-full" if full else "beneficiary-list",
        title=_("List of beneficiaries"),
        columns=FULL_COLUMNS if full else DEIDENTIFIED_COLUMNS,
        statement=statement,
        shape=shape,
        document=document,
        filename="beneficiaries-full" if full else "beneficiaries",
        filters={"q": wanted.query, "area": wanted.area.code if wanted.area else None,
                 "category": wanted.category.value if wanted.category else None,
                 "full": full or None},
        entity_type="beneficiary",
    )
