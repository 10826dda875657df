"""Pages of the officials area: the registry, one official with positions and events, and the
forms that change them."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from campaign.accounts.access import current_actor
from campaign.accounts.permissions import Permission, requires
from campaign.core.attempts import attempt
from campaign.core.lookup import suggestions_response
from campaign.extensions import db
from campaign.officials import queries, services
from campaign.officials.forms import NewOfficialForm, OfficialForm, OfficialSearchForm, PositionForm
from campaign.officials.lookup import OfficialLookup
from campaign.officials.models import Official
from campaign.places.models import Organization

blueprint = Blueprint("officials", __name__)


def _load(official_id: int) -> Official:
    return queries.official_with_positions(official_id) or abort(404)


def _organization(form: PositionForm) -> Organization:
    return db.session.get(Organization, int(form.organization.data))


def _detail_url(official: Official) -> str:
    return url_for("officials.official_detail", official_id=official.id)


@blueprint.get("/suggest")
@requires(Permission.VIEW_CAMPAIGNS)
def official_suggestions():
    """Labels of the officials' positions matching ``q``, for an official lookup field."""
    return suggestions_response(OfficialLookup(), request.args.get("q"))


@blueprint.get("/")
@requires(Permission.VIEW_CAMPAIGNS)
def official_list():
    form = OfficialSearchForm(request.args)
    if not form.validate():
        return render_template("officials/list.html", form=form, page=None), 400
    page = queries.official_page(form.q.data, request.args, form.jump.data)
    return render_template("officials/list.html", form=form, page=page)


def _create_page(form: NewOfficialForm, status: int = 200, namesakes=()):
    return render_template("officials/new.html", form=form, namesakes=namesakes), status


@blueprint.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def official_create():
    form = NewOfficialForm()
    if not form.validate_on_submit():
        return _create_page(form, 422 if form.is_submitted() else 200)

    def refused(error):
        if isinstance(error, services.PossibleDuplicate):
            return _create_page(form, error.status, namesakes=error.existing)
        form.precedence.errors = [*form.precedence.errors, error.message]
        return _create_page(form, error.status)

    def done(official):
        flash(_("%(name)s was added to the officials.", name=official.full_name), "success")
        return redirect(_detail_url(official))

    return attempt(
        lambda: services.create_official(
            current_actor(), form.full_name.data, form.phone.data, form.email.data,
            form.title.data, _organization(form), form.precedence.data,
            namesake_confirmed=form.create_anyway.data,
        ),
        refused=refused, done=done, token=form.submission.data,
    )  # fmt: skip


def _detail_page(official: Official, position_form: PositionForm | None = None, status=200):
    return render_template(
        "officials/detail.html",
        official=official,
        participations=queries.participations_of(official),
        position_form=position_form or PositionForm(formdata=None),
    ), status


@blueprint.get("/<int:official_id>")
@requires(Permission.VIEW_CAMPAIGNS)
def official_detail(official_id: int):
    return _detail_page(_load(official_id))


@blueprint.route("/<int:official_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def official_edit(official_id: int):
    official = _load(official_id)
    form = OfficialForm(obj=official)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("officials/edit.html", form=form, official=official), status
    services.update_official(
        current_actor(), official, form.full_name.data, form.phone.data, form.email.data
    )
    flash(_("The details of %(name)s were saved.", name=official.full_name), "success")
    return redirect(_detail_url(official))


@blueprint.post("/<int:official_id>/positions")
@requires(Permission.MANAGE_CAMPAIGNS)
def position_add(official_id: int):
    official = _load(official_id)
    form = PositionForm()
    if not form.validate_on_submit():
        return _detail_page(official, form, 422)

    def refused(error):
        form.title.errors = [*form.title.errors, error.message]
        return _detail_page(_load(official_id), form, error.status)

    def done(_result):
        flash(_("The position was added."), "success")
        return redirect(_detail_url(official))

    return attempt(
        lambda: services.add_position(
            current_actor(), official, form.title.data, _organization(form), form.precedence.data
        ),
        refused=refused, done=done, token=form.submission.data,
    )  # fmt: skip


@blueprint.post("/<int:official_id>/positions/<int:position_id>/delete")
@requires(Permission.MANAGE_CAMPAIGNS)
def position_delete(official_id: int, position_id: int):
    official = _load(official_id)
    position = queries.position_of(official, position_id) or abort(404)
    title = f"{position.title}, {position.organization.name}"

    def refused(error):
        flash(error.message, "danger")
        return _detail_page(_load(official_id), status=error.status)

    def done(_result):
        flash(_("The position %(title)s was removed.", title=title), "success")
        return redirect(_detail_url(official))

    return attempt(
        lambda: services.remove_position(current_actor(), official, position),
        refused=refused, done=done,
    )  # fmt: skip
