"""Verifiable randomness for the drawing of lots.

Every random choice of the draw is an integer in ``[0, n)`` derived from the
announced seed and a label that names the draw step, by this procedure (it is
the whole contract: nothing else is random, Python's ``random`` module is not
used):

1. ``key = seed.lower().encode("ascii")`` (the seed is a non-empty string of
   hexadecimal digits, announced before the draw; case does not matter);
2. for ``attempt = 0, 1, 2, ...``:
   ``value = int.from_bytes(HMAC-SHA256(key, f"{label}|{attempt}".encode("utf-8")), "big")``
   (a 256-bit unsigned integer, big-endian);
3. the first ``value`` with ``value < 2**256 - (2**256 % n)`` is accepted and the
   result is ``value % n`` (rejection sampling: every index is exactly equally
   likely); for ``n == 1`` the result is 0 (the first attempt is always accepted).

The label is built by the engine as ``f"{step}|{action}|{context}"`` where
``step`` is the position the draw's entry will have in the log; see
``docs/drawing-of-lots.md``.
"""

from __future__ import annotations

import hashlib
import hmac
import re

__all__ = ["SeedError", "SeededDraw", "parse_seed"]

_HEX = re.compile(r"[0-9a-fA-F]+")
_TWO_256 = 1 << 256


class SeedError(ValueError):
    """The seed is not a non-empty hexadecimal string."""


def parse_seed(seed: object) -> bytes:
    """Return the HMAC key of ``seed``, or raise SeedError."""
    if not isinstance(seed, str) or not _HEX.fullmatch(seed):
        raise SeedError(f"The seed must be hexadecimal: digits 0-9 and letters a-f only (got {seed!r}).")
    return seed.lower().encode("ascii")


class SeededDraw:
    """Deterministic integers drawn from a hexadecimal seed (HMAC-SHA256)."""

    __slots__ = ("_key",)

    def __init__(self, seed: str) -> None:
        self._key = parse_seed(seed)

    def value(self, label: str, attempt: int = 0) -> int:
        """The 256-bit integer HMAC-SHA256(key, f"{label}|{attempt}")."""
        message = f"{label}|{attempt}".encode()
        return int.from_bytes(hmac.new(self._key, message, hashlib.sha256).digest(), "big")

    def below(self, n: int, label: str) -> int:
        """A uniform integer in ``[0, n)`` for ``label`` (rejection sampling)."""
        if n <= 0:
            raise ValueError("cannot draw from an empty list")
        if n == 1:
            return 0
        limit = _TWO_256 - (_TWO_256 % n)
        attempt = 0
        while True:
            v = self.value(label, attempt)
            if v < limit:
                return v % n
            attempt += 1
