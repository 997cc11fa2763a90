"""The domain: who we write to, who writes, what is given, what is drafted."""

from __future__ import annotations

from outreach.records import asdict, record

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)
if TYPE_CHECKING:
    import datetime as dt
    from typing import Any


def looks_like_email(text: str) -> bool:
    """Whether `text` can stand in a To: or From: header: local@domain.tld, no spaces."""
    local, at, domain = text.rpartition("@")
    return bool(at and local and "." in domain and not any(c.isspace() for c in text))


@record(frozen=True)
class Prospect:
    """The person we write to, and only what we really know about them."""

    name: str
    company: str = ""
    role: str = ""
    email: str = ""
    industry: str = ""
    sector: str = ""
    country: str = ""
    locale: str = ""
    facts: tuple[str, ...] = ()
    notes: str = ""

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name

    @property
    def key(self) -> str:
        """Identify the person across runs: the email, else name and company."""
        if self.email:
            return self.email.strip().lower()
        return f"{self.name.strip().lower()}|{self.company.strip().lower()}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["facts"] = list(self.facts)
        return data


@record(frozen=True)
class Sender:
    """Who writes, and what they can honestly give."""

    name: str = ""
    company: str = ""
    role: str = ""
    offer: str = ""
    assets: tuple[str, ...] = ()
    signature: str = ""
    email: str = ""
    postal_address: str = ""
    opt_out: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["assets"] = list(self.assets)
        return data


VALUE_TIERS = ("token", "modest", "substantial")
EFFORT_LEVELS = ("minutes", "hours", "days")


@record(frozen=True)
class Gift:
    """One thing to give first: what exactly, why this person, at what cost."""

    what: str
    why: str = ""
    effort: str = ""
    value_tier: str = ""
    grounded_in: tuple[str, ...] = ()
    needs_human: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "why": self.why,
            "effort": self.effort,
            "value_tier": self.value_tier,
            "grounded_in": list(self.grounded_in),
            "needs_human": list(self.needs_human),
        }


@record(frozen=True)
class Usage:
    """Tokens spent, summed over every request a command made."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.requests + other.requests,
        )

    def __sub__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens - other.prompt_tokens,
            self.completion_tokens - other.completion_tokens,
            self.requests - other.requests,
        )

    def to_dict(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
            "requests": self.requests,
        }


@record(frozen=True)
class Window:
    """The dates between which to make the follow-up ask (step 3)."""

    earliest: dt.date
    latest: dt.date

    def to_dict(self) -> dict[str, str]:
        return {"earliest": self.earliest.isoformat(), "latest": self.latest.isoformat()}
