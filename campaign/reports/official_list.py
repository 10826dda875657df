"""The officials registry, printed and exported with the list page's search, in Vietnamese name
order: each official with every position held."""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from campaign.campaigns.models import Campaign
from campaign.core.documents import Column, Document, Kind, Sheet, Table
from campaign.officials.models import Official, OfficialPosition
from campaign.officials.queries import NAME_ORDER, matching
from campaign.places.models import Organization
from campaign.reports.letterhead import issued_document
from campaign.reports.report import Report

COLUMNS = (
    Column(_l("No."), Kind.YEAR, width=7), Column(_l("Full name"), width=27),
    Column(_l("Positions"), width=66),
)  # fmt: skip


def _positions():
    """Her positions as one text, "title, organization; …", per official."""
    held = OfficialPosition.title + ", " + Organization.name
    return (
        sa.select(sa.func.aggregate_strings(held, "; "))
        .join(Organization, Organization.id == OfficialPosition.organization_id)
        .where(OfficialPosition.official_id == Official.id)
        .scalar_subquery()
    )


def official_list(query: str | None, campaign: Campaign | None, signer: str | None) -> Report:
    order = NAME_ORDER.by()
    statement = matching(
        sa.select(sa.func.row_number().over(order_by=order), Official.full_name, _positions()),
        query,
    ).order_by(*order)

    def document(rows) -> Document:
        return issued_document(
            campaign, _("List of officials"), [Sheet([Table(COLUMNS, rows)])], signer=signer
        )

    return Report(
        name="official-list", title=_("List of officials"), columns=COLUMNS,
        statement=statement, document=document, filename="officials",
        filters={"q": query}, entity_type="official",
    )  # fmt: skip
