import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError

from campaign.extensions import db
from tests import factories

pytestmark = pytest.mark.usefixtures("app_context")
START = dt.datetime(2022, 11, 14, 1, 0, tzinfo=dt.UTC)


def test_an_event_ending_before_it_starts_is_refused():
    with pytest.raises(IntegrityError):
        factories.event(starts_at=START, ends_at=START - dt.timedelta(minutes=1))


def test_an_event_may_end_when_it_starts():
    event = factories.event(starts_at=START, ends_at=START)
    db.session.expire_all()
    assert event.starts_at == START == event.ends_at


def test_negative_attendance_is_refused():
    with pytest.raises(IntegrityError):
        factories.event(actual_attendance=-3)


def test_times_come_back_in_utc_whatever_zone_they_were_given_in():
    local = dt.timezone(dt.timedelta(hours=7))
    event = factories.event(starts_at=dt.datetime(2022, 11, 14, 8, 0, tzinfo=local))
    db.session.expire_all()
    assert event.starts_at == dt.datetime(2022, 11, 14, 1, 0, tzinfo=dt.UTC)
    assert event.starts_at.tzinfo is dt.UTC


def test_a_naive_time_is_refused_rather_than_guessed():
    with pytest.raises(Exception, match="time-zone-aware"):
        factories.event(starts_at=dt.datetime(2022, 11, 14, 8, 0))
