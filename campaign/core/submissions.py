"""A form sent twice (a double click, a reload after POST) creates one record, not two.

Every creating form carries a random ``submission`` token. The view claims it before creating
anything: the token's row is unique, so of two requests with one token the second waits for the
first (PostgreSQL's unique index; SQLite's write lock) and is then sent where the first went.
"""

import datetime as dt
import secrets

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField

from campaign.core.columns import UTCDateTime
from campaign.core.dates import utcnow
from campaign.extensions import db


class FormSubmission(db.Model):
    __tablename__ = "form_submissions"

    token: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    result_url: Mapped[str | None] = mapped_column(
        sa.String(255), comment="where the first submission led: the record it created"
    )


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SubmissionMixin:
    """Mix into a creating FlaskForm: a hidden, single-use token."""

    submission = HiddenField(default=new_token)


def claim(token: str | None) -> str | None:
    """Claim ``token`` for this request. Returns None when it is new (go on and create), or the
    address the earlier submission led to when the same form was already sent."""
    if not token:
        return None
    try:
        with db.session.begin_nested():
            db.session.add(FormSubmission(token=token[:64]))
    except IntegrityError:
        earlier = db.session.get(FormSubmission, token[:64])
        return earlier.result_url if earlier and earlier.result_url else "/"
    return None


def previous(token: str | None) -> str | None:
    """Where this form led when it was already sent, without claiming it: for forms that may
    show warnings first, so that a repeat is recognised before it is warned about again."""
    if not token:
        return None
    submission = db.session.get(FormSubmission, token[:64])
    return submission.result_url if submission is not None else None


def complete(token: str | None, result_url: str) -> None:
    """Remember where the submission led, for a repeat of it."""
    if token:
        submission = db.session.get(FormSubmission, token[:64])
        if submission is not None:
            submission.result_url = result_url
