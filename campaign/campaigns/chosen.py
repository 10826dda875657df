"""The campaign a user chose for the home page, kept in the session."""

from flask import session

from campaign.campaigns.models import Campaign
from campaign.campaigns.queries import campaign_by_id, current_campaign
from campaign.core.dates import local_today

CHOSEN = "campaign_id"
"""The session key of the campaign the user chose to see on the home page."""


def choose(campaign: Campaign) -> None:
    session[CHOSEN] = campaign.id


def chosen_id() -> int | None:
    return session.get(CHOSEN)


def chosen_campaign() -> Campaign | None:
    """The campaign this user chose for the home page, if it still exists."""
    campaign_id = session.get(CHOSEN)
    if not isinstance(campaign_id, int):
        return None
    campaign = campaign_by_id(campaign_id)
    if campaign is None:
        session.pop(CHOSEN, None)
    return campaign


def campaign_in_view() -> Campaign | None:
    """The campaign the home page shows this user: the one chosen, else today's."""
    return chosen_campaign() or current_campaign(local_today())
