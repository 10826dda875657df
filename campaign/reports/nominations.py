"""A programme's list of nominees with the list page's status filter: who was proposed, for
which share, by whom and when, and what was decided. No circumstance, no ID number."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from campaign.accounts.models import User
from campaign.beneficiaries.models import Beneficiary
from campaign.beneficiaries.privacy import name_column
from campaign.beneficiaries.queries import in_scope
from campaign.core.documents import Column, Document, Kind, Sheet, Table
from campaign.core.labels import label, labeller
from campaign.gifts.models import GiftAllocation, GiftProgramme, Nomination, NominationStatus
from campaign.gifts.queries import LIST_ORDER
from campaign.places.models import AdministrativeUnit
from campaign.reports.letterhead import issued_document
from campaign.reports.report import Report

COLUMNS = (
    Column(_l("No."), Kind.YEAR, width=5), Column(_l("Full name"), width=17),
    Column(_l("Birth year"), Kind.YEAR, width=6), Column(_l("Commune/ward"), width=13),
    Column(_l("Share of"), width=12), Column(_l("Status"), width=8),
    Column(_l("Proposed by"), width=12), Column(_l("Proposed on"), Kind.MOMENT, width=9),
    Column(_l("Decided on"), Kind.MOMENT, width=9), Column(_l("Reason rejected"), width=9),
)  # fmt: skip


def nomination_list(
    programme: GiftProgramme, reader: User | None, status: NominationStatus | None,
    signer: str | None,
) -> Report:  # fmt: skip
    commune, share_unit, proposer = (aliased(AdministrativeUnit), aliased(AdministrativeUnit),
                                     aliased(User))  # fmt: skip
    statement = (
        sa.select(
            Nomination.list_number, name_column(), Beneficiary.birth_year,
            commune.full_name, share_unit.full_name, Nomination.status, proposer.full_name,
            Nomination.proposed_at, Nomination.decided_at, Nomination.rejection_reason,
        )
        .join(Beneficiary, Beneficiary.id == Nomination.beneficiary_id)
        .join(commune, commune.id == Beneficiary.unit_id)
        .join(GiftAllocation, GiftAllocation.id == Nomination.allocation_id)
        .join(share_unit, share_unit.id == GiftAllocation.unit_id)
        .outerjoin(proposer, proposer.id == Nomination.proposed_by_id)
        .where(Nomination.programme_id == programme.id)
    )  # fmt: skip
    if status is not None:
        statement = statement.where(Nomination.status == status)
    statement = in_scope(statement, reader).order_by(*LIST_ORDER.by())
    named = labeller()

    def document(rows: list[Sequence[Any]]) -> Document:
        return issued_document(
            programme.campaign, _("List of nominees"), [Sheet([Table(COLUMNS, rows)])],
            signer=signer, subtitles=[programme.name, *([label(status)] if status else [])],
            landscape=True,
        )  # fmt: skip

    return Report(
        name="nomination-list", title=_("List of nominees"), columns=COLUMNS,
        statement=statement, shape=lambda row: (*row[:5], named(row[5]), *row[6:]),
        document=document,
        filename=f"nominations-{programme.id}",
        filters={"programme": programme.id, "status": status},
        entity_type="gift_programme", entity_id=programme.id,
    )  # fmt: skip
