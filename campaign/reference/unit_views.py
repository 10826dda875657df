"""Browsing the administrative units and their succession."""

from flask import Blueprint, abort, render_template, request

from campaign.accounts.permissions import Permission, requires
from campaign.core.pagination import keyset_page
from campaign.core.text import text_sort_key
from campaign.extensions import db
from campaign.places import queries
from campaign.places.division_types import division_type_name
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
