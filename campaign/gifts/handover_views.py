"""The handover screen: find an approved nominee, record her gift, void a wrong record."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from campaign.accounts.access import current_actor
from campaign.accounts.permissions import Permission, requires
from campaign.accounts.scope import unit_in_scope
from campaign.campaigns.models import CampaignStatus
from campaign.core.attempts import attempt
from campaign.core.errors import DomainError
from campaign.core.pagination import keyset_page
from campaign.core.routing import record_id_or_none
from campaign.extensions import db
from campaign.gifts import handovers, queries
from campaign.gifts.forms import (
    HandoverForm,
    HandoverSearchForm,
    VoidForm,
)
from campaign.gifts.models import Handover, ReceiptMode
from campaign.gifts.views import blueprint, programme_or_404

AWAITING_PER_PAGE = 50


def _render_handover(programme, search, status=200, refusal=None, form=None):
    query = search.q.data or ""
    user = current_user.user
    if query:
        candidates, awaiting = queries.handover_candidates(programme, user, query), None
        women = [candidate.nomination.beneficiary_id for candidate in candidates]
    else:
        candidates = []
        awaiting = keyset_page(
            db.session, queries.awaiting_handover(programme, user), queries.LIST_ORDER,
            key=queries.list_key, args=request.args, per_page=AWAITING_PER_PAGE,
        )  # fmt: skip
        women = [nomination.beneficiary_id for nomination in awaiting.items]
    return render_template(
        "gifts/handover.html",
        programme=programme,
        shares=queries.share_counts(programme),
        search=search,
        candidates=candidates,
        awaiting=awaiting,
        elsewhere=queries.gifts_elsewhere(programme, women),
        recent=queries.recent_handovers(programme, user),
        form=form or HandoverForm(formdata=None),
        void_form=VoidForm(formdata=None),
        refusal=refusal,
        open=programme.campaign.status != CampaignStatus.CLOSED,
    ), status  # fmt: skip


def _search_kept() -> HandoverSearchForm:
    """The screen's search and ceremony time as a posted row form carries them."""
    kept = MultiDict({
        "q": (request.form.get("q") or "")[:100],
        "at": (request.form.get("handed_over_at") or "")[:50],
    })  # fmt: skip
    search = HandoverSearchForm(kept)
    if not search.validate():
        search.at.data = search.at.raw_data = None
    return search


def _screen_url(programme, search: HandoverSearchForm) -> str:
    """Back to the screen, keeping the ceremony's time for the next gifts recorded."""
    at = search.at._value() if search.at.data else None
    return url_for("gifts.handover_screen", programme_id=programme.id, at=at)


@blueprint.get("/<int:programme_id>/handover")
@requires(Permission.RECORD_HANDOVERS)
def handover_screen(programme_id: int):
    programme = programme_or_404(programme_id)
    search = HandoverSearchForm(request.args)
    if not search.validate():
        search.q.data = ""
        return _render_handover(programme, search, 400)
    return _render_handover(programme, search)


@blueprint.post("/<int:programme_id>/handover")
@requires(Permission.RECORD_HANDOVERS)
def handover_record(programme_id: int):
    programme = programme_or_404(programme_id)
    form = HandoverForm()
    search = _search_kept()

    def record():
        if not form.validate():
            message = form.handed_over_at.errors or [_("The form was not filled in correctly.")]
            raise DomainError("invalid", message[0], 422)
        nomination_id = record_id_or_none(form.nomination.data)
        found = queries.nominations_by_id(programme, current_user.user, [nomination_id or 0])
        if not found:
            abort(404)
        nomination = found[0]
        receipt = handovers.Receipt(
            ReceiptMode(form.mode.data), form.proxy_name.data, form.proxy_relationship.data
        )
        handovers.record_handover(
            current_actor(), current_user.user, nomination, receipt, form.handed_over_at.data
        )
        return nomination

    def done(nomination):
        flash(
            _("Recorded: %(name)s (no. %(number)s) received her gift.",
              name=nomination.beneficiary.full_name, number=nomination.list_number),
            "success",
        )  # fmt: skip
        return redirect(_screen_url(programme, search), 303)

    return attempt(
        record,
        refused=lambda error: _render_handover(
            programme_or_404(programme_id), search, error.status, error, form
        ),
        done=done,
    )


@blueprint.post("/<int:programme_id>/handovers/<int:handover_id>/void")
@requires(Permission.RECORD_HANDOVERS)
def handover_void(programme_id: int, handover_id: int):
    programme = programme_or_404(programme_id)
    handover = db.session.get(Handover, handover_id)
    if (
        handover is None
        or handover.programme_id != programme.id
        or not unit_in_scope(current_user.user, handover.beneficiary.unit_id)
    ):
        abort(404)
    form = VoidForm()
    search = _search_kept()

    def void():
        if not form.validate():
            raise DomainError("reason_needed", _("Say why the record is wrong."), 422)
        handovers.void_handover(current_actor(), current_user.user, handover, form.reason.data)

    def done(_result):
        flash(_("The record was voided; the place is free again."), "success")
        return redirect(_screen_url(programme, search), 303)

    return attempt(
        void,
        refused=lambda error: _render_handover(
            programme_or_404(programme_id), search, error.status, error
        ),
        done=done,
    )
