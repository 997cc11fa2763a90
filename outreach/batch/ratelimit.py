"""The shared rate gate: requests and tokens per minute, and a global pause after a 429.

`RateLimiter` implements the `RateGate` protocol of `outreach.client`: the client
awaits `acquire(tokens)` before every HTTP attempt and calls `pause(seconds)` when
a server answers 429 (with its Retry-After). One limiter is shared by every row
of a batch, so a 429 on one row holds back all of them instead of letting the
others hammer a server that has just said "slow down".

Each limit is a token bucket refilled continuously at rate/60 per second that
holds at most ten seconds' worth, so a run starts smoothly instead of firing a
minute's budget in the first second. A request larger than the bucket waits
for a full bucket and then goes into debt, so it is never starved.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

BURST_SECONDS = 10.0


class _Bucket:
    def __init__(self, per_minute: int, now: float) -> None:
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, self.rate * BURST_SECONDS)
        self.level = self.capacity
        self.stamp = now

    def wait(self, cost: float, now: float) -> float:
        """Seconds until `cost` may be taken (0: now)."""
        self.level = min(self.capacity, self.level + (now - self.stamp) * self.rate)
        self.stamp = now
        need = min(cost, self.capacity)
        return 0.0 if self.level >= need else (need - self.level) / self.rate

    def take(self, cost: float) -> None:
        self.level -= cost


class RateLimiter:
    """A requests-per-minute and tokens-per-minute gate with a global pause."""

    def __init__(
        self,
        *,
        rpm: int = 0,
        tpm: int = 0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        now = clock()
        self._requests = _Bucket(rpm, now) if rpm > 0 else None
        self._tokens = _Bucket(tpm, now) if tpm > 0 else None
        self._paused_until = 0.0
        self._lock = asyncio.Lock()
        self.pauses = 0  # how many 429s paused the whole batch

    async def acquire(self, tokens: int) -> None:
        """Wait until a request of about `tokens` tokens may go out."""
        # One waiter at a time keeps the order fair and makes a pause hold everyone.
        async with self._lock:
            while True:
                now = self._clock()
                wait = max(
                    self._paused_until - now,
                    self._requests.wait(1, now) if self._requests else 0.0,
                    self._tokens.wait(tokens, now) if self._tokens else 0.0,
                )
                if wait <= 0:
                    if self._requests:
                        self._requests.take(1)
                    if self._tokens:
                        self._tokens.take(tokens)
                    return
                await self._sleep(wait)

    def pause(self, seconds: float) -> None:
        """Hold every request for `seconds` (a 429's Retry-After); pauses never shorten."""
        self.pauses += 1
        self._paused_until = max(self._paused_until, self._clock() + max(0.0, seconds))

    @property
    def paused_for(self) -> float:
        """Seconds left in the current pause (0 when not paused)."""
        return max(0.0, self._paused_until - self._clock())
