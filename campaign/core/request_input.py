"""What no request may carry: a NUL character, in any parameter, field, file name or path.

PostgreSQL cannot store one (it answers an error, so the request would fail with a 500) and no
form or search means one: it comes from a broken copy or an attack. It is refused here, once for
every route, before any view reads it."""

from flask import request
from flask_babel import gettext

from campaign.core.errors import DomainError

NUL = "\x00"


def _texts():
    yield request.path
    for key, value in request.args.items(multi=True):
        yield key
        yield value
    for key, value in request.form.items(multi=True):
        yield key
        yield value
    for key, upload in request.files.items(multi=True):
        yield key
        yield upload.filename or ""


def refuse_nul_characters() -> None:
    if any(NUL in text for text in _texts()):
        raise DomainError(
            "nul_character",
            gettext(
                "What was sent contains an invisible NUL character (often from a damaged copy and"
                " paste), so nothing was saved. Type the text again and send it."
            ),
            400,
        )


def init_app(app) -> None:
    app.before_request(refuse_nul_characters)
