"""Now in UTC, the time zone every date is read in (Vietnam's), and birth years."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from flask_babel import gettext

from campaign.core.text import excerpt, normalize_text

LOCAL_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def local_today() -> dt.date:
    return dt.datetime.now(LOCAL_TIME_ZONE).date()


def local_midnight(day: dt.date) -> dt.datetime:
    """The moment a local day begins: date filters include whole days, as people mean them."""
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TIME_ZONE)


OLDEST_AGE = 120
"""A birth year at most this many years back: no one alive is older (the record is 122)."""
BIRTH_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
BIRTH_YEAR = re.compile(r"\d{4}")


def birth_years() -> tuple[int, int]:
    """The first and last birth year a living woman or girl can have: from :data:`OLDEST_AGE`
    years ago to this year (a newborn girl may be in need too)."""
    this_year = local_today().year
    return this_year - OLDEST_AGE, this_year


def parse_birth_year(text: str | None) -> int | None:
    """The birth year typed in a form or read from a file: "1975", or a whole birth date
    ("14/11/1975", whose year is kept, if that day exists); None when empty.

    The one rule of the registration form and of the import. Raises ``ValueError`` with the
    message for the user when it is no birth year."""
    text = normalize_text(text) or ""
    if not text:
        return None
    if date := BIRTH_DATE.fullmatch(text):
        day, month, year = (int(part) for part in date.groups())
        try:
            born = dt.date(year, month, day)
        except ValueError:
            raise ValueError(gettext("%(date)s is not a date that exists.", date=text)) from None
        if born > local_today():
            raise ValueError(gettext("A birth date cannot be in the future."))
    elif BIRTH_YEAR.fullmatch(text):
        year = int(text)
    else:
        raise ValueError(gettext("“%(year)s” is not a birth year.", year=excerpt(text)))
    first, last = birth_years()
    if not first <= year <= last:
        raise ValueError(
            gettext("A birth year is between %(first)d and %(last)d.", first=first, last=last)
        )
    return year
