"""The wheel's deadlines as iCalendar (RFC 5545), for Outlook and other calendars.

All-day events with a reminder a week before. The file is reproducible: the UID comes from the
programme, the kind of deadline and the plan year it concerns (so a re-import updates an event
instead of adding a copy, also when hp.toml moves its date), and DTSTAMP from the event's own
date, never from the clock.
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


def build(programme: str, deadlines: Sequence[Deadline], year: int) -> bytes:
    """One VCALENDAR with a VEVENT per deadline."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//hp//handlingsplan årshjul//NB")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Årshjul {year} – {programme}")
    for d in sorted(deadlines, key=lambda d: (d.date, d.kind)):
        event = Event()
        event.add("uid", uid(programme, d))
        event.add("dtstamp", dt.datetime.combine(d.date, dt.time(0), tzinfo=dt.UTC))
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
