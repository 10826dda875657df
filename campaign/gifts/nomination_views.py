"""A programme's list of nominees: proposing women, approving or rejecting, withdrawing."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from campaign.accounts.access import current_actor
from campaign.accounts.permissions import Permission, requires
from campaign.beneficiaries import privacy
from campaign.beneficiaries.models import Beneficiary
from campaign.beneficiaries.queries import NAME_ORDER, name_key
from campaign.campaigns.models import CampaignStatus
from campaign.core.attempts import attempt
from campaign.core.errors import DomainError
from campaign.core.pagination import keyset_page
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
    page = keyset_page(db.session, statement, queries.LIST_ORDER, key=queries.list_key,
                       args=request.args, per_page=100)  # fmt: skip
    return render_template(
        "gifts/nominations.html",
        programme=programme,
        form=form,
        page=page,
        decision_form=DecisionForm(formdata=None),
        listed=privacy.circumstances_listed,
        open=programme.campaign.status != CampaignStatus.CLOSED,
    )


def _back_to_list(programme_id: int, message: str, category: str):
    flash(message, category)
    return redirect(url_for("gifts.nomination_list", programme_id=programme_id), 303)


@blueprint.post("/<int:programme_id>/nominations/decide")
@requires(Permission.APPROVE_NOMINATIONS)
def nomination_decide(programme_id: int):
    programme = programme_or_404(programme_id)
    form = DecisionForm()
    chosen = queries.nominations_by_id(programme, current_user.user, ticked_ids("nomination"))
    approve = form.decision.data == "approve"

    def decide():
        if not form.validate() or form.decision.data not in ("approve", "reject"):
            raise DomainError("invalid", _("Choose approve or reject."), 422)
        if not chosen:
            raise DomainError("nothing_chosen", _("Tick the women to decide on first."), 422)
        nominations.decide(current_actor(), current_user.user, chosen, approve, form.reason.data)

    decided = (
        _("%(count)s proposals approved.", count=len(chosen))
        if approve
        else _("%(count)s proposals rejected.", count=len(chosen))
    )
    return attempt(
        decide,
        refused=lambda error: _back_to_list(programme.id, error.message, "error"),
        done=lambda _result: _back_to_list(programme.id, decided, "success"),
    )


@blueprint.post("/<int:programme_id>/nominations/<int:nomination_id>/withdraw")
@requires(Permission.NOMINATE_BENEFICIARIES)
def nomination_withdraw(programme_id: int, nomination_id: int):
    programme = programme_or_404(programme_id)
    found = queries.nominations_by_id(programme, current_user.user, [nomination_id])
    if not found:
        abort(404)
    return attempt(
        lambda: nominations.withdraw(current_actor(), current_user.user, found[0]),
        refused=lambda error: _back_to_list(programme.id, error.message, "error"),
        done=lambda _result: _back_to_list(
            programme.id, _("The proposal was withdrawn."), "success"
        ),
    )


@blueprint.route("/<int:programme_id>/nominate", methods=["GET", "POST"])
@requires(Permission.NOMINATE_BENEFICIARIES)
def nominate(programme_id: int):
    programme = programme_or_404(programme_id)
    form = NominateForm()
    if not form.validate_on_submit():
        return _render_nominate(programme, form)
    women = db.session.scalars(
        queries.nominable(programme, current_user.user, None).where(
            Beneficiary.id.in_(ticked_ids("woman"))
        )
    ).all()

    def propose():
        if not women:
            raise DomainError("nothing_chosen", _("Tick the women to propose first."), 422)
        return nominations.nominate(current_actor(), current_user.user, programme, women)

    def refused(error):
        flash(error.message, "error")
        return _render_nominate(programme, form)

    return attempt(
        propose,
        refused=refused,
        done=lambda count: _back_to_list(
            programme.id, _("%(count)s women proposed.", count=count), "success"
        ),
    )


def _render_nominate(programme, form: NominateForm):
    search = NameSearchForm(request.args)
    if not search.validate():
        search.q.data = search.start.data = None
    statement = queries.nominable_with_places(programme, current_user.user, search.q.data)
    page = keyset_page(db.session, statement, NAME_ORDER, key=name_key, args=request.args,
                       start=search.start_key(), per_page=100)  # fmt: skip
    return render_template(
        "gifts/nominate.html",
        programme=programme,
        shares=queries.share_counts(programme),
        places_left=bool(queries.shares_with_places(programme)),
        form=form,
        search=search,
        page=page,
    ), 422 if form.is_submitted() else 200
