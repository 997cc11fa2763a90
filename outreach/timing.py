"""Step 3: the maturation window, the dates between which to make the ask."""

from __future__ import annotations

import datetime as dt

from outreach.config import TimingSettings
from outreach.models import Window

CONTEXTS = ("sales", "relationship")


def maturation_window(
    given_on: dt.date, *, context: str = "sales", settings: TimingSettings | None = None
) -> Window:
    """The window in which to ask, counted from the day the gift went out."""
    settings = settings or TimingSettings()
    if context == "relationship":
        low, high = settings.relationship_min_days, settings.relationship_max_days
    else:
        low, high = settings.sales_min_days, settings.sales_max_days
    return Window(given_on + dt.timedelta(days=low), given_on + dt.timedelta(days=high))
