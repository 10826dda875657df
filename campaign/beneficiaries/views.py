"""Looking beneficiaries up: only within one's districts, only what one's role may see."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from campaign.accounts.access import current_actor, refuse
from campaign.accounts.permissions import Permission, requires
from campaign.audit.services import record
from campaign.beneficiaries import privacy, queries
from campaign.beneficiaries.forms import BeneficiaryFilterForm
from campaign.core.database import writes_on_read
from campaign.core.pagination import paginate
from campaign.extensions import db

blueprint = Blueprint("beneficiaries", __name__)


@blueprint.get("/")
@requires(Permission.VIEW_BENEFICIARIES)
def beneficiary_list():
    form = BeneficiaryFilterForm(request.args)
    form.set_districts(queries.districts_with_beneficiaries(current_user.user))
    if not form.validate():
        return render_template("beneficiaries/list.html", form=form, page=None), 400
    district_id = int(form.district.data) if form.district.data else None
    statement = queries.beneficiary_search(current_user.user, form.q.data, district_id)
    page = paginate(db.session, statement, request.args.get("page", 1, type=int))
    return render_template(
        "beneficiaries/list.html", form=form, page=page, listed=privacy.circumstances_listed
    )


@blueprint.get("/<int:beneficiary_id>")
@requires(Permission.VIEW_BENEFICIARIES)
@writes_on_read
def beneficiary_detail(beneficiary_id: int):
    beneficiary = queries.visible_beneficiary(current_user.user, beneficiary_id)
    if beneficiary is None:
        refuse("beneficiary", beneficiary_id, status=404)
    record(current_actor(), "view", "beneficiary", beneficiary.id, "")
    return render_template(
        "beneficiaries/detail.html",
        beneficiary=beneficiary,
        circumstances=privacy.circumstances_shown(beneficiary, current_user),
        national_id=privacy.national_id_shown(beneficiary, current_user),
        note=privacy.note_shown(beneficiary, current_user),
    )
