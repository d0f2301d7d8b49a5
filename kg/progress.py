"""Progress on stderr for the command line (the library never prints; it calls back).

One helper for every long command (build, load, export, and any other that counts work):

* on a terminal, a tqdm bar with count, rate and ETA, redrawn in place;
* when stderr is not a terminal (a log, CI, a pipe), plain lines, one per tenth of the
  work and at least one every :data:`PLAIN_EVERY` seconds, each with count, rate and ETA,
  so a log shows that a long run is alive without filling up with redraws;
* nothing at all when quiet.

The object is callable as ``progress(n, *anything)`` with the number of items done so far,
which is the shape of the library's callbacks (``build_graph(progress=...)``,
``load(progress=...)``); ``advance(k)`` counts k more. Use it as a context manager, or call
``close()``, to print the final line.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

PLAIN_EVERY = 30.0  # seconds: the longest silence of the plain (non-terminal) form
PLAIN_STEPS = 10  # lines over a known total in the plain form


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Count work done out of ``total`` (None: unknown) in ``unit``s, labelled ``desc``."""

    def __init__(self, total: int | None, *, desc: str, unit: str, quiet: bool = False,
                 stream: TextIO | None = None, tty: bool | None = None):
        self.total = total
        self.desc, self.unit = desc, unit
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.n = 0
        self.t0 = time.monotonic()
        self._last_line = self.t0
        self._next_step = 1
        self._printed_n: int | None = None
        self._closed = False
        self._bar = None
        is_tty = self.stream.isatty() if tty is None else tty
        if not quiet and is_tty:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=f"  {desc}", unit=f" {unit}", file=self.stream,
                             dynamic_ncols=True, leave=True, smoothing=0.1)

    # ------------------------------------------------------------ counting

    def __call__(self, n: int, *_ignored) -> None:
        """Set the count of items done to ``n`` (the library callbacks' shape)."""
        self._set(n)

    def advance(self, k: int = 1) -> None:
        self._set(self.n + k)

    def _set(self, n: int) -> None:
        if self.quiet or self._closed:
            self.n = n
            return
        if self._bar is not None:
            self._bar.update(n - self.n)
            self.n = n
            return
        self.n = n
        now = time.monotonic()
        if self.total:
            crossed = n * PLAIN_STEPS >= self._next_step * self.total
            if crossed:
                while self._next_step * self.total <= n * PLAIN_STEPS:
                    self._next_step += 1
        else:
            crossed = False
        if crossed or now - self._last_line >= PLAIN_EVERY:
            self._line(now)

    def _line(self, now: float) -> None:
        self._last_line = now
        self._printed_n = self.n
        print(self.plain_line(now), file=self.stream, flush=True)

    def plain_line(self, now: float | None = None) -> str:
        """``  read 30/300 articles (2.5/s, 1:48 left)``: the plain form of the state."""
        elapsed = max(1e-9, (now or time.monotonic()) - self.t0)
        rate = self.n / elapsed
        unit = self.unit if self.n == 1 and self.total in (None, 1) else self.unit + "s"
        count = f"{self.n:,}/{self.total:,}" if self.total is not None else f"{self.n:,}"
        if self.total is not None and self.n >= self.total:
            tail = f"{rate:,.1f}/s, {_duration(elapsed)} in all"
        elif self.total and rate > 0:
            tail = f"{rate:,.1f}/s, {_duration((self.total - self.n) / rate)} left"
        else:
            tail = f"{rate:,.1f}/s"
        return f"  {self.desc} {count} {unit} ({tail})"

    # ------------------------------------------------------------ closing

    def close(self) -> None:
        """Print the final state."""
        if self._closed:
            return
        self._closed = True
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.close()
            return
        if self.n and self._printed_n != self.n:  # unless the last line already said it
            self._line(time.monotonic())

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def progress(total: int | None, *, desc: str, unit: str, quiet: bool = False) -> Progress:
    """The progress display of a command: see the module docstring."""
    return Progress(total, desc=desc, unit=unit, quiet=quiet)
