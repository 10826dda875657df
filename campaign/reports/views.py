"""The reports pages: the index staff start from, and each document in every format."""

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from campaign.accounts.access import current_actor
from campaign.accounts.admin_forms import UserFilterForm
from campaign.accounts.permissions import Permission, requires
from campaign.accounts.scope import scope_unit_ids
from campaign.activities.queries import activity_with_everything
from campaign.activities.views import list_filters as activity_filters
from campaign.audit.views import list_filters as audit_filters
from campaign.beneficiaries.views import list_filters
from campaign.campaigns.chosen import campaign_in_view
from campaign.campaigns.filters import campaign_of_request
from campaign.campaigns.queries import campaign_by_id
from campaign.core.dates import local_today
from campaign.core.engine import writes_on_read
from campaign.core.pagination import filtered_link, keyset_page
from campaign.core.routing import record_id_or_none
from campaign.events.models import Event
from campaign.events.queries import event_with_everything
from campaign.events.views import list_filters as event_filters
from campaign.extensions import db
from campaign.gifts.forms import NominationFilterForm
from campaign.gifts.models import GiftProgramme, HandoverStatus, NominationStatus
from campaign.gifts.queries import programme_with_shares
from campaign.officials.forms import OfficialSearchForm
from campaign.places.models import AdministrativeUnit, GovernmentLevel, UnitLevel, UnitScheme
from campaign.reference.organization_forms import OrganizationFilterForm
from campaign.reference.unit_forms import UnitFilterForm
from campaign.reports import (
    activity_list,
    activity_progress,
    audit_log,
    beneficiary_list,
    campaign_list,
    event_list,
    event_report,
    indicator_list,
    nominations,
    official_list,
    receipts,
    reference_lists,
    register,
    summary,
)
from campaign.reports.forms import FullListForm, ReceiptListForm, RegisterFilterForm
from campaign.reports.outputs import Format, response_for

blueprint = Blueprint("reports", __name__)
INDEX_PROGRAMMES = 20
"""The newest programmes the index lists (the programme list pages through all of them)."""
INDEX_EVENTS = 10
"""The latest events the index lists; every event's page links to its report."""


def _output() -> Format | None:
    """The format the request asks for, None for the page itself; 404 for any other."""
    asked = request.args.get("format")
    if asked is None:
        return None
    try:
        return Format(asked)
    except ValueError:
        abort(404)


def _tools(endpoint: str, back: str, **values) -> list[tuple[str, str]]:
    """The print view's links: ``back`` to where it was printed from, then the same document
    in each format, with the request's filters."""
    return [(_("Back"), back)] + [
        (text, filtered_link(endpoint, values, format=output))
        for text, output in ((_("Download PDF"), Format.PDF),
                             (_("Download Excel (XLSX)"), Format.XLSX),
                             (_("Download CSV"), Format.CSV))
    ]  # fmt: skip


def _document(report, back: str, **values):
    """The report in the format the request asks for (the print view by default), its print
    view's links leading ``back`` and to the same document with ``values``."""
    tools = _tools(request.endpoint, back, **values)
    return response_for(report, _output() or Format.PRINT, current_actor(), tools=tools)


@blueprint.get("/")
@requires(Permission.VIEW_CAMPAIGNS)
def report_index():
    programmes = db.session.scalars(
        sa.select(GiftProgramme)
        .options(joinedload(GiftProgramme.campaign), joinedload(GiftProgramme.event))
        .order_by(GiftProgramme.id.desc())
        .limit(INDEX_PROGRAMMES + 1)
    ).all()
    events = db.session.scalars(
        sa.select(Event).options(joinedload(Event.campaign))
        .order_by(Event.starts_at.desc(), Event.id.desc()).limit(INDEX_EVENTS)
    ).all()  # fmt: skip
    return render_template(
        "reports/index.html", programmes=programmes[:INDEX_PROGRAMMES],
        more_programmes=len(programmes) > INDEX_PROGRAMMES, events=events,
    )  # fmt: skip


def _programme(programme_id: int) -> GiftProgramme:
    return programme_with_shares(programme_id) or abort(404)


