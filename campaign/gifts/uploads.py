"""A district's list between its upload and its import or drop: personal data kept no longer
than a day. Expired lists are purged by ``flask purge-uploads`` (scheduled, README) and, so that
a missing schedule cannot keep them, whenever a list is stored, imported or dropped."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from campaign.accounts.models import User
from campaign.core.dates import utcnow
from campaign.extensions import db
from campaign.gifts.models import GiftProgramme, SpreadsheetUpload

UPLOAD_LIFETIME = dt.timedelta(hours=24)


@dataclass(frozen=True)
class PurgedUpload:
    id: int
    filename: str
    programme_id: int
    uploaded_at: dt.datetime


def purge_expired() -> list[PurgedUpload]:
    """Delete every list uploaded more than :data:`UPLOAD_LIFETIME` ago; say which went."""
    deleted = db.session.execute(
        sa.delete(SpreadsheetUpload)
        .where(SpreadsheetUpload.uploaded_at < utcnow() - UPLOAD_LIFETIME)
        .returning(
            SpreadsheetUpload.id,
            SpreadsheetUpload.filename,
            SpreadsheetUpload.programme_id,
            SpreadsheetUpload.uploaded_at,
        )
        .execution_options(synchronize_session=False)
    )
    return sorted((PurgedUpload(*row) for row in deleted), key=lambda purged: purged.id)


def store(programme: GiftProgramme, user: User, filename: str, content: bytes):
    """Keep a list for its preview (after purging the expired ones)."""
    purge_expired()
    upload = SpreadsheetUpload(
        programme_id=programme.id, uploaded_by_id=user.id, filename=filename[-255:],
        content=content,
    )  # fmt: skip
    db.session.add(upload)
    db.session.flush()
    return upload


def waiting(programme: GiftProgramme, user: User, upload_id: int) -> SpreadsheetUpload | None:
    """The user's own list for this programme, not expired; anybody else's is none of their
    business."""
    upload = db.session.get(SpreadsheetUpload, upload_id)
    if upload is None or upload.programme_id != programme.id or upload.uploaded_by_id != user.id:
        return None
    return upload if upload.uploaded_at >= utcnow() - UPLOAD_LIFETIME else None


def claim(upload: SpreadsheetUpload) -> bool:
    """Take the list off the waiting list for this transaction, to import or drop it (and purge
    the expired ones); False when another request took it first. Of two at once, PostgreSQL's
    row lock makes the second wait for the first and then delete nothing; SQLite's write lock
    lets it in only after, when the row is gone. A refusal later rolls the deletion back, and
    the list waits again."""
    deleted = db.session.execute(
        sa.delete(SpreadsheetUpload)
        .where(SpreadsheetUpload.id == upload.id)
        .execution_options(synchronize_session=False)
    )
    if deleted.rowcount != 1:
        return False
    purge_expired()
    return True
