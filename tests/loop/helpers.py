"""Building blocks for the loop tests: a settable clock and prospects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from outreach.models import Prospect

T0 = dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC)  # an arbitrary fixed moment

PRIYA = Prospect(
    name="Priya Raman",
    company="Northwind Logistics",
    email="Priya.Raman@northwind.example",
    facts=("Wrote that missed dock appointments cost her team most of their overtime",),
)
NO_EMAIL = Prospect(name="Sam Okafor", company="Brightline")


@dataclass
class FakeClock:
    """A clock the test moves by hand."""

    now: dt.datetime = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now
