"""Home page, health check and the language switch."""

import sqlalchemy as sa
from flask import Blueprint, abort, redirect, render_template, url_for
from sqlalchemy.exc import SQLAlchemyError

from campaign.accounts.permissions import Permission, public, requires
from campaign.activities.indicators import readings
from campaign.campaigns.chosen import chosen_campaign
from campaign.campaigns.queries import current_campaign
from campaign.core.dates import local_today
from campaign.core.i18n import choose_language
from campaign.core.urls import same_site_path
from campaign.extensions import db
from campaign.main.forms import LanguageForm
from campaign.overview.queries import campaign_overview

blueprint = Blueprint("main", __name__)


@blueprint.get("/")
@requires(Permission.VIEW_CAMPAIGNS)
def home():
    campaign = chosen_campaign()
    chosen = campaign is not None
    if campaign is None:
        campaign = current_campaign(local_today())
    overview = campaign_overview(campaign) if campaign else None
    return render_template(
        "main/home.html", overview=overview, chosen=chosen,
        indicators=readings(campaign) if campaign else [],
    )  # fmt: skip


@blueprint.get("/healthz")
@public
def health():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


@blueprint.post("/language")
@public
def set_language():
    form = LanguageForm()
    if not form.validate() or not choose_language(form.language.data):
        abort(400)
    return redirect(same_site_path(form.next.data) or url_for("main.home"))
