"""Publication dates as inputs write them: ISO 8601, RFC 822, epoch seconds, or English prose.

The stored ``published`` is the calendar date *as written* in the source: a time zone
offset is kept for the full timestamp in ``meta`` but never shifts the day, because the
reader of "Fri, 24 Nov 2023 23:30 -0500" saw the 24th.

All-numeric dates other than ISO are read as dateparser reads English: month first when
ambiguous ("03/04/2023" is March 4th), day first when the first number cannot be a month
("24/11/2023"). Relative ("yesterday") and partial ("November 2023") values are refused
rather than anchored to today.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime

ACCEPTED_DATES = (
    "ISO 8601 like 2023-11-24 or 2023-11-24T09:30:00+01:00, RFC 822 like "
    "'Fri, 24 Nov 2023 09:30:00 +0100', English dates with day, month and year like "
    "'Nov 24, 2023' or '24 November 2023', or epoch seconds like 1700812800"
)

# A date longer than this is prose, not a date (and would cost dateparser a long search).
MAX_DATE_CHARS = 100
# Epoch seconds between 1970 and 2100, or milliseconds over the same span.
_EPOCH = re.compile(r"^\d{9,10}(?:\.\d+)?$|^\d{12,13}$")
# dateparser settings: absolute dates only (a relative "yesterday" in metadata has no anchor),
# and all three parts required so "November 2023" is not silently given today's day.
_DATEPARSER_SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


class DateParseError(ValueError):
    """A published value that none of the accepted notations can read."""


def parse_published(value: object) -> tuple[date, datetime | None]:
    """Read a publication date.

    Args:
        value: a string, a number of epoch seconds (or milliseconds), a date or a datetime.

    Returns:
        The calendar date as written, and the full timestamp when the value carried a time.

    Raises:
        DateParseError: the value is empty or matches none of :data:`ACCEPTED_DATES`.
    """
    if isinstance(value, datetime):
        return value.date(), value
    if isinstance(value, date):
        return value, None
    if isinstance(value, bool) or value is None:
        raise DateParseError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    text = str(value).strip()
    if not text:
        raise DateParseError("empty date")
    if len(text) > MAX_DATE_CHARS:
        raise DateParseError(f"not a date: {text[:40]!r}… is {len(text)} characters long")
    if _EPOCH.match(text):
        return _from_epoch(float(text))
    for reader in (_iso, _rfc822, _prose):
        found = reader(text)
        if found is not None:
            return found
    raise DateParseError(f"unreadable date {text!r}")


def _from_epoch(seconds: float) -> tuple[date, datetime]:
    if seconds > 1e11:  # milliseconds, as JavaScript writes them
        seconds /= 1000.0
    try:
        moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError) as e:
        raise DateParseError(f"epoch value {seconds!r} is out of range") from e
    return moment.date(), moment


def _iso(text: str) -> tuple[date, datetime | None] | None:
    if len(text) == 10:
        try:
            return date.fromisoformat(text), None
        except ValueError:
            return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.date(), moment if ":" in text else None


def _rfc822(text: str) -> tuple[date, datetime | None] | None:
    if not re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.date(), moment


def _prose(text: str) -> tuple[date, datetime | None] | None:
    # Imported here: dateparser costs a fraction of a second to load and most inputs are ISO.
    import dateparser

    if not re.search(r"\d", text):  # "Thursday" alone has no year; dateparser would guess one
        return None
    try:
        moment = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    except (ValueError, OverflowError):
        return None
    if moment is None:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", text))
    return moment.date(), moment if has_time else None
