"""How dates, times and numbers read on screen and on paper: the Vietnamese way."""

import datetime as dt
from collections.abc import Callable

from flask_babel import format_date, format_datetime, format_decimal, get_timezone

DATE_FORMAT = "dd/MM/yyyy"
DATETIME_FORMAT = "HH:mm dd/MM/yyyy"
TIME_FORMAT = "HH:mm"


def date_text(value: dt.date | dt.datetime | None) -> str:
    """dd/mm/yyyy; a moment is first put in the display time zone (Asia/Ho_Chi_Minh)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_datetime(value, DATE_FORMAT)
    return format_date(value, DATE_FORMAT)


def datetime_text(value: dt.datetime | None) -> str:
    return "" if value is None else format_datetime(value, DATETIME_FORMAT)


def moment_texts() -> Callable[[dt.datetime], str]:
    """:func:`datetime_text` for many aware moments (an export of 500,000 rows): the zone is
    read once, Babel is not asked for each row, and the zone's offset is worked out once per
    hour of UTC moments in a row (rows come in time order), unless the offset changes within
    that hour (the zone's history has such hours: those moments are converted one by one). It
    remembers only the last hour: memory stays flat however many rows."""
    zone, last = get_timezone(), [None, None]
    almost_an_hour = dt.timedelta(minutes=59, seconds=59, microseconds=999_999)

    def text(moment: dt.datetime) -> str:
        if moment.tzinfo is not dt.UTC:
            return _clock_and_day(moment.astimezone(zone))
        hour = (moment.year, moment.month, moment.day, moment.hour)
        if hour != last[0]:
            start = moment.replace(minute=0, second=0, microsecond=0)
            first = start.astimezone(zone).utcoffset()
            steady = first == (start + almost_an_hour).astimezone(zone).utcoffset()
            last[:] = hour, first if steady else None
        offset = last[1]
        return _clock_and_day(moment + offset if offset is not None else moment.astimezone(zone))

    return text


def day_text(day: dt.date) -> str:
    """:func:`date_text` of a date, without Babel: dd/mm/yyyy."""
    return "%02d/%02d/%04d" % (day.day, day.month, day.year)  # noqa: UP031 (twice as quick)


def _clock_and_day(local: dt.datetime) -> str:
    """A local moment as :data:`DATETIME_FORMAT` writes it: hh:mm dd/mm/yyyy."""
    return "%02d:%02d %02d/%02d/%04d" % (  # noqa: UP031 (twice as quick as an f-string)
        local.hour, local.minute, local.day, local.month,
        local.year)  # fmt: skip


def time_text(value: dt.datetime | None) -> str:
    return "" if value is None else format_datetime(value, TIME_FORMAT)


def number_text(value: int | float | None) -> str:
    """Grouped as the language writes numbers: 1.005.000 in Vietnamese, 1,005,000 in English."""
    return "" if value is None else format_decimal(value)


def init_app(app) -> None:
    app.add_template_filter(date_text, "date")
    app.add_template_filter(datetime_text, "datetime")
    app.add_template_filter(time_text, "time")
    app.add_template_filter(number_text, "number")
