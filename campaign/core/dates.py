"""Now in UTC, and the time zone every date is read in: Vietnam's."""

import datetime as dt
from zoneinfo import ZoneInfo

LOCAL_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def local_today() -> dt.date:
    return dt.datetime.now(LOCAL_TIME_ZONE).date()


def local_midnight(day: dt.date) -> dt.datetime:
    """The moment a local day begins: date filters include whole days, as people mean them."""
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TIME_ZONE)
