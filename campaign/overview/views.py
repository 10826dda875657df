"""The campaign hub: one campaign with its events, gift programmes, activities and the campaigns
below it, with their figures."""

from flask import Blueprint, abort, render_template

from campaign.accounts.permissions import Permission, requires
from campaign.activities.indicators import readings
from campaign.campaigns.chosen import chosen_id
from campaign.campaigns.queries import campaign_by_id
from campaign.core.dates import local_today
from campaign.overview import queries

blueprint = Blueprint("overview", __name__)


@blueprint.get("/<int:campaign_id>")
@requires(Permission.VIEW_CAMPAIGNS)
def campaign_hub(campaign_id: int):
    campaign = campaign_by_id(campaign_id) or abort(404)
    return render_template(
        "campaigns/detail.html", hub=queries.campaign_hub(campaign),
        chosen=chosen_id() == campaign.id, indicators=readings(campaign), today=local_today(),
    )  # fmt: skip