@blueprint.get("/programmes/<int:programme_id>/receipts")
@requires(Permission.VIEW_BENEFICIARIES)
@writes_on_read
def receipt_list(programme_id: int):
    programme = _programme(programme_id)
    user = current_user.user
    form = ReceiptListForm(request.args, programme=programme, unit_ids=scope_unit_ids(user))
    output = _output()
    if output is None or not form.validate():
        status = 400 if output is not None else 200
        return render_template("reports/receipts.html", programme=programme, form=form), status
    report = receipts.receipt_list(
        programme, user, stage=form.stage.data, unit=form.chosen_unit(programme),
        by_unit=form.by_unit.data, signer=user.full_name,
    )  # fmt: skip
    back = filtered_link("reports.receipt_list", {"programme_id": programme.id})
    tools = _tools("reports.receipt_list", back, programme_id=programme.id)
    return response_for(report, output, current_actor(), tools=tools)


def _register_filters(programme: GiftProgramme):
    """The register's filter form, and what it asks for when it is valid."""
    user = current_user.user
    form = RegisterFilterForm(request.args, programme=programme, unit_ids=scope_unit_ids(user))
    if not form.validate():
        return form, None
    return form, register.RegisterFilter(
        unit=form.chosen_unit(programme), since=form.since.data, until=form.until.data,
        status=HandoverStatus(form.status.data) if form.status.data else None,
    )  # fmt: skip


@blueprint.get("/programmes/<int:programme_id>/handovers")
@requires(Permission.VIEW_BENEFICIARIES)
def handover_register(programme_id: int):
    """The register on screen, a page at a time, with its print and export links."""
    programme = _programme(programme_id)
    form, wanted = _register_filters(programme)
    if wanted is None:
        return render_template(
            "reports/register.html", programme=programme, form=form, page=None
        ), 400
    page = keyset_page(
        db.session, register.register_statement(programme, current_user.user, wanted),
        register.ORDER, key=lambda row: (row[0],), args=request.args, rows=True,
    )  # fmt: skip
    return render_template(
        "reports/register.html", programme=programme, form=form, page=page,
        rows=list(map(register.register_rows(), page.items)), columns=register.COLUMNS,
    )  # fmt: skip


@blueprint.get("/programmes/<int:programme_id>/handovers/document")
@requires(Permission.VIEW_BENEFICIARIES)
@writes_on_read
def handover_register_document(programme_id: int):
    """The register with the page's filters, printed or exported (``?format=``)."""
    programme = _programme(programme_id)
    form, wanted = _register_filters(programme)
    output = _output() or Format.PRINT
    if wanted is None:
        return render_template(
            "reports/register.html", programme=programme, form=form, page=None
        ), 400
    user = current_user.user
    report = register.handover_register(programme, user, wanted, signer=user.full_name)
    back = filtered_link("reports.handover_register", {"programme_id": programme.id})
    tools = _tools("reports.handover_register_document", back, programme_id=programme.id)
    return response_for(report, output, current_actor(), tools=tools)


@blueprint.get("/events/<int:event_id>")
@requires(Permission.VIEW_CAMPAIGNS)
@writes_on_read
def event_document(event_id: int):
    """The event's report, printed (the default) or as PDF; its officials as a spreadsheet."""
    event = event_with_everything(event_id) or abort(404)
    output = _output() or Format.PRINT
    report = event_report.event_report(event, signer=current_user.user.full_name)
    back = url_for("events.event_detail", event_id=event.id)
    tools = _tools("reports.event_document", back, event_id=event.id)
    return response_for(report, output, current_actor(), tools=tools)


@blueprint.get("/beneficiaries")
@requires(Permission.VIEW_BENEFICIARIES)
@writes_on_read
def beneficiary_document():
    """The beneficiary list with the list page's filters, de-identified, in any format."""
    form, wanted = list_filters(request.args)
    back = filtered_link("beneficiaries.beneficiary_list")
    if wanted is None:
        return render_template("reports/bad_filters.html", form=form, back=back), 400
    user = current_user.user
    report = beneficiary_list.beneficiary_list(
        user, wanted, campaign_in_view(), signer=user.full_name
    )
    return _document(report, back)


