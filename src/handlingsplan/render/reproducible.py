"""Byte-identical output: fixed zip entry dates and a document date that is never "now"."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

from handlingsplan.errors import HpError

ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest date a zip entry can hold
PACKED = (".png", ".jpg", ".jpeg", ".gif")


class BadEpoch(HpError):
    """SOURCE_DATE_EPOCH is not a number of seconds."""


LAST_YEAR = 2100  # as every date hp reads


def document_time(plan_date: dt.date) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (https://reproducible-builds.org/specs/source-date-epoch/),
    else noon UTC on a date taken from the plan. Naive, in UTC."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is not None and raw.strip():
        try:
            seconds = int(raw.strip())
            if seconds < 0:
                raise ValueError
            when = dt.datetime.fromtimestamp(seconds, dt.UTC).replace(tzinfo=None)
            if when.year > LAST_YEAR:  # a zip entry cannot be dated after 2107
                raise ValueError
            return when
        except (ValueError, OverflowError, OSError):
            raise BadEpoch(f"SOURCE_DATE_EPOCH må være et helt antall sekunder siden "
                           f"1. januar 1970 (og før år {LAST_YEAR + 1}), ikke «{raw[:40]}».",
                           ) from None
    return dt.datetime(plan_date.year, plan_date.month, plan_date.day, 12, 0, 0)


def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every entry dated `when`, in the same order, with fixed attributes.
    Pictures that are compressed already (PNG, JPEG) are stored as they are: deflating them
    again takes time and gains nothing."""
    stamp = max(when, ZIP_EPOCH).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            packed = info.filename.lower().endswith(PACKED)
            entry.compress_type = zipfile.ZIP_STORED if packed else zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            dst.writestr(entry, src.read(info.filename), compresslevel=None if packed else 6)
    return out.getvalue()
