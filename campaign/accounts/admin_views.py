"""User administration: accounts, roles, scope, deactivation, password resets."""

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from campaign.accounts import services
from campaign.accounts.access import current_actor
from campaign.accounts.admin_forms import NewUserForm, UserFilterForm, UserForm
from campaign.accounts.models import Role, User
from campaign.accounts.passwords import random_password
from campaign.accounts.permissions import Permission, requires
from campaign.core.attempts import attempt
from campaign.core.dates import utcnow
from campaign.core.pagination import Order, keyset_page
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit

blueprint = Blueprint("users", __name__)
BY_USERNAME = Order((User.username,))
"""The user list's order (usernames are unique), served by an index with each filter."""


def _load(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


def _units(form: UserForm) -> list[AdministrativeUnit]:
    ids = [int(value) for value in form.units.data or []]
    return list(
        db.session.scalars(sa.select(AdministrativeUnit).where(AdministrativeUnit.id.in_(ids)))
    )


def matching_users(statement: sa.Select, form: UserFilterForm) -> sa.Select:
    """``statement`` (which reads ``User``) limited by the list's valid filter ``form``."""
    if form.role.data:
        statement = statement.where(User.role == Role(form.role.data))
    if form.status.data:
        statement = statement.where(User.active.is_(form.status.data == "active"))
    return statement


@blueprint.get("/")
@requires(Permission.MANAGE_USERS)
def user_list():
    form = UserFilterForm(request.args)
    if not form.validate():
        return render_template("accounts/user_list.html", form=form, page=None), 400
    statement = matching_users(sa.select(User).options(selectinload(User.units)), form)
    page = keyset_page(
        db.session, statement, BY_USERNAME, key=lambda user: (user.username,), args=request.args,
        start=(form.jump.data,) if form.jump.data else None,
    )  # fmt: skip
    return render_template("accounts/user_list.html", form=form, page=page)


@blueprint.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def user_create():
    form = NewUserForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("accounts/user_form.html", form=form, user=None), status
    password = random_password()

    def refused(error):
        target = form.username if error.code.startswith("username") else form.units
        target.errors = [error.message]
        return render_template("accounts/user_form.html", form=form, user=None), error.status

    return attempt(
        lambda: services.create_user(
            current_actor(), form.username.data, form.full_name.data, Role(form.role.data),
            _units(form), password,
        ),
        refused=refused,
        done=lambda user: (
            render_template("accounts/password_issued.html", user=user, password=password), 201
        ),
    )  # fmt: skip


@blueprint.route("/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def user_edit(user_id: int):
    user = _load(user_id)
    form = UserForm(obj=user, user=user)
    if request.method == "GET":
        form.role.data = user.role.value
        form.units.data = [str(unit.id) for unit in user.units]
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("accounts/user_form.html", form=form, user=user), status

    def refused(error):
        target = form.role if error.code == "last_admin" else form.units
        target.errors = [error.message]
        return render_template("accounts/user_form.html", form=form, user=user), error.status

    def done(_result):
        flash(_("The account %(username)s was saved.", username=user.username), "success")
        return redirect(url_for("users.user_list"))

    return attempt(
        lambda: services.update_user(
            current_actor(), user, form.full_name.data, Role(form.role.data), _units(form)
        ),
        refused=refused,
        done=done,
    )


@blueprint.post("/<int:user_id>/active")
@requires(Permission.MANAGE_USERS)
def user_set_active(user_id: int):
    user = _load(user_id)
    active = request.form.get("active") == "1"
    services.set_active(current_actor(), user, active, utcnow())
    if active:
        flash(_("The account %(username)s can sign in again.", username=user.username), "success")
    else:
        flash(_("The account %(username)s was deactivated and signed out everywhere.",
                username=user.username), "success")  # fmt: skip
    return redirect(url_for("users.user_list"))


@blueprint.post("/<int:user_id>/reset-password")
@requires(Permission.MANAGE_USERS)
def user_reset_password(user_id: int):
    user = _load(user_id)
    password = services.reset_password(current_actor(), user, utcnow())
    return render_template("accounts/password_issued.html", user=user, password=password)
