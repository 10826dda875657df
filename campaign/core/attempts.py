"""The one way a view runs a service (the Flask-aware part of core).

Claim the form's single-use token (``core.submissions``) when it has one, call the service, and
on a refusal (:class:`DomainError`) roll back and show the form again with the message and the
refusal's status; on success remember where the submission led, for a repeat of it.
"""

from collections.abc import Callable
from typing import TypeVar

from flask import redirect
from flask.typing import ResponseReturnValue

from campaign.core import submissions
from campaign.core.errors import DomainError
from campaign.extensions import db

T = TypeVar("T")


def attempt(
    action: Callable[[], T],
    *,
    refused: Callable[[DomainError], ResponseReturnValue],
    done: Callable[[T], ResponseReturnValue],
    token: str | None = None,
) -> ResponseReturnValue:
    """``action`` calls the service; ``refused(error)`` shows the page again (with
    ``error.status``); ``done(result)`` flashes and redirects. ``token``: the creating form's
    ``submission``, so that a form sent twice creates once and leads where the first one did
    (``done`` then answers with a redirect)."""
    if earlier := submissions.claim(token):
        return redirect(earlier)
    try:
        result = action()
    except DomainError as error:
        db.session.rollback()
        return refused(error)
    response = done(result)
    if token:
        submissions.complete(token, response.location)
    return response