@blueprint.route("/beneficiaries/full", methods=["GET", "POST"])
@requires(Permission.SEE_FULL_NATIONAL_ID)
def full_beneficiary_document():
    """The full list (phones and ID numbers) after the reason for it is stated; the reason is
    in the audit entry."""
    filters, wanted = list_filters(request.args)
    form = FullListForm()
    if wanted is None:
        return render_template("reports/full_list.html", filters=filters, form=form), 400
    if request.method == "GET" or not form.validate():
        status = 400 if request.method == "POST" else 200
        return render_template("reports/full_list.html", filters=filters, form=form), status
    output = _posted_output()
    user = current_user.user
    report = beneficiary_list.beneficiary_list(
        user, wanted, campaign_in_view(), full=True, signer=user.full_name,
        sensitive_too=current_user.can(Permission.SEE_SENSITIVE_CIRCUMSTANCES),
    )  # fmt: skip
    report.filters["reason"] = form.reason.data
    return response_for(report, output, current_actor())


def _posted_output() -> Format:
    try:
        return Format(request.form.get("format", ""))
    except ValueError:
        abort(400)


@blueprint.get("/campaigns/<int:campaign_id>/summary")
@requires(Permission.VIEW_CAMPAIGNS)
@writes_on_read
def summary_document(campaign_id: int):
    """The campaign summary report, printed (the default) or as PDF; its gifts by unit as a
    spreadsheet."""
    campaign = campaign_by_id(campaign_id) or abort(404)
    report = summary.summary_report(campaign, signer=current_user.user.full_name)
    back = url_for("reports.dashboard", campaign=campaign.id)
    return _document(report, back, campaign_id=campaign.id)


@blueprint.get("/dashboard")
@requires(Permission.VIEW_CAMPAIGNS)
def dashboard():
    """The charts of a campaign (``?campaign=``, else the one the home page shows), each with
    its numbers in a table beside it."""
    chosen = request.args.get("campaign")
    if chosen is not None:
        campaign = campaign_by_id(record_id_or_none(chosen) or 0) or abort(404)
    else:
        campaign = campaign_in_view()
    if campaign is None:  # no campaign set up yet
        return render_template("reports/dashboard.html", summary=None, charts=[])
    figures = summary.campaign_summary(campaign)
    return render_template(
        "reports/dashboard.html", summary=figures, charts=summary.summary_charts(figures)
    )


@blueprint.get("/events")
@requires(Permission.VIEW_CAMPAIGNS)
@writes_on_read
def event_list_document():
    """The event list with the list page's filters and order, in any format."""
    form, criteria = event_filters()
    back = filtered_link("events.event_list")
    if criteria is None:
        return render_template("reports/bad_filters.html", form=form, back=back), 400
    campaign = form.of_campaign or campaign_in_view()
    report = event_list.event_list(criteria, campaign, signer=current_user.user.full_name)
    return _document(report, back)


@blueprint.get("/programmes/<int:programme_id>/nominations")
@requires(Permission.VIEW_BENEFICIARIES)
@writes_on_read
def nomination_document(programme_id: int):
    """The programme's list of nominees with the list page's status filter, in any format."""
    programme = _programme(programme_id)
    form = NominationFilterForm(request.args)
    back = filtered_link("gifts.nomination_list", {"programme_id": programme.id})
    if not form.validate():
        return render_template("reports/bad_filters.html", form=form, back=back), 400
    status = NominationStatus(form.status.data) if form.status.data else None
    user = current_user.user
    report = nominations.nomination_list(programme, user, status, signer=user.full_name)
    return _document(report, back, programme_id=programme.id)


@blueprint.get("/officials")
@requires(Permission.VIEW_CAMPAIGNS)
@writes_on_read
def official_list_document():
    """The officials registry with the list page's search, in any format."""
    form = OfficialSearchForm(request.args)
    return _list_document(form, "officials.official_list", lambda: official_list.official_list(
        form.q.data, campaign_in_view(), signer=current_user.user.full_name,
    ))  # fmt: skip


