"""A programme's list of nominees: proposing women, approving or rejecting, withdrawing."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from campaign.accounts.access import current_actor
from campaign.accounts.permissions import Permission, requires
from campaign.beneficiaries import privacy
from campaign.beneficiaries.models import Beneficiary
from campaign.campaigns.models import CampaignStatus
from campaign.core.errors import DomainError
from campaign.core.pagination import paginate
from campaign.extensions import db
from campaign.gifts import nominations, queries
from campaign.gifts.forms import (
    DecisionForm,
    NameSearchForm,
    NominateForm,
    NominationFilterForm,
)
from campaign.gifts.models import NominationStatus
from campaign.gifts.views import blueprint, programme_or_404, ticked_ids


@blueprint.get("/<int:programme_id>/nominations")
@requires(Permission.VIEW_BENEFICIARIES)
def nomination_list(programme_id: int):
    programme = programme_or_404(programme_id)
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
    programme = programme_or_404(programme_id)
    form = DecisionForm()
    chosen = queries.nominations_by_id(programme, current_user.user, ticked_ids("nomination"))
    try:
        if not form.validate() or form.decision.data not in ("approve", "reject"):
            raise DomainError("invalid", _("Choose approve or reject."), 422)
        if not chosen:
            raise DomainError("nothing_chosen", _("Tick the women to decide on first."), 422)
        approve = form.decision.data == "approve"
        nominations.decide(current_actor(), current_user.user, chosen, approve, form.reason.data)
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
    programme = programme_or_404(programme_id)
    found = queries.nominations_by_id(programme, current_user.user, [nomination_id])
    if not found:
        abort(404)
    try:
        nominations.withdraw(current_actor(), current_user.user, found[0])
        flash(_("The proposal was withdrawn."), "success")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for("gifts.nomination_list", programme_id=programme.id), 303)


@blueprint.route("/<int:programme_id>/nominate", methods=["GET", "POST"])
@requires(Permission.NOMINATE_BENEFICIARIES)
def nominate(programme_id: int):
    programme = programme_or_404(programme_id)
    form = NominateForm()
    if form.validate_on_submit():
        women = db.session.scalars(
            queries.nominable(programme, current_user.user, None).where(
                Beneficiary.id.in_(ticked_ids("woman"))
            )
        ).all()
        try:
            if not women:
                raise DomainError("nothing_chosen", _("Tick the women to propose first."), 422)
            count = nominations.nominate(current_actor(), current_user.user, programme, women)
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
