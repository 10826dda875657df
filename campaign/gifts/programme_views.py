"""Gift programmes: the list, a programme's page, its form and its shares."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from campaign.accounts.access import current_actor
from campaign.accounts.permissions import Permission, requires
from campaign.campaigns.models import Campaign, CampaignStatus
from campaign.campaigns.queries import current_campaign
from campaign.core.attempts import attempt
from campaign.core.dates import local_today
from campaign.core.pagination import keyset_page
from campaign.core.routing import record_id
from campaign.events.models import Event
from campaign.extensions import db
from campaign.gifts import programmes, queries
from campaign.gifts.forms import (
    NewProgrammeForm,
    ProgrammeForm,
    ShareForm,
)
from campaign.gifts.models import GiftProgramme
from campaign.gifts.views import blueprint, programme_or_404
from campaign.gifts.words import share_words
from campaign.places.choices import unit_choices
from campaign.places.maps import SHARE_LEVEL


@blueprint.get("/")
@requires(Permission.VIEW_CAMPAIGNS)
def programme_list():
    page = keyset_page(db.session, queries.programme_list(), queries.NEWEST_PROGRAMMES,
                       key=lambda programme: (programme.id,), args=request.args)  # fmt: skip
    return render_template("gifts/list.html", page=page)


def _details(form: ProgrammeForm) -> programmes.ProgrammeDetails:
    return programmes.ProgrammeDetails(
        name=form.name.data,
        event=db.session.get(Event, int(form.event.data)) if form.event.data else None,
        package_description=form.package_description.data,
        unit_value=form.unit_value.data,
        quota=form.quota.data,
    )


def _events(campaign: Campaign):
    return db.session.scalars(
        sa.select(Event).where(Event.campaign_id == campaign.id).order_by(Event.starts_at)
    ).all()


@blueprint.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def programme_create():
    chosen = request.args.get("campaign", type=record_id)
    campaign = db.session.get(Campaign, chosen) if chosen else current_campaign(local_today())
    if campaign is None:
        if chosen:
            abort(404)
        flash(_("Create the campaign first; a gift programme belongs to a campaign."), "info")
        return redirect(url_for("campaigns.campaign_list"))
    form = NewProgrammeForm()
    form.set_events(_events(campaign))
    if not form.validate_on_submit():
        return render_template("gifts/form.html", form=form, campaign=campaign), (
            422 if form.is_submitted() else 200
        )

    def refused(error):
        flash(error.message, "error")
        return render_template("gifts/form.html", form=form, campaign=campaign), error.status

    def done(programme):
        flash(_("The gift programme was saved. Now share its quota out below."), "success")
        return redirect(
            url_for("gifts.programme_detail", programme_id=programme.id, _anchor="shares")
        )

    return attempt(
        lambda: programmes.create_programme(current_actor(), campaign, _details(form)),
        refused=refused, done=done, token=form.submission.data,
    )  # fmt: skip


@blueprint.route("/<int:programme_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def programme_edit(programme_id: int):
    programme = programme_or_404(programme_id)
    form = ProgrammeForm(obj=None if request.method == "POST" else programme)
    form.set_events(_events(programme.campaign))
    if request.method == "GET":
        form.event.data = str(programme.event_id or "")
    if not form.validate_on_submit():
        return _render_form(form, programme, 422 if form.is_submitted() else 200)

    def refused(error):
        form.quota.errors = [*form.quota.errors, error.message]
        return _render_form(form, programme, error.status)

    def done(_result):
        flash(_("The gift programme was saved."), "success")
        return redirect(url_for("gifts.programme_detail", programme_id=programme.id))

    return attempt(
        lambda: programmes.update_programme(current_actor(), programme, _details(form)),
        refused=refused, done=done,
    )  # fmt: skip


def _render_form(form: ProgrammeForm, programme: GiftProgramme, status: int):
    return render_template(
        "gifts/form.html", form=form, campaign=programme.campaign, programme=programme
    ), status


@blueprint.get("/<int:programme_id>")
@requires(Permission.VIEW_CAMPAIGNS)
def programme_detail(programme_id: int):
    return _render_detail(programme_or_404(programme_id))


def _render_detail(programme: GiftProgramme, share_form: ShareForm | None = None, status=200):
    closed = programme.campaign.status == CampaignStatus.CLOSED
    can_manage = current_user.can(Permission.MANAGE_CAMPAIGNS) and not closed
    if can_manage:
        share_form = share_form or _share_form(programme, formdata=None)
    return render_template(
        "gifts/detail.html",
        programme=programme,
        shares=queries.share_counts(programme),
        share_form=share_form,
        can_manage=can_manage,
        closed=closed,
    ), status


def _share_form(programme: GiftProgramme, **kwargs) -> ShareForm:
    """The units sharing the programme, and those not yet sharing it offered to add: the units
    of the campaign's map at its share level inside the campaign's unit, never the registry."""
    form = ShareForm(**kwargs)
    campaign = programme.campaign
    taken = {str(allocation.unit_id) for allocation in programme.allocations}
    addable = unit_choices(campaign.scheme, [SHARE_LEVEL[campaign.scheme]], area=[campaign.unit_id])
    form.set_shares(
        programme.allocations,
        [choice for choice in addable if choice.value not in taken],
        share_words(campaign.scheme),
    )
    return form


@blueprint.post("/<int:programme_id>/shares")
@requires(Permission.MANAGE_CAMPAIGNS)
def share_update(programme_id: int):
    programme = programme_or_404(programme_id)
    form = _share_form(programme)
    if not form.validate():
        flash(_("Check the shares below."), "error")
        return _render_detail(programme, form, 422)

    def refused(error):
        flash(error.message, "error")
        return _render_detail(programme_or_404(programme_id), form, error.status)

    def done(warnings):
        for warning in warnings:
            flash(warning, "warning")
        flash(_("The shares were saved."), "success")
        return redirect(
            url_for("gifts.programme_detail", programme_id=programme_id, _anchor="shares")
        )

    return attempt(
        lambda: programmes.set_allocations(current_actor(), programme, form.by_unit()),
        refused=refused, done=done,
    )  # fmt: skip
