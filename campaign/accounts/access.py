"""Who is asking, and whether they may: loads the signed-in user from the session cookie and
enforces the permission each view declares (``accounts.permissions``)."""

import datetime as dt

from flask import abort, current_app, redirect, request, session, url_for
from flask_login import (
    AnonymousUserMixin,
    LoginManager,
    UserMixin,
    current_user,
    login_user,
    logout_user,
)

from campaign.accounts import authentication
from campaign.accounts.models import Role, User, UserSession
from campaign.accounts.permissions import ROLES_WITH_SCOPE, Permission, role_may
from campaign.audit.services import Actor, record
from campaign.core.dates import utcnow
from campaign.core.logs import note_user

LAST_SEEN = "seen"
OPEN_WHILE_PASSWORD_MUST_CHANGE = {"accounts.change_password", "accounts.sign_out", "static"}
login_manager = LoginManager()


class Principal(UserMixin):
    """The signed-in user of this request, with the session they came in on."""

    def __init__(self, user_session: UserSession, token: str):
        self.session = user_session
        self.user: User = user_session.user
        self._token = token
        note_user(user_session.user_id)  # the request's log lines name her by id only

    def get_id(self) -> str:
        return self._token

    def can(self, permission: Permission) -> bool:
        return role_may(self.user.role, permission)

    @property
    def has_scope(self) -> bool:
        return self.user.role in ROLES_WITH_SCOPE


class Anonymous(AnonymousUserMixin):
    user = None

    def can(self, permission: Permission) -> bool:
        return False


def remote_address() -> str:
    return request.remote_addr or "unknown"


def current_actor() -> Actor:
    """The actor for audit entries of this request."""
    user = current_user.user if current_user.is_authenticated else None
    return Actor(user_id=user.id if user else None, remote_address=remote_address())


def session_policy() -> authentication.SessionPolicy:
    return authentication.SessionPolicy(
        idle_timeout=dt.timedelta(minutes=current_app.config["CAMPAIGN_IDLE_TIMEOUT_MINUTES"]),
        absolute_lifetime=dt.timedelta(hours=current_app.config["CAMPAIGN_SESSION_HOURS"]),
    )


@login_manager.user_loader
def load_principal(token: str) -> Principal | None:
    now = utcnow()
    policy = session_policy()
    last_seen = session.get(LAST_SEEN)
    if last_seen is None or now.timestamp() - last_seen > policy.idle_timeout.total_seconds():
        return None
    user_session = authentication.live_session(token, policy, now)
    return Principal(user_session, token) if user_session else None


def start_browser_session(token: str, user: User) -> None:
    """A fresh cookie for a fresh sign-in: nothing of the anonymous session carries over but
    the chosen language."""
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
    user_session = authentication.live_session(token, session_policy(), utcnow())
    login_user(Principal(user_session, token))
    session[LAST_SEEN] = utcnow().timestamp()


def end_browser_session() -> None:
    language = session.get("language")
    logout_user()
    session.clear()
    if language:
        session["language"] = language


def refuse(entity_type: str = "page", entity_id: int | None = None, status: int = 403):
    """Answer 403 (or 404 for a record outside the user's scope) and log the refusal."""
    record(
        current_actor(), "access_refused", entity_type, entity_id,
        f"{request.method} {request.path} → {status}", keep_on_failure=True,
    )  # fmt: skip
    abort(status)


def init_app(app) -> None:
    login_manager.init_app(app)
    login_manager.anonymous_user = Anonymous
    login_manager.session_protection = None  # the server-side session row does this job
    app.before_request(enforce_declared_access)

    @app.context_processor
    def access_context():
        return {"Permission": Permission, "Role": Role}


def enforce_declared_access():
    """Every request: the view's declared permission, or no entry at all."""
    if request.endpoint is None:
        return None
    view = current_app.view_functions[request.endpoint]
    if request.endpoint == "static" or getattr(view, "is_public", False):
        return None
    if not current_user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
        abort(401)
    session[LAST_SEEN] = utcnow().timestamp()
    must_change = current_user.user.must_change_password
    if must_change and request.endpoint not in OPEN_WHILE_PASSWORD_MUST_CHANGE:
        return redirect(url_for("accounts.change_password"))
    if getattr(view, "any_signed_in_user", False):
        return None
    permission = getattr(view, "required_permission", None)
    if permission is None or not current_user.can(permission):
        refuse()
    return None
