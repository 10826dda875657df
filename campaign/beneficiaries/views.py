"""Beneficiaries: looking them up within one's scope, registering and correcting them."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from campaign.accounts.access import current_actor, refuse
from campaign.accounts.permissions import Permission, requires
from campaign.audit.services import record
from campaign.beneficiaries import privacy, queries, services
from campaign.beneficiaries.forms import (
    BeneficiaryFilterForm,
    BeneficiaryForm,
    ErasureForm,
    NewBeneficiaryForm,
    area_heading,
    categories_for,
)
from campaign.beneficiaries.models import Beneficiary, Circumstance
from campaign.core import submissions
from campaign.core.attempts import attempt
from campaign.core.engine import writes_on_read
from campaign.core.errors import DomainError
from campaign.core.lookup import suggestions_response
from campaign.core.pagination import keyset_page
from campaign.extensions import db
from campaign.places.models import Organization

blueprint = Blueprint("beneficiaries", __name__)


def _sees_sensitive() -> bool:
    return current_user.can(Permission.SEE_SENSITIVE_CIRCUMSTANCES)


def list_filters(args) -> tuple[BeneficiaryFilterForm, queries.BeneficiaryFilter | None]:
    """The list's filter form read from ``args``, and what it asks for when it is valid: the
    list page and the list's printed and exported copies (``reports``) read the same."""
    form = BeneficiaryFilterForm(args)
    form.set_categories(categories_for(can_see_sensitive=False))  # a list would say who they are
    form.area.lookup = queries.area_lookup(current_user.user)
    form.area.suggest_url = url_for("places.unit_suggestions")
    if not form.validate():
        return form, None
    return form, queries.BeneficiaryFilter(
        query=form.q.data,
        area=form.area.chosen,
        category=Circumstance(form.category.data) if form.category.data else None,
    )


@blueprint.get("/")
@requires(Permission.VIEW_BENEFICIARIES)
def beneficiary_list():
    reader = current_user.user
    form, wanted = list_filters(request.args)
    if wanted is None:
        heading = area_heading(queries.schemes_of(reader, []))
        return render_template(
            "beneficiaries/list.html", form=form, page=None, area_heading=heading
        ), 400
    page = keyset_page(db.session, queries.beneficiary_search(reader, wanted), queries.NAME_ORDER,
                       key=queries.name_key, args=request.args, start=form.start_key())  # fmt: skip
    heading = area_heading(queries.schemes_of(reader, [woman.unit for woman in page.items]))
    return render_template(
        "beneficiaries/list.html", form=form, page=page, listed=privacy.circumstances_listed,
        area_heading=heading,
    )  # fmt: skip


@blueprint.get("/<int:beneficiary_id>")
@requires(Permission.VIEW_BENEFICIARIES)
@writes_on_read
def beneficiary_detail(beneficiary_id: int):
    beneficiary = _visible(beneficiary_id)
    record(current_actor(), "view", "beneficiary", beneficiary.id, "")
    return render_template(
        "beneficiaries/detail.html",
        beneficiary=beneficiary,
        circumstances=privacy.circumstances_shown(beneficiary, current_user),
        national_id=privacy.national_id_shown(beneficiary, current_user),
        note=privacy.note_shown(beneficiary, current_user),
    )


def _visible(beneficiary_id: int) -> Beneficiary:
    beneficiary = queries.visible_beneficiary(current_user.user, beneficiary_id)
    if beneficiary is None:
        refuse("beneficiary", beneficiary_id, status=404)
    return beneficiary


def _form(form_class, beneficiary: Beneficiary | None = None, **kwargs):
    form = form_class(
        organizations=queries.organizations(),
        categories=categories_for(can_see_sensitive=_sees_sensitive()),
        **kwargs,
    )
    form.commune.lookup = queries.commune_lookup(
        current_user.user, beneficiary.unit if beneficiary else None
    )
    form.commune.suggest_url = url_for("beneficiaries.commune_suggestions")
    return form


@blueprint.get("/communes/suggest")
@requires(Permission.MANAGE_BENEFICIARIES)
def commune_suggestions():
    """Labels of the communes a woman can be registered in, for the form's commune field."""
    return suggestions_response(queries.commune_lookup(current_user.user), request.args.get("q"))


def _details(form: BeneficiaryForm):
    """The form's values (the service keeps what the user may not see of a record)."""
    circumstances = {Circumstance(value) for value in form.circumstances.data or []}
    organization_id = form.nominating_organization.data
    return services.BeneficiaryDetails(
        full_name=form.full_name.data,
        birth_year=form.birth_year.data,
        unit=form.commune.chosen,
        address=form.address.data,
        phone=form.phone.data,
        national_id=form.national_id.data,
        circumstances=frozenset(circumstances),
        circumstance_note=form.circumstance_note.data,
        nominating_organization=db.session.get(Organization, int(organization_id))
        if organization_id else None,
    )  # fmt: skip


