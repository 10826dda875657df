"""What the lists of a campaign's records (events, activities) filter by: the campaign named in
the request, and a unit looked up within it and within the user's scope."""

from flask import request, url_for

from campaign.accounts.models import User
from campaign.accounts.scope import has_scope, units_in_scope
from campaign.campaigns.models import Campaign
from campaign.core.lookup import LookupField
from campaign.core.routing import record_id
from campaign.extensions import db
from campaign.places.lookup import UnitLookup


def campaign_of_request() -> Campaign | None:
    """The campaign ``?campaign=`` names, if it exists."""
    campaign_id = request.args.get("campaign", type=record_id)
    return db.session.get(Campaign, campaign_id) if campaign_id else None


def bound_unit_field(field: LookupField, campaign: Campaign | None, user: User | None) -> None:
    """The unit is looked up on the campaign's map and within its unit when the list is of one
    campaign, on both maps otherwise, and always within the user's scope (as its suggestions
    are)."""
    areas, bounds = [], {}
    if campaign is not None:
        areas.append([campaign.unit_id])
        bounds = {"scheme": campaign.scheme.value, "within": campaign.unit_id}
    if has_scope(user):
        areas.append(units_in_scope(user))
    schemes = frozenset({campaign.scheme}) if campaign is not None else None
    field.lookup = UnitLookup(schemes, areas=tuple(areas))
    field.suggest_url = url_for("places.unit_suggestions", **bounds)
