"""The reference lists, printed and exported with their pages' filters: administrative units,
organizations, and (for administrators) the user accounts."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from sqlalchemy.orm import aliased

from campaign.accounts.admin_forms import UserFilterForm
from campaign.accounts.admin_views import matching_users
from campaign.accounts.models import User, user_units
from campaign.campaigns.models import Campaign
from campaign.core.documents import Column, Kind, Sheet, Table
from campaign.core.labels import labeller
from campaign.places.models import (
    AdministrativeUnit,
    GovernmentLevel,
    Organization,
    UnitLevel,
    UnitScheme,
)
from campaign.places.queries import matching_units, unit_order
from campaign.reference.organization_views import matching_organizations
from campaign.reports.letterhead import issued_document
from campaign.reports.report import Report

UNIT_COLUMNS = (
    Column(_l("No."), Kind.YEAR, width=7), Column(_l("Code"), width=10),
    Column(_l("Name"), width=33), Column(_l("Level"), width=20),
    Column(_l("Part of"), width=30),
)  # fmt: skip
ORGANIZATION_COLUMNS = (
    Column(_l("No."), Kind.YEAR, width=7), Column(_l("Name"), width=35),
    Column(_l("Short name"), width=14), Column(_l("Kind"), width=14),
    Column(_l("Level"), width=10), Column(_l("Administrative unit"), width=20),
)  # fmt: skip
USER_COLUMNS = (
    Column(_l("No."), Kind.YEAR, width=7), Column(_l("Username"), width=15),
    Column(_l("Full name"), width=22), Column(_l("Role"), width=12),
    Column(_l("Status"), width=10), Column(_l("Scope"), width=34),
)  # fmt: skip


def _listing(name: str, title, columns, statement, campaign, signer, filters, entity_type,
             shape=None) -> Report:  # fmt: skip
    """A list of one table, issued by ``campaign``."""

    def document(rows: list[Sequence[Any]]):
        return issued_document(campaign, str(title), [Sheet([Table(columns, rows)])],
                               signer=signer)  # fmt: skip

    return Report(name=name, title=str(title), columns=columns, statement=statement,
                  shape=shape, document=document, filename=name, filters=filters,
                  entity_type=entity_type)  # fmt: skip


def unit_list(scheme: UnitScheme, level: UnitLevel | None, query: str | None,
              campaign: Campaign | None, signer: str | None) -> Report:  # fmt: skip
    parent = aliased(AdministrativeUnit)
    order = unit_order(level).by()
    statement = matching_units(
        sa.select(sa.func.row_number().over(order_by=order), AdministrativeUnit.code,
                  AdministrativeUnit.full_name, AdministrativeUnit.level, parent.full_name)
        .outerjoin(parent, parent.id == AdministrativeUnit.parent_id),
        scheme, level, query,
    ).order_by(*order)  # fmt: skip
    named = labeller()
    return _listing(
        "units", _l("List of administrative units"), UNIT_COLUMNS, statement, campaign, signer,
        {"scheme": scheme, "level": level, "q": query}, "administrative_unit",
        shape=lambda row: (*row[:3], named(row[3]), row[4]),
    )  # fmt: skip


def organization_list(level: GovernmentLevel | None, query: str | None,
                      campaign: Campaign | None, signer: str | None) -> Report:  # fmt: skip
    order = (Organization.sort_key, Organization.id)
    statement = matching_organizations(
        sa.select(sa.func.row_number().over(order_by=order), Organization.name,
                  Organization.short_name, Organization.kind, Organization.level,
                  AdministrativeUnit.full_name)
        .outerjoin(AdministrativeUnit, AdministrativeUnit.id == Organization.unit_id),
        level, query,
    ).order_by(*order)  # fmt: skip
    named = labeller()
    return _listing(
        "organizations", _l("List of organizations"), ORGANIZATION_COLUMNS, statement,
        campaign, signer, {"level": level, "q": query}, "organization",
        shape=lambda row: (*row[:3], named(row[3]), named(row[4]), row[5]),
    )  # fmt: skip


def user_list(form: UserFilterForm, campaign: Campaign | None, signer: str | None) -> Report:
    """The accounts the user list's valid filter ``form`` shows, with their scope."""
    scope = (
        sa.select(sa.func.aggregate_strings(AdministrativeUnit.full_name, "; "))
        .join(user_units, user_units.c.unit_id == AdministrativeUnit.id)
        .where(user_units.c.user_id == User.id)
        .scalar_subquery()
    )
    statement = matching_users(
        sa.select(sa.func.row_number().over(order_by=User.username), User.username,
                  User.full_name, User.role, User.active, scope), form,
    ).order_by(User.username)  # fmt: skip
    named, active, inactive = labeller(), pgettext("account", "Active"), _("Deactivated")
    return _listing(
        "users", _l("List of user accounts"), USER_COLUMNS, statement, campaign, signer,
        {"role": form.role.data, "status": form.status.data}, "user",
        shape=lambda row: (*row[:3], named(row[3]), active if row[4] else inactive, row[5]),
    )  # fmt: skip
