"""Signing in and out, and changing one's own password."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from campaign.accounts import access, authentication, services
from campaign.accounts.forms import ChangePasswordForm, SignInForm
from campaign.accounts.models import User
from campaign.accounts.permissions import public, signed_in
from campaign.core.attempts import attempt
from campaign.core.dates import utcnow
from campaign.core.errors import DomainError
from campaign.core.urls import same_site_path
from campaign.extensions import db

blueprint = Blueprint("accounts", __name__)


@blueprint.route("/login", methods=["GET", "POST"])
@public
def sign_in():
    form = SignInForm(next=request.args.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(same_site_path(form.next.data) or url_for("main.home"))
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("accounts/sign_in.html", form=form), status
    try:
        user, token = _check_credentials(form.username.data, form.password.data)
    except DomainError as error:
        db.session.commit()  # the failed attempt counts, and is audited, whatever the answer
        form.password.data = ""
        page = render_template("accounts/sign_in.html", form=form, error=error.message)
        return page, error.status
    if current_user.is_authenticated:
        authentication.sign_out(current_user.session, access.current_actor(), utcnow())
    access.start_browser_session(token, user)
    return redirect(same_site_path(form.next.data) or url_for("main.home"))


def _check_credentials(username: str, password: str) -> tuple[User, str]:
    """The try is counted and committed first: that releases the locks on the account's and
    the address's counters, so the slow password check runs alongside everyone else's."""
    attempt = authentication.begin_sign_in(username, access.remote_address(), utcnow())
    db.session.commit()
    return authentication.finish_sign_in(attempt, password, utcnow())


@blueprint.post("/logout")
@signed_in
def sign_out():
    authentication.sign_out(current_user.session, access.current_actor(), utcnow())
    access.end_browser_session()
    flash(_("You have signed out."), "success")
    return redirect(url_for("accounts.sign_in"))


@blueprint.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("accounts/change_password.html", form=form), status

    def refused(error):
        field = form.current_password if error.code == "password_wrong" else form.new_password
        field.errors = [error.message]
        return render_template("accounts/change_password.html", form=form), error.status

    def done(_result):
        flash(_("Your password has been changed. Other browsers have been signed out."),
              "success")  # fmt: skip
        return redirect(url_for("main.home"))

    return attempt(
        lambda: services.change_own_password(
            access.current_actor(), current_user.user, form.current_password.data,
            form.new_password.data, current_user.session, utcnow(),
        ),
        refused=refused, done=done,
    )  # fmt: skip