def _warnings(form: BeneficiaryForm, details, exclude_id=None) -> tuple[list[str], list]:
    """What the user should look at before saving: the ID number's doubts and namesakes."""
    namesakes = services.namesakes(current_user.user, details, exclude_id)
    return getattr(form, "national_id_warnings", []), namesakes


def _render_form(form, beneficiary=None, warnings=(), namesakes=(), status=200):
    return render_template(
        "beneficiaries/form.html",
        form=form,
        beneficiary=beneficiary,
        warnings=warnings,
        namesakes=namesakes,
        sees_sensitive=_sees_sensitive(),
    ), status


def _checked(form, beneficiary=None):
    """The details, or the form again: with its refusal first (an ID number already registered
    is refused before any warning is shown), else with what to look at before saving (once)."""
    details = _details(form)
    exclude_id = beneficiary.id if beneficiary else None

    def warned(_result):
        warnings, namesakes = _warnings(form, details, exclude_id)
        if (warnings or namesakes) and not form.accept_warnings.data:
            return None, _render_form(form, beneficiary, warnings, namesakes, 422)
        return details, None

    return attempt(
        lambda: services.ensure_registrable(current_user.user, details, exclude_id),
        refused=lambda error: (None, _refused(form, beneficiary, error)),
        done=warned,
    )


def _refused(form, beneficiary, error: DomainError):
    """A refusal shows on the form and changes nothing."""
    field = form.national_id if error.code == "national_id_taken" else form.commune
    field.errors = [*field.errors, error.message]
    return _render_form(form, beneficiary, status=error.status)


@blueprint.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_BENEFICIARIES)
def beneficiary_create():
    form = _form(NewBeneficiaryForm)
    if not form.validate_on_submit():
        return _render_form(form, status=422 if form.is_submitted() else 200)
    if earlier := submissions.previous(form.submission.data):
        return redirect(earlier)
    details, warned = _checked(form)
    if warned:
        return warned

    def done(beneficiary):
        flash(_("%(name)s is registered.", name=beneficiary.full_name), "success")
        return redirect(url_for("beneficiaries.beneficiary_detail", beneficiary_id=beneficiary.id))

    return attempt(
        lambda: services.register(current_actor(), current_user.user, details),
        refused=lambda error: _refused(form, None, error),
        done=done,
        token=form.submission.data,
    )


@blueprint.route("/<int:beneficiary_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_BENEFICIARIES)
@writes_on_read
def beneficiary_edit(beneficiary_id: int):
    beneficiary = _visible(beneficiary_id)
    if request.method == "GET":  # the form shows the whole record: a view like any other
        record(current_actor(), "view", "beneficiary", beneficiary.id, "")
    form = _form(
        BeneficiaryForm, beneficiary, obj=None if request.method == "POST" else beneficiary
    )
    if request.method == "GET":
        form.commune.data = form.commune.lookup.label(beneficiary.unit)
        form.nominating_organization.data = str(beneficiary.nominating_organization_id or "")
        form.circumstances.data = [
            c.value for c in privacy.circumstances_shown(beneficiary, current_user)
        ]
        form.circumstance_note.data = privacy.note_shown(beneficiary, current_user)
    if not form.validate_on_submit():
        return _render_form(form, beneficiary, status=422 if form.is_submitted() else 200)
    details, warned = _checked(form, beneficiary)
    if warned:
        return warned

    def done(_result):
        flash(_("The record was saved."), "success")
        return redirect(url_for("beneficiaries.beneficiary_detail", beneficiary_id=beneficiary.id))

    return attempt(
        lambda: services.update(current_actor(), current_user.user, beneficiary, details),
        refused=lambda error: _refused(form, beneficiary, error),
        done=done,
    )


@blueprint.route("/<int:beneficiary_id>/erase", methods=["GET", "POST"])
@requires(Permission.ERASE_PERSONAL_DATA)
def beneficiary_erase(beneficiary_id: int):
    """Erase a woman's personal data on her request (``services.erase_on_request``)."""
    beneficiary = _visible(beneficiary_id)
    form = ErasureForm()
    detail = url_for("beneficiaries.beneficiary_detail", beneficiary_id=beneficiary.id)
    if beneficiary.anonymised_at is not None:
        flash(_("Her personal data has already been erased."), "info")
        return redirect(detail)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("beneficiaries/erase.html", form=form,
                               beneficiary=beneficiary), status  # fmt: skip

    def refused(error: DomainError):
        form.reason.errors = [*form.reason.errors, error.message]
        return render_template("beneficiaries/erase.html", form=form,
                               beneficiary=beneficiary), error.status  # fmt: skip

    def done(_result):
        flash(_("Her personal data was erased; her gifts are kept as anonymised."), "success")
        return redirect(detail)

    return attempt(
        lambda: services.erase_on_request(
            current_actor(), current_user.user, beneficiary, form.reason.data
        ),
        refused=refused,
        done=done,
    )
