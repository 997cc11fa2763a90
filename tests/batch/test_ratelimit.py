"""The shared rate gate, on a fake clock whose sleeps only move time forward."""

from __future__ import annotations

import asyncio

from outreach.batch.ratelimit import RateLimiter


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def limiter(time: FakeTime, **limits: int) -> RateLimiter:
    return RateLimiter(clock=time.clock, sleep=time.sleep, **limits)


def test_no_limits_never_waits() -> None:
    time = FakeTime()
    gate = limiter(time)

    async def go() -> None:
        for _ in range(100):
            await gate.acquire(10_000)

    asyncio.run(go())
    assert time.sleeps == []


def test_rpm_allows_a_ten_second_burst_then_paces() -> None:
    time = FakeTime()
    gate = limiter(time, rpm=60)  # one a second; a burst of ten

    async def go() -> None:
        for _ in range(13):
            await gate.acquire(1)

    asyncio.run(go())
    assert time.now - 1000.0 == 3.0  # 10 at once, then three at one-second spacing
    assert len(time.sleeps) == 3


def test_tpm_paces_by_tokens_and_a_huge_request_is_not_starved() -> None:
    time = FakeTime()
    gate = limiter(time, tpm=6000)  # 100 tokens/s, bucket of 1000

    async def go() -> None:
        await gate.acquire(1000)  # the whole bucket
        await gate.acquire(500)  # waits 5 s
        await gate.acquire(50_000)  # bigger than the bucket: waits for a full one, then debt

    asyncio.run(go())
    assert time.sleeps[0] == 5.0
    assert sum(time.sleeps) == 15.0


def test_pause_holds_every_request_and_never_shortens() -> None:
    time = FakeTime()
    gate = limiter(time)

    async def go() -> None:
        gate.pause(7.0)
        gate.pause(2.0)  # a shorter Retry-After does not cut the pause
        assert gate.paused_for == 7.0
        await asyncio.gather(*(gate.acquire(1) for _ in range(3)))

    asyncio.run(go())
    assert time.now == 1007.0
    assert gate.pauses == 2
    assert gate.paused_for == 0.0
