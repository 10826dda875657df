"""Error pages in the site's layout, in the user's language."""

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from campaign.core.engine import is_busy, reads_only_from_now_on
from campaign.core.errors import DomainError
from campaign.core.forms import upload_limit_message
from campaign.extensions import db

TITLES = {
    400: _l("The request could not be understood"),
    401: _l("Please sign in"),
    403: _l("You are not allowed to do this"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    409: _l("This conflicts with what is already recorded"),
    413: _l("The file or form is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is unavailable"),
}
EXPLANATIONS = {
    400: _l("Check what you entered and try again."),
    401: _l("Your session has ended. Sign in again, then repeat what you were doing."),
    403: _l("Ask an administrator if you need access."),
    404: _l("The address may be mistyped, or the page no longer exists."),
    405: _l("Use the buttons and links on the pages instead of typing the address."),
    409: _l("Reload the page to see the current state, then try again."),
    429: _l("Wait a few minutes, then try again."),
    500: _l(
        "Nothing you entered was saved. Try again; if it happens again, tell the administrator."
    ),
    503: _l("Try again in a few minutes."),
}


BUSY = _l(
    "The database is busy with other work, so nothing was saved. Wait a few seconds and try "
    "again."
)
RETRY_AFTER_SECONDS = 5

UNTRUSTED_HOST = _l(
    "This site does not answer for the address in the request (its Host). Use the address the"
    " administrator gave you."
)

CSRF_EXPIRED = _l(
    "The form had expired or did not come from this site, so nothing was saved. Go back, "
    "reload the page and send it again."
)


def render_error(status: int, message: str | None = None):
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=TITLES.get(status, TITLES[500]),
            explanation=message or EXPLANATIONS.get(status, EXPLANATIONS[500]),
        ),
        status,
    )


def init_app(app) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code, upload_limit_message() if error.code == 413 else None)

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        """A Host outside TRUSTED_HOSTS: no page is built for it, not even the error page's
        links (there is no URL adapter to build them), only this line."""
        return str(UNTRUSTED_HOST), 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(400, str(CSRF_EXPIRED))

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        return render_error(error.status, error.message)

    @app.errorhandler(sa.exc.OperationalError)
    def database_busy(error: sa.exc.OperationalError):
        """A lock held too long or a statement cut at its timeout: nothing was written (the
        transaction rolls back), and the same request succeeds once the database is free."""
        if not is_busy(error):
            raise error
        db.session.rollback()
        reads_only_from_now_on()  # the page only reads: on SQLite it must not queue for the lock
        current_app.logger.warning("database busy, answered 503: %s", error.orig)
        body, status = render_error(503, str(BUSY))
        return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        db.session.rollback()
        return render_error(500)
