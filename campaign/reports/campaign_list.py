"""The campaigns, printed and exported as the campaigns page lists them: newest first, each
followed by the campaigns under it, marked by depth."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from campaign.campaigns.models import Campaign
from campaign.campaigns.queries import tree_paths
from campaign.core.documents import Column, Document, Kind, Sheet, Table
from campaign.core.labels import labeller
from campaign.places.maps import words
from campaign.places.models import AdministrativeUnit, Organization
from campaign.reports.letterhead import issued_document
from campaign.reports.report import Report

COLUMNS = (
    Column(_l("No."), Kind.YEAR, width=5), Column(_l("Campaign"), width=25),
    Column(_l("Starts"), Kind.DATE, width=9), Column(_l("Ends"), Kind.DATE, width=9),
    Column(_l("Administrative unit"), width=17), Column(_l("Map"), width=10),
    Column(_l("Lead body"), width=16), Column(_l("Status"), width=9),
)  # fmt: skip
LEVEL_MARK = "– "
"""What a campaign's name is preceded by for each level it sits below the top."""


def _shaper():
    named = labeller()

    def shape(row: Sequence[Any]) -> tuple:
        number, depth, name, starts, ends, unit, scheme, lead, status = row
        return (number, LEVEL_MARK * depth + name, starts, ends, unit,
                str(words(scheme).map_name), lead, named(status))  # fmt: skip

    return shape


def campaign_list(campaign: Campaign | None, signer: str | None) -> Report:
    tree = tree_paths()
    statement = (
        sa.select(
            sa.func.row_number().over(order_by=tree.c.path), tree.c.depth, Campaign.name,
            Campaign.start_date, Campaign.end_date, AdministrativeUnit.full_name,
            AdministrativeUnit.scheme, Organization.name, Campaign.status,
        )
        .join(tree, tree.c.id == Campaign.id)
        .join(AdministrativeUnit, AdministrativeUnit.id == Campaign.unit_id)
        .outerjoin(Organization, Organization.id == Campaign.lead_organization_id)
        .order_by(tree.c.path)
    )  # fmt: skip

    def document(rows: list[Sequence[Any]]) -> Document:
        return issued_document(campaign, _("List of campaigns"), [Sheet([Table(COLUMNS, rows)])],
                               signer=signer, landscape=True)  # fmt: skip

    return Report(
        name="campaign-list", title=_("List of campaigns"), columns=COLUMNS,
        statement=statement, shape=_shaper(), document=document, filename="campaigns",
        entity_type="campaign",
    )  # fmt: skip
