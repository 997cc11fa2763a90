"""Progress on stderr: a live bar on a terminal, plain lines in a log or a pipe."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 24
LIVE_REDRAW_SECONDS = 0.1
PLAIN_EVERY_SECONDS = 10.0


def duration(seconds: float) -> str:
    """1h02m, 4m05s, 12.3s: short and unambiguous."""
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class Progress:
    """Counts rows as they finish and shows done/failed/remaining, rate and ETA."""

    def __init__(
        self,
        stream: TextIO,
        total: int,
        *,
        live: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
        every: float = PLAIN_EVERY_SECONDS,
    ) -> None:
        self.stream = stream
        self.total = total  # rows this run will try (after resume and shard filters)
        self.live = stream.isatty() if live is None else live
        self.clock = clock
        self.every = every
        self.start = clock()
        self.ok = 0
        self.failed = 0
        self._last = -1e9
        self._drawn = False
        self._shown: tuple[int, int] | None = None  # (ok, failed) when last shown

    def row_done(self, ok: bool) -> None:
        if ok:
            self.ok += 1
        else:
            self.failed += 1
        now = self.clock()
        if now - self._last >= (LIVE_REDRAW_SECONDS if self.live else self.every):
            self._last = now
            self._show(now)

    def close(self) -> None:
        """Show the final state; end the live line so the summary starts clean."""
        if (self.total or self.ok or self.failed) and self._shown != (self.ok, self.failed):
            self._show(self.clock())
        if self.live and self._drawn:
            self.stream.write("\n")
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        now = self.clock() if now is None else now
        done = self.ok + self.failed
        remaining = max(0, self.total - done)
        elapsed = max(now - self.start, 1e-9)
        rate = done / elapsed
        eta = duration(remaining / rate) if rate > 0 and remaining else "-"
        if not remaining:
            eta = "0s"
        text = (
            f"{done}/{self.total} done ({self.ok} ok, {self.failed} failed), "
            f"{remaining} remaining, {rate:.1f} rows/s, ETA {eta}"
        )
        if self.live:
            filled = int(BAR_WIDTH * done / self.total) if self.total else BAR_WIDTH
            text = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {text}"
        return text

    def _show(self, now: float) -> None:
        self._shown = (self.ok, self.failed)
        if self.live:
            # \r returns to the start, \x1b[K clears what a longer line left behind.
            self.stream.write(f"\r{self.line(now)}\x1b[K")
            self._drawn = True
        else:
            self.stream.write(f"batch: {self.line(now)}\n")
        self.stream.flush()
