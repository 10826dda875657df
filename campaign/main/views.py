"""Home page, health and readiness checks, and the language switch."""

import sqlalchemy as sa
from flask import Blueprint, abort, redirect, render_template, url_for
from sqlalchemy.exc import SQLAlchemyError

from campaign.accounts.permissions import Permission, public, requires
from campaign.activities.indicators import readings
from campaign.campaigns.chosen import chosen_campaign
from campaign.campaigns.queries import current_campaign
from campaign.core.dates import local_today
from campaign.core.i18n import choose_language
from campaign.core.schema import SchemaState, database_revision, migration_head, schema_state
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


@blueprint.get("/readyz")
@public
def readiness():
    """Ready to serve: the database answers and its schema is at the migrations' head (one
    behind lacks what the code reads; one ahead was migrated by a newer release). 503 says
    which is wrong; no setting, no data."""
    head = migration_head()
    answer = {"database": "ok", "schema": "unknown", "revision": None, "head": head}
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {**answer, "database": "unreachable"}, 503
    try:
        revision = database_revision()
    except SQLAlchemyError:  # no alembic_version table: never migrated
        db.session.rollback()
        revision = None
    state = schema_state(revision, head)
    return {**answer, "schema": state, "revision": revision}, (
        200 if state is SchemaState.AT_HEAD else 503
    )


@blueprint.post("/language")
@public
def set_language():
    form = LanguageForm()
    if not form.validate() or not choose_language(form.language.data):
        abort(400)
    return redirect(same_site_path(form.next.data) or url_for("main.home"))
