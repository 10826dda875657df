"""Gift programmes: shares by district, the list of nominees and its approval, the handover."""

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from campaign.accounts.access import current_actor
from campaign.accounts.permissions import Permission, requires
from campaign.accounts.scope import unit_in_scope
from campaign.beneficiaries import privacy
from campaign.beneficiaries.models import Beneficiary
from campaign.campaigns.models import Campaign, CampaignStatus
from campaign.campaigns.queries import campaign_unit_ids, current_campaign
from campaign.core import submissions
from campaign.core.dates import local_today
from campaign.core.errors import DomainError
from campaign.core.pagination import paginate
from campaign.core.routing import record_id, record_id_or_none
from campaign.events.models import Event
from campaign.extensions import db
from campaign.gifts import queries, services
from campaign.gifts.forms import (
    DecisionForm,
    HandoverForm,
    HandoverSearchForm,
    NameSearchForm,
    NewProgrammeForm,
    NominateForm,
    NominationFilterForm,
    ProgrammeForm,
    ShareForm,
    VoidForm,
    parse_share,
)
from campaign.gifts.models import GiftProgramme, Handover, NominationStatus, ReceiptMode
from campaign.places.choices import unit_choices

blueprint = Blueprint("gifts", __name__)


def _programme(programme_id: int) -> GiftProgramme:
    return queries.programme_with_shares(programme_id) or abort(404)


def _ids(name: str) -> list[int]:
    """The ids ticked in a list of checkboxes; anything else is ignored."""
    ids = (record_id_or_none(value) for value in request.form.getlist(name)[:1000])
    return [number for number in ids if number is not None]


@blueprint.get("/")
@requires(Permission.VIEW_CAMPAIGNS)
def programme_list():
    page = paginate(db.session, queries.programme_list(), request.args.get("page", 1, type=int))
    return render_template("gifts/list.html", page=page)


