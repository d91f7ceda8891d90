"""Korean time: the office's calendar, whatever zone the machine is set to (a leaf module)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

KST = timezone(timedelta(hours=9), "KST")


def korea_now() -> datetime:
    """The current time in Korea (timezone-aware); filing dates, deadlines and fines follow it."""
    return datetime.now(KST)
