"""Pages for the organizations officials belong to: the list, and creating and editing one."""

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from campaign.accounts.access import current_actor
from campaign.accounts.permissions import Permission, requires
from campaign.core.attempts import attempt
from campaign.core.errors import DomainError
from campaign.core.pagination import Order, keyset_page
from campaign.core.search import key_matches
from campaign.core.text import text_sort_key
from campaign.extensions import db
from campaign.places.models import (
    AdministrativeUnit,
    GovernmentLevel,
    Organization,
    OrganizationKind,
    UnitLevel,
    UnitScheme,
)
from campaign.reference import organization_services as services
from campaign.reference.organization_forms import (
    NewOrganizationForm,
    OrganizationFilterForm,
    OrganizationForm,
)

blueprint = Blueprint("organizations", __name__)

FORM_TEMPLATE = "organizations/form.html"
BY_NAME = Order((Organization.sort_key, Organization.id))
"""The list's order, served by an index with or without a level (``places.models``)."""


def organization_search(level: GovernmentLevel | None, query: str | None) -> sa.Select:
    """Organizations of one level or all, whose name holds ``query`` (no diacritics needed),
    looked up in the search index; for a page in :data:`BY_NAME` order."""
    statement = sa.select(Organization).options(
        joinedload(Organization.unit).joinedload(AdministrativeUnit.parent)
    )
    return matching_organizations(statement, level, query)


def matching_organizations(
    statement: sa.Select, level: GovernmentLevel | None, query: str | None
) -> sa.Select:
    """``statement`` (which reads ``Organization``) limited as the organization list is."""
    if level is not None:
        statement = statement.where(Organization.level == level)
    if query:
        statement = statement.where(key_matches(db.session, Organization.search_key, query))
    return statement


@blueprint.get("/")
@requires(Permission.VIEW_REFERENCE_DATA)
def organization_list():
    form = OrganizationFilterForm(request.args)
    if not form.validate():
        return render_template("organizations/list.html", form=form, page=None), 400
    level = GovernmentLevel(form.level.data) if form.level.data else None
    page = keyset_page(
        db.session, organization_search(level, form.q.data), BY_NAME,
        key=lambda organization: (organization.sort_key, organization.id), args=request.args,
        start=(text_sort_key(form.jump.data),) if form.jump.data else None,
    )  # fmt: skip
    return render_template("organizations/list.html", form=form, page=page)


def _initial(organization: Organization) -> dict:
    """The form's values for a stored organization: a commune of the old map is shown as its
    district plus the commune's name; a commune or ward of the new map is chosen itself."""
    unit = organization.unit
    commune = (unit is not None and unit.level == UnitLevel.COMMUNE
               and unit.scheme == UnitScheme.PRE_2025)  # fmt: skip
    chosen = unit.parent if commune else unit
    return {
        "name": organization.name,
        "short_name": organization.short_name,
        "kind": organization.kind.value,
        "level": organization.level.value,
        "unit": str(chosen.id) if chosen is not None else "",
        "commune": unit.name if commune else None,
    }


def _values(form: OrganizationForm) -> dict:
    """The service's arguments from a valid form; raises DomainError for a unit that does not
    fit the level."""
    level = GovernmentLevel(form.level.data)
    chosen = db.session.get(AdministrativeUnit, int(form.unit.data)) if form.unit.data else None
    return {
        "name": form.name.data,
        "short_name": form.short_name.data,
        "kind": OrganizationKind(form.kind.data),
        "level": level,
        "unit": services.serving_unit(level, chosen, form.commune.data),
    }


def _show_error(form: OrganizationForm, error: DomainError) -> None:
    if error.code.startswith("commune"):
        target = form.commune
    elif error.code.startswith("name"):
        target = form.name
    else:
        target = form.unit
    target.errors = [*target.errors, error.message]


def _form_page(form: OrganizationForm, organization: Organization | None, status: int = 200):
    return render_template(FORM_TEMPLATE, form=form, organization=organization), status


@blueprint.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_ORGANIZATIONS)
def organization_create():
    form = NewOrganizationForm()
    if not form.validate_on_submit():
        return _form_page(form, None, 422 if form.is_submitted() else 200)

    def refused(error):
        _show_error(form, error)
        return _form_page(form, None, error.status)

    return attempt(
        lambda: services.create_organization(current_actor(), **_values(form)),
        refused=refused,
        done=_saved,
        token=form.submission.data,
    )


def _saved(organization: Organization):
    flash(_("The organization %(name)s was saved.", name=organization.name), "success")
    return redirect(url_for("organizations.organization_list", q=organization.name))


@blueprint.route("/<int:organization_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_ORGANIZATIONS)
def organization_edit(organization_id: int):
    organization = db.session.get(Organization, organization_id) or abort(404)
    form = OrganizationForm(data=_initial(organization))
    if not form.validate_on_submit():
        return _form_page(form, organization, 422 if form.is_submitted() else 200)

    def refused(error):
        _show_error(form, error)
        return _form_page(form, organization, error.status)

    return attempt(
        lambda: services.update_organization(current_actor(), organization, **_values(form)),
        refused=refused,
        done=lambda _result: _saved(organization),
    )