def _list_document(form, back_endpoint: str, build, valid: bool | None = None):
    """A list printed or exported with its page's filter ``form``: ``build()`` makes the
    report once the form is valid (``valid``, when the caller has validated it already)."""
    back = filtered_link(back_endpoint)
    if not (form.validate() if valid is None else valid):
        return render_template("reports/bad_filters.html", form=form, back=back), 400
    return _document(build(), back)


@blueprint.get("/units")
@requires(Permission.VIEW_REFERENCE_DATA)
@writes_on_read
def unit_list_document():
    form = UnitFilterForm(request.args)
    return _list_document(form, "places.unit_list", lambda: reference_lists.unit_list(
        UnitScheme(form.scheme.data), UnitLevel(form.level.data) if form.level.data else None,
        form.q.data, campaign_in_view(), current_user.user.full_name,
    ))  # fmt: skip


@blueprint.get("/organizations")
@requires(Permission.VIEW_REFERENCE_DATA)
@writes_on_read
def organization_list_document():
    form = OrganizationFilterForm(request.args)
    return _list_document(
        form, "organizations.organization_list",
        lambda: reference_lists.organization_list(
            GovernmentLevel(form.level.data) if form.level.data else None, form.q.data,
            campaign_in_view(), current_user.user.full_name,
        ),
    )  # fmt: skip


@blueprint.get("/users")
@requires(Permission.MANAGE_USERS)
@writes_on_read
def user_list_document():
    form = UserFilterForm(request.args)
    return _list_document(form, "users.user_list", lambda: reference_lists.user_list(
        form, campaign_in_view(), current_user.user.full_name,
    ))  # fmt: skip


@blueprint.get("/audit")
@requires(Permission.VIEW_AUDIT_LOG)
@writes_on_read
def audit_log_document():
    form, criteria = audit_filters()
    return _list_document(form, "audit.entry_list", lambda: audit_log.audit_log(
        criteria, campaign_in_view(), current_user.user.full_name,
    ), valid=criteria is not None)  # fmt: skip


@blueprint.get("/campaigns")
@requires(Permission.VIEW_CAMPAIGNS)
@writes_on_read
def campaign_list_document():
    back = filtered_link("campaigns.campaign_list")
    report = campaign_list.campaign_list(campaign_in_view(), current_user.user.full_name)
    return _document(report, back)


@blueprint.get("/activities")
@requires(Permission.VIEW_CAMPAIGNS)
@writes_on_read
def activity_list_document():
    form, criteria = activity_filters()
    return _list_document(form, "activities.activity_list", lambda: activity_list.activity_list(
        criteria, form.of_campaign or campaign_in_view(), current_user.user.full_name,
        local_today(),
    ), valid=criteria is not None)  # fmt: skip


@blueprint.get("/campaigns/<int:campaign_id>/indicators")
@requires(Permission.VIEW_CAMPAIGNS)
@writes_on_read
def indicator_document(campaign_id: int):
    campaign = campaign_by_id(campaign_id) or abort(404)
    back = url_for("indicators.indicator_list", campaign_id=campaign.id)
    report = indicator_list.indicator_list(campaign, current_user.user.full_name)
    return _document(report, back, campaign_id=campaign.id)


@blueprint.get("/activities/<int:activity_id>")
@requires(Permission.VIEW_CAMPAIGNS)
@writes_on_read
def activity_document(activity_id: int):
    activity = activity_with_everything(activity_id) or abort(404)
    back = url_for("activities.activity_detail", activity_id=activity.id)
    report = activity_progress.activity_progress(activity, current_user.user.full_name)
    return _document(report, back, activity_id=activity.id)


@blueprint.get("/activities/units/<int:unit_id>")
@requires(Permission.VIEW_CAMPAIGNS)
@writes_on_read
def unit_board_document(unit_id: int):
    unit = db.session.get(AdministrativeUnit, unit_id) or abort(404)
    campaign = campaign_of_request()
    back = filtered_link("activities.unit_board", {"unit_id": unit.id})
    report = activity_progress.unit_board(unit, campaign, current_user.user.full_name,
                                          local_today())  # fmt: skip
    return _document(report, back, unit_id=unit.id)
