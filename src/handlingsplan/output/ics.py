"""The wheel's deadlines as iCalendar (RFC 5545), for Outlook and other calendars.

All-day events with a reminder a week before. The UID comes from the programme, the kind of
deadline and the plan year it concerns, so a re-import updates an event instead of adding a
copy, also when hp.toml moves its date. DTSTAMP is when the file was made: the day asked about
(`hp calendar --date`, today by default) or SOURCE_DATE_EPOCH, never the event's own date; and
SEQUENCE counts the days from 2000-01-01 to it, so that a later export of a moved date replaces
the earlier one in Outlook. The same day gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from handlingsplan import norsk
from handlingsplan.wheel import FROM_CONFIG, Deadline, slug

REMINDER_DAYS = 7
DOMAIN = "handlingsplan"


def uid(programme: str, deadline: Deadline) -> str:
    return f"hp-{slug(programme)}-{deadline.kind}-{deadline.plan_year}@{DOMAIN}"


SEQUENCE_START = dt.date(2000, 1, 1)


def stamp(day: dt.date) -> dt.datetime:
    """When the file is made: SOURCE_DATE_EPOCH when set, else noon UTC on `day`."""
    from handlingsplan.render.reproducible import document_time

    return document_time(day).replace(tzinfo=dt.UTC)


def build(programme: str, deadlines: Sequence[Deadline], year: int, made: dt.datetime
          ) -> bytes:
    """One VCALENDAR with a VEVENT per deadline; `made` is the DTSTAMP (see stamp())."""
    from icalendar import Alarm, Calendar, Event

    sequence = max((made.date() - SEQUENCE_START).days, 0)
    cal = Calendar()
    cal.add("prodid", "-//hp//handlingsplan årshjul//NB")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Årshjul {year} – {programme}")
    for d in sorted(deadlines, key=lambda d: (d.date, d.kind)):
        event = Event()
        event.add("uid", uid(programme, d))
        event.add("dtstamp", made)
        event.add("sequence", sequence)
        event.add("dtstart", d.date)
        event.add("dtend", d.date + dt.timedelta(days=1))
        event.add("summary", d.title)
        note = f"{d.description}\n\n{programme}, årshjulet for {year}."
        if d.source == FROM_CONFIG:
            note += " Datoen er hentet fra hp.toml."
        event.add("description", note)
        event.add("categories", ["Omstillingsprogram"])
        event.add("transp", "TRANSPARENT")
        event.add("x-microsoft-cdo-alldayevent", "TRUE")
        event.add("x-microsoft-cdo-busystatus", "FREE")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{d.title} ({norsk.date(d.date)})")
        alarm.add("trigger", dt.timedelta(days=-REMINDER_DAYS))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
