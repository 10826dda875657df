"""The export's fast moment texts say exactly what the pages' ``datetime`` filter says."""

import datetime as dt

import pytest
import sqlalchemy as sa

from campaign.audit.models import AuditEntry
from campaign.core.formatting import datetime_text, moment_texts
from campaign.extensions import db

MOMENTS = [
    dt.datetime(2022, 11, 14, 16, 59, 59, 999999, tzinfo=dt.UTC),  # 23:59 local
    dt.datetime(2022, 11, 14, 17, 0, tzinfo=dt.UTC),  # midnight local: the next day
    dt.datetime(2026, 12, 31, 23, 30, 5, tzinfo=dt.UTC),  # the next year, locally
    dt.datetime(1970, 1, 1, 0, 0, tzinfo=dt.UTC),  # before 1975: another offset
    dt.datetime(1900, 3, 1, 8, 7, tzinfo=dt.UTC),
]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_moment_texts_of_the_database_match_datetime_text(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        db.session.execute(sa.insert(AuditEntry), [
            {"occurred_at": moment, "action": "view", "entity_type": "page", "summary": "x"}
            for moment in MOMENTS
        ])  # fmt: skip
        read = db.session.scalars(sa.select(AuditEntry.occurred_at).order_by(AuditEntry.id)).all()
        text = moment_texts()
        assert [text(moment) for moment in read] == [datetime_text(m) for m in MOMENTS]
        assert text(read[0]) == "23:59 14/11/2022"
        db.session.rollback()
