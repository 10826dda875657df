"""Home page, health check and the language switch."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, abort, redirect, render_template, url_for
from sqlalchemy.exc import SQLAlchemyError

from campaign.campaigns.queries import campaign_overview, current_campaign
from campaign.core.dates import local_today
from campaign.core.i18n import choose_language
from campaign.extensions import db
from campaign.main.forms import LanguageForm

blueprint = Blueprint("main", __name__)


@blueprint.get("/")
def home():
    campaign = current_campaign(local_today())
    overview = campaign_overview(campaign) if campaign else None
    return render_template("main/home.html", overview=overview)


@blueprint.get("/healthz")
def health():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


@blueprint.post("/language")
def set_language():
    form = LanguageForm()
    if not form.validate() or not choose_language(form.language.data):
        abort(400)
    return redirect(_same_site_path(form.next.data) or url_for("main.home"))


def _same_site_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site, so the switch cannot redirect elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target[1:2] in ("/", "\\"):
        return None
    return target