def _details(form: ProgrammeForm) -> services.ProgrammeDetails:
    return services.ProgrammeDetails(
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
    if earlier := submissions.claim(form.submission.data):
        return redirect(earlier)
    try:
        programme = services.create_programme(current_actor(), campaign, _details(form))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return render_template("gifts/form.html", form=form, campaign=campaign), error.status
    flash(_("The gift programme was saved. Now share its quota between the districts."), "success")
    target = url_for("gifts.programme_detail", programme_id=programme.id, _anchor="shares")
    submissions.complete(form.submission.data, target)
    return redirect(target)


@blueprint.route("/<int:programme_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def programme_edit(programme_id: int):
    programme = _programme(programme_id)
    form = ProgrammeForm(obj=None if request.method == "POST" else programme)
    form.set_events(_events(programme.campaign))
    if request.method == "GET":
        form.event.data = str(programme.event_id or "")
    if not form.validate_on_submit():
        return _render_form(form, programme, 422 if form.is_submitted() else 200)
    try:
        services.update_programme(current_actor(), programme, _details(form))
    except DomainError as error:
        db.session.rollback()
        form.quota.errors = [*form.quota.errors, error.message]
        return _render_form(form, programme, error.status)
    flash(_("The gift programme was saved."), "success")
    return redirect(url_for("gifts.programme_detail", programme_id=programme.id))


def _render_form(form: ProgrammeForm, programme: GiftProgramme, status: int):
    return render_template(
        "gifts/form.html", form=form, campaign=programme.campaign, programme=programme
    ), status


@blueprint.get("/<int:programme_id>")
@requires(Permission.VIEW_CAMPAIGNS)
def programme_detail(programme_id: int):
    return _render_detail(_programme(programme_id))


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
    """The districts not yet sharing the programme are offered to add."""
    form = ShareForm(**kwargs)
    taken = {str(allocation.unit_id) for allocation in programme.allocations}
    form.new_unit.choices = [
        SelectChoice("", _("Choose a district")),
        *(
            choice
            for choice in unit_choices(first=campaign_unit_ids(), include_provinces=False)
            if choice.value not in taken
        ),
    ]
    return form


@blueprint.post("/<int:programme_id>/shares")
@requires(Permission.MANAGE_CAMPAIGNS)
def share_update(programme_id: int):
    programme = _programme(programme_id)
    form = _share_form(programme)
    try:
        if not form.validate():
            raise DomainError("invalid", _("Check the shares below."), 422)
        shares = {}
        for allocation in programme.allocations:
            shares[allocation.unit_id] = parse_share(
                request.form.get(f"share-{allocation.unit_id}")
            )
            if shares[allocation.unit_id] is None:
                raise DomainError(
                    "invalid",
                    _("The share of %(unit)s must be a whole number.",
                      unit=allocation.unit.full_name),
                    422,
                )  # fmt: skip
        if form.new_unit.data:
            if form.new_quota.data is None:
                raise DomainError("invalid", _("Enter the share of the district you add."), 422)
            shares[int(form.new_unit.data)] = form.new_quota.data
        warnings = services.set_allocations(current_actor(), programme, shares)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _render_detail(_programme(programme_id), form, error.status)
    for warning in warnings:
        flash(warning, "warning")
    flash(_("The shares were saved."), "success")
    return redirect(url_for("gifts.programme_detail", programme_id=programme_id, _anchor="shares"))


@blueprint.get("/<int:programme_id>/nominations")
@requires(Permission.VIEW_BENEFICIARIES)
def nomination_list(programme_id: int):
    programme = _programme(programme_id)
    form = NominationFilterForm(request.args)
    if not form.validate():
        return render_template(
            "gifts/nominations.html", programme=programme, form=form, page=None
        ), 400
    status = NominationStatus(form.status.data) if form.status.data else None
    statement = queries.nomination_list(programme, current_user.user, status)
    page = paginate(db.session, statement, request.args.get("page", 1, type=int), per_page=100)
    return render_template(
        "gifts/nominations.html",
        programme=programme,
        form=form,
        page=page,
        decision_form=DecisionForm(formdata=None),
        listed=privacy.circumstances_listed,
        open=programme.campaign.status != CampaignStatus.CLOSED,
    )


@blueprint.post("/<int:programme_id>/nominations/decide")
@requires(Permission.APPROVE_NOMINATIONS)
def nomination_decide(programme_id: int):
    programme = _programme(programme_id)
    form = DecisionForm()
    chosen = queries.nominations_by_id(programme, current_user.user, _ids("nomination"))
    try:
        if not form.validate() or form.decision.data not in ("approve", "reject"):
            raise DomainError("invalid", _("Choose approve or reject."), 422)
        if not chosen:
            raise DomainError("nothing_chosen", _("Tick the women to decide on first."), 422)
        approve = form.decision.data == "approve"
        services.decide(current_actor(), current_user.user, chosen, approve, form.reason.data)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        message = (
            _("%(count)s proposals approved.", count=len(chosen))
            if approve
            else _("%(count)s proposals rejected.", count=len(chosen))
        )
        flash(message, "success")
    return redirect(url_for("gifts.nomination_list", programme_id=programme.id), 303)


@blueprint.post("/<int:programme_id>/nominations/<int:nomination_id>/withdraw")
@requires(Permission.NOMINATE_BENEFICIARIES)
def nomination_withdraw(programme_id: int, nomination_id: int):
    programme = _programme(programme_id)
    found = queries.nominations_by_id(programme, current_user.user, [nomination_id])
    if not found:
        abort(404)
    try:
        services.withdraw(current_actor(), current_user.user, found[0])
        flash(_("The proposal was withdrawn."), "success")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for("gifts.nomination_list", programme_id=programme.id), 303)


@blueprint.route("/<int:programme_id>/nominate", methods=["GET", "POST"])
@requires(Permission.NOMINATE_BENEFICIARIES)
def nominate(programme_id: int):
    programme = _programme(programme_id)
    form = NominateForm()
    if form.validate_on_submit():
        women = db.session.scalars(
            queries.nominable(programme, current_user.user, None).where(
                Beneficiary.id.in_(_ids("woman"))
            )
        ).all()
        try:
            if not women:
                raise DomainError("nothing_chosen", _("Tick the women to propose first."), 422)
            count = services.nominate(current_actor(), current_user.user, programme, women)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            flash(_("%(count)s women proposed.", count=count), "success")
            return redirect(url_for("gifts.nomination_list", programme_id=programme.id), 303)
    search = NameSearchForm(request.args)
    search.validate()
    statement = queries.nominable(programme, current_user.user, search.q.data)
    page = paginate(db.session, statement, request.args.get("page", 1, type=int), per_page=100)
    return render_template(
        "gifts/nominate.html",
        programme=programme,
        shares=queries.share_counts(programme),
        form=form,
        search=search,
        page=page,
    ), 422 if form.is_submitted() else 200


def _render_handover(programme, search, status=200, refusal=None, form=None):
    query = search.q.data or ""
    return render_template(
        "gifts/handover.html",
        programme=programme,
        shares=queries.share_counts(programme),
        search=search,
        candidates=queries.handover_candidates(programme, current_user.user, query)
        if query else [],
        recent=queries.recent_handovers(programme, current_user.user),
        form=form or HandoverForm(formdata=None),
        void_form=VoidForm(formdata=None),
        refusal=refusal,
        open=programme.campaign.status != CampaignStatus.CLOSED,
    ), status  # fmt: skip


@blueprint.get("/<int:programme_id>/handover")
@requires(Permission.RECORD_HANDOVERS)
def handover_screen(programme_id: int):
    programme = _programme(programme_id)
    search = HandoverSearchForm(request.args)
    if not search.validate():
        search.q.data = ""
        return _render_handover(programme, search, 400)
    return _render_handover(programme, search)


@blueprint.post("/<int:programme_id>/handover")
@requires(Permission.RECORD_HANDOVERS)
def handover_record(programme_id: int):
    programme = _programme(programme_id)
    form = HandoverForm()
    search = HandoverSearchForm(formdata=None, q=(request.form.get("q") or "")[:100])
    try:
        if not form.validate():
            raise DomainError("invalid", _("The form was not filled in correctly."), 422)
        nomination_id = record_id_or_none(form.nomination.data)
        found = queries.nominations_by_id(programme, current_user.user, [nomination_id or 0])
        if not found:
            abort(404)
        nomination = found[0]
        receipt = services.Receipt(
            ReceiptMode(form.mode.data), form.proxy_name.data, form.proxy_relationship.data
        )
        services.record_handover(current_actor(), current_user.user, nomination, receipt)
    except DomainError as error:
        db.session.rollback()
        return _render_handover(_programme(programme_id), search, error.status, error, form)
    flash(
        _("Recorded: %(name)s (no. %(number)s) received her gift.",
          name=nomination.beneficiary.full_name, number=nomination.list_number),
        "success",
    )  # fmt: skip
    return redirect(url_for("gifts.handover_screen", programme_id=programme.id), 303)


@blueprint.post("/<int:programme_id>/handovers/<int:handover_id>/void")
@requires(Permission.RECORD_HANDOVERS)
def handover_void(programme_id: int, handover_id: int):
    programme = _programme(programme_id)
    handover = db.session.get(Handover, handover_id)
    if (
        handover is None
        or handover.programme_id != programme.id
        or not unit_in_scope(current_user.user, handover.beneficiary.unit_id)
    ):
        abort(404)
    form = VoidForm()
    search = HandoverSearchForm(formdata=None, q=(request.form.get("q") or "")[:100])
    try:
        if not form.validate():
            raise DomainError("reason_needed", _("Say why the record is wrong."), 422)
        services.void_handover(current_actor(), current_user.user, handover, form.reason.data)
    except DomainError as error:
        db.session.rollback()
        return _render_handover(_programme(programme_id), search, error.status, error)
    flash(_("The record was voided; the place is free again."), "success")
    return redirect(url_for("gifts.handover_screen", programme_id=programme.id), 303)
