"""Pages of the campaigns area: the tree of campaigns, the campaign form, closing and reopening
a campaign, and choosing the campaign the home page shows. The campaign's hub, which reads every
area, is ``campaign.overview``."""

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from campaign.accounts.access import current_actor
from campaign.accounts.permissions import Permission, requires
from campaign.campaigns import services
from campaign.campaigns.chosen import choose, chosen_id
from campaign.campaigns.forms import CampaignForm, NewCampaignForm
from campaign.campaigns.models import Campaign
from campaign.campaigns.queries import campaign_by_id, campaign_tree
from campaign.core.attempts import attempt
from campaign.core.dates import local_today
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, Organization

blueprint = Blueprint("campaigns", __name__)

FIELD_OF_ERROR = {
    "period_order": "end_date",
    "year_mismatch": "year",
    "parent_cycle": "parent",
    "parent_level": "parent",
    "parent_closed": "parent",
    "name_taken": "name",
    "children_outside": "unit",
    "wrong_map": "unit",
    "parent_map": "parent",
}


def _load(campaign_id: int) -> Campaign:
    return campaign_by_id(campaign_id) or abort(404)


def _record(model, value: str | None):
    return db.session.get(model, int(value)) if value else None


def _details(form: CampaignForm) -> services.CampaignDetails:
    return services.CampaignDetails(
        name=form.name.data, year=form.year.data, theme=form.theme.data,
        start_date=form.start_date.data, end_date=form.end_date.data,
        unit=_record(AdministrativeUnit, form.unit.data),
        parent=_record(Campaign, form.parent.data),
        lead_organization=_record(Organization, form.lead_organization.data),
        standing_organization=_record(Organization, form.standing_organization.data),
        description=form.description.data, plan_references=form.plan_references.data,
    )  # fmt: skip


def _closed_message(campaign: Campaign | None) -> str | None:
    try:
        if campaign is not None:
            services.ensure_open(campaign)
    except DomainError as error:
        return error.message
    return None


def _form_page(form: CampaignForm, campaign: Campaign | None, status: int = 200, message=None):
    page = render_template(
        "campaigns/form.html", form=form, campaign=campaign, message=message,
        closed_message=_closed_message(campaign),
    )  # fmt: skip
    return page, status


def _refused(form: CampaignForm, campaign: Campaign | None, error: DomainError):
    """The form again, with the rule's message next to the field it is about."""
    field = FIELD_OF_ERROR.get(error.code)
    if field is None:
        return _form_page(form, campaign, error.status, message=error.message)
    getattr(form, field).errors = [error.message]
    return _form_page(form, campaign, error.status)


@blueprint.get("/")
@requires(Permission.VIEW_CAMPAIGNS)
def campaign_list():
    return render_template("campaigns/list.html", rows=campaign_tree(), chosen_id=chosen_id())


def _new_campaign_defaults(form: NewCampaignForm) -> None:
    """The Month of Action runs from 15 November to 15 December; a sub-campaign link names its
    parent."""
    year = local_today().year
    form.year.data = year
    form.start_date.data = dt.date(year, 11, 15)
    form.end_date.data = dt.date(year, 12, 15)
    parent = request.args.get("parent", "")
    if any(choice.value == parent for choice in form.parent.choices):
        form.parent.data = parent


@blueprint.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def campaign_create():
    form = NewCampaignForm()
    if request.method == "GET":
        _new_campaign_defaults(form)
    if not form.validate_on_submit():
        return _form_page(form, None, 422 if form.is_submitted() else 200)

    def done(campaign):
        flash(_("The campaign %(name)s was created.", name=campaign.name), "success")
        return redirect(url_for("overview.campaign_hub", campaign_id=campaign.id))

    return attempt(
        lambda: services.create_campaign(current_actor(), _details(form)),
        refused=lambda error: _refused(form, None, error),
        done=done,
        token=form.submission.data,
    )


@blueprint.route("/<int:campaign_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def campaign_edit(campaign_id: int):
    campaign = _load(campaign_id)
    if request.method == "GET":
        form = CampaignForm(obj=campaign, campaign=campaign)
        form.fill_from(campaign)
    else:
        form = CampaignForm(campaign=campaign)
    if not form.validate_on_submit():
        return _form_page(form, campaign, 422 if form.is_submitted() else 200)

    def done(_result):
        flash(_("The campaign %(name)s was saved.", name=campaign.name), "success")
        return redirect(url_for("overview.campaign_hub", campaign_id=campaign.id))

    return attempt(
        lambda: services.update_campaign(current_actor(), campaign, _details(form)),
        refused=lambda error: _refused(form, campaign, error),
        done=done,
    )


@blueprint.post("/<int:campaign_id>/close")
@requires(Permission.MANAGE_CAMPAIGNS)
def campaign_close(campaign_id: int):
    campaign = _load(campaign_id)
    services.close_campaign(current_actor(), campaign)
    flash(_("The campaign %(name)s is closed: it can be read but no longer changed.",
            name=campaign.name), "success")  # fmt: skip
    return redirect(url_for("overview.campaign_hub", campaign_id=campaign.id))


@blueprint.post("/<int:campaign_id>/reopen")
@requires(Permission.MANAGE_CAMPAIGNS)
def campaign_reopen(campaign_id: int):
    campaign = _load(campaign_id)
    services.reopen_campaign(current_actor(), campaign)
    flash(_("The campaign %(name)s is open again.", name=campaign.name), "success")
    return redirect(url_for("overview.campaign_hub", campaign_id=campaign.id))


@blueprint.post("/<int:campaign_id>/choose")
@requires(Permission.VIEW_CAMPAIGNS)
def campaign_choose(campaign_id: int):
    campaign = _load(campaign_id)
    choose(campaign)
    flash(_("The home page now shows %(name)s.", name=campaign.name), "success")
    return redirect(url_for("main.home"))
