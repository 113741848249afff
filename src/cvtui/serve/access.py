"""Who may use a served cvtui: the token, the cookie that carries it, and the brakes on guessing.

A server reachable from other machines needs a token. Visitors present it once in the link
(``/?token=…``); the server answers with a cookie holding a value derived from it (never the
token itself) and every later request carries that. Wrong tokens are counted per address:
after :attr:`Gate.limit` failures in :attr:`Gate.window` seconds that address is refused
outright until the oldest failure is old enough. Tokens are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import socket
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from urllib.parse import urlsplit

__all__ = [
    "MIN_TOKEN_LENGTH",
    "Gate",
    "Verdict",
    "cookie_value",
    "is_loopback_host",
    "new_token",
    "token_problem",
    "url_host",
]

MIN_TOKEN_LENGTH = 16
COOKIE_NAME = "cvtui_access"
_COOKIE_PURPOSE = b"cvtui serve cookie v1"
_MAX_TRACKED = 10_000
"""At most this many addresses are remembered with failures (old ones are dropped first)."""


def new_token() -> str:
    """A fresh token: 32 URL-safe characters (192 random bits)."""
    return secrets.token_urlsafe(24)


def token_problem(token: str) -> str | None:
    """Why ``token`` cannot be used, or None."""
    if len(token) < MIN_TOKEN_LENGTH:
        return f"a token needs at least {MIN_TOKEN_LENGTH} characters"
    if not token.isprintable() or any(c.isspace() for c in token):
        return "a token cannot hold spaces or control characters"
    return None


def cookie_value(token: str) -> str:
    """What the access cookie holds: derived from the token, useless for the link."""
    return hmac.new(token.encode("utf-8"), _COOKIE_PURPOSE, hashlib.sha256).hexdigest()


def is_loopback_host(host: str) -> bool:
    """Whether binding to ``host`` (an address or a name) is reachable only from this machine.

    An empty host, a wildcard (``0.0.0.0``, ``::``) or a name that resolves to any other
    address is not.
    """
    host = host.strip().strip("[]")
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    if host.lower() == "localhost":
        return True
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    addresses = {info[4][0] for info in infos}
    return bool(addresses) and all(
        ipaddress.ip_address(str(a).split("%", 1)[0]).is_loopback for a in addresses
    )


def url_host(url: str) -> str:
    """The host name of ``url`` (lower case, no brackets), or ``""``."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class Verdict(Enum):
    """What :meth:`Gate.check` decided about a request."""

    OPEN = "open"
    """No token is in force, or the request carries the right one."""
    MISSING = "missing"
    """A token is needed and none came."""
    WRONG = "wrong"
    """A token came and it is wrong (counted as a failure)."""
    BLOCKED = "blocked"
    """Too many wrong tokens from this address lately: refused without looking."""


@dataclass
class Gate:
    """Checks tokens and counts failures per address."""

    token: str | None
    limit: int = 5
    window: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._cookie = cookie_value(self.token) if self.token else None

    @property
    def cookie(self) -> str | None:
        """The access cookie's value, or None when no token is in force."""
        return self._cookie

    def check(self, address: str, *, token: str | None, cookie: str | None) -> Verdict:
        """Judge a request from ``address`` carrying ``token`` (the link) or ``cookie``."""
        if self.token is None:
            return Verdict.OPEN
        if self.failures(address) >= self.limit:
            return Verdict.BLOCKED
        if token is not None:
            if hmac.compare_digest(token.encode("utf-8"), self.token.encode("utf-8")):
                return Verdict.OPEN
            self._fail(address)
            return Verdict.WRONG
        if cookie is not None:
            assert self._cookie is not None
            if hmac.compare_digest(cookie.encode("utf-8"), self._cookie.encode("utf-8")):
                return Verdict.OPEN
            self._fail(address)
            return Verdict.WRONG
        return Verdict.MISSING

    def failures(self, address: str) -> int:
        """Wrong tokens from ``address`` within the window."""
        times = self._failures.get(address)
        if not times:
            return 0
        horizon = self.clock() - self.window
        while times and times[0] <= horizon:
            times.popleft()
        if not times:
            del self._failures[address]
            return 0
        return len(times)

    def retry_after(self, address: str) -> int:
        """Seconds until ``address`` may try again (0 when it may now)."""
        times = self._failures.get(address)
        if not times or self.failures(address) < self.limit:
            return 0
        return max(1, int(times[0] + self.window - self.clock() + 0.999))

    def _fail(self, address: str) -> None:
        times = self._failures.pop(address, None) or deque(maxlen=self.limit)
        times.append(self.clock())
        self._failures[address] = times  # most recent last: the oldest are dropped first
        while len(self._failures) > _MAX_TRACKED:
            del self._failures[next(iter(self._failures))]
