"""Browsing the administrative units and their succession."""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from campaign.accounts.permissions import Permission, requires
from campaign.accounts.scope import has_scope, units_in_scope
from campaign.core.lookup import suggestions_response
from campaign.core.pagination import keyset_page
from campaign.core.routing import record_id
from campaign.core.text import text_sort_key
from campaign.extensions import db
from campaign.places import queries
from campaign.places.division_types import division_type_name
from campaign.places.lookup import UnitLookup
from campaign.places.models import UnitLevel, UnitScheme
from campaign.reference.unit_forms import UnitFilterForm

blueprint = Blueprint("places", __name__)
blueprint.add_app_template_filter(division_type_name, "division_type")


@blueprint.get("/")
@requires(Permission.VIEW_REFERENCE_DATA)
def unit_list():
    form = UnitFilterForm(request.args)
    if not form.validate():
        return render_template("places/list.html", form=form, page=None), 400
    level = UnitLevel(form.level.data) if form.level.data else None
    page = keyset_page(
        db.session, queries.unit_search(UnitScheme(form.scheme.data), level, form.q.data),
        queries.unit_order(level), key=lambda unit: queries.unit_order_key(unit, level),
        args=request.args, start=(text_sort_key(form.jump.data),) if form.jump.data else None,
    )  # fmt: skip
    return render_template("places/list.html", form=form, page=page)


@blueprint.get("/<int:unit_id>")
@requires(Permission.VIEW_REFERENCE_DATA)
def unit_detail(unit_id: int):
    unit = queries.unit_with_relatives(unit_id) or abort(404)
    return render_template(
        "places/detail.html",
        unit=unit,
        successors=queries.successors(unit) if unit.scheme == UnitScheme.PRE_2025 else [],
        predecessors=queries.predecessors(unit) if unit.scheme == UnitScheme.POST_2025 else [],
    )


@blueprint.get("/suggest")
@requires(Permission.VIEW_CAMPAIGNS)
def unit_suggestions():
    """Labels of the units matching ``q``, for a unit lookup field (``core.lookup``): of the maps
    ``scheme``, the levels ``level`` and inside ``within`` when given, always within the user's
    scope."""
    try:
        schemes = frozenset(UnitScheme(value) for value in request.args.getlist("scheme"))
        levels = frozenset(UnitLevel(value) for value in request.args.getlist("level"))
        inside = [record_id(value) for value in request.args.getlist("within")]
    except ValueError:
        abort(400)
    areas = [[unit_id] for unit_id in inside]
    if has_scope(current_user.user):
        areas.append(units_in_scope(current_user.user))
    lookup = UnitLookup(schemes or None, levels or None, tuple(areas))
    return suggestions_response(lookup, request.args.get("q"))
