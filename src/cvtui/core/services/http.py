"""Fetching from the researcher-data services, as a good citizen of their networks.

Every request names cvtui in its ``User-Agent`` (with the contact e-mail from the config when
one is set, as OpenAlex asks), waits its turn under the service's documented rate limit,
gives up on a silent server after a timeout, and retries a 429 or a 5xx answer with
exponential backoff, waiting what ``Retry-After`` asks. A response is read as a stream and
refused as soon as it passes the size limit, compressed or not. Every failure becomes a
:class:`FetchError` whose message is one plain line a person can act on.
"""

from __future__ import annotations

import email.utils
import os
import random
import re
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from ... import __version__
from ..text import sanitize

__all__ = [
    "MAX_RESPONSE_BYTES",
    "FetchError",
    "HttpClient",
    "NotFound",
    "service_url",
    "size_text",
    "user_agent",
]

MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""A response larger than this is refused (the largest records are a few megabytes)."""
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_EMAIL_RE = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+$")


class FetchError(Exception):
    """A request failed; ``str()`` is one line saying what happened and what to do."""


class NotFound(FetchError):
    """The service has no such record (HTTP 404 or 410)."""


def user_agent(contact_email: str = "") -> str:
    """``cvtui/0.1.0 (researcher profiles; mailto:ada@example.org)``."""
    contact = f"; mailto:{contact_email}" if valid_email(contact_email) else ""
    return f"cvtui/{__version__} (researcher profiles{contact})"


def valid_email(value: str) -> bool:
    return bool(value) and len(value) <= 254 and bool(_EMAIL_RE.match(value))


def service_url(name: str, default: str) -> str:
    """The base URL of a service: ``default``, or ``$CVTUI_<NAME>_URL`` (a mirror or a proxy)."""
    override = os.environ.get(f"CVTUI_{name.upper()}_URL", "").strip()
    return (override or default).rstrip("/")


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds ``Retry-After`` asks to wait: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


class HttpClient:
    """One connection pool for one command; requests to each host are spaced out.

    ``sleep`` and ``clock`` stand in for :func:`time.sleep` and :func:`time.monotonic` (tests
    give recording ones so waits cost no time); ``wall`` is the clock HTTP dates are read with.
    """

    def __init__(
        self,
        contact_email: str = "",
        *,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        max_bytes: int = MAX_RESPONSE_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.contact_email = contact_email if valid_email(contact_email) else ""
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.max_bytes = max_bytes
        self._sleep = sleep
        self._clock = clock
        self._wall = wall
        self._next_turn: dict[str, float] = {}
        self._interval: dict[str, float] = {}
        self.requests = 0
        self._client = httpx.Client(
            headers={"User-Agent": user_agent(self.contact_email)},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 15.0)),
            follow_redirects=True,
            max_redirects=5,
            transport=transport,
        )

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # --- pacing -----------------------------------------------------------------------------

    def _wait_turn(self, host: str, interval: float) -> None:
        interval = max(interval, self._interval.get(host, 0.0))
        now = self._clock()
        turn = self._next_turn.get(host, now)
        if turn > now:
            self._sleep(turn - now)
            now = turn
        self._next_turn[host] = now + interval

    def _slow_down(self, host: str, interval: float) -> None:
        """After a 429, keep twice the distance between requests to that host from then on."""
        current = max(interval, self._interval.get(host, 0.0), 0.05)
        self._interval[host] = min(current * 2, 10.0)

    # --- requests ---------------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        service: str,
        params: Mapping[str, str] | None = None,
        accept: str = "application/json",
        interval: float = 0.0,
    ) -> bytes:
        """The body of ``url``; raises :class:`FetchError` (or :class:`NotFound`)."""
        host = urlsplit(url).hostname or url
        problem = ""
        for attempt in range(self.retries + 1):
            self._wait_turn(host, interval)
            delay = self.backoff * 2**attempt + random.uniform(0, self.backoff / 4)
            try:
                self.requests += 1
                with self._client.stream(
                    "GET", url, params=params, headers={"Accept": accept}
                ) as response:
                    status = response.status_code
                    if status in RETRY_STATUSES:
                        asked = _retry_after(response.headers.get("Retry-After"), self._wall())
                        if status == 429:
                            self._slow_down(host, interval)
                            problem = "kept answering 429 Too Many Requests (rate limit)"
                        else:
                            problem = f"kept failing with {status} {_reason(response)}"
                        if asked is not None:
                            delay = asked
                        if attempt == self.retries:
                            break
                        if delay > self.max_wait:
                            raise FetchError(
                                f"{service} asks to wait {delay:.0f} s before the next request "
                                f"(HTTP {status}); try again later"
                            )
                        self._sleep(delay)
                        continue
                    if status in (404, 410):
                        raise NotFound(f"{service} has no record at {_shown(url)} (HTTP {status})")
                    if status >= 400:
                        raise FetchError(
                            f"{service} refused the request: HTTP {status} {_reason(response)} "
                            f"for {_shown(url)}"
                        )
                    return self._read(response, service)
            except httpx.ConnectError as exc:
                raise FetchError(
                    f"cannot reach {host} ({_cause(exc)}); offline? "
                    "Download the response and pass it with --file"
                ) from None
            except httpx.TimeoutException:
                problem = f"did not answer within {self.timeout:.0f} s"
            except (httpx.RemoteProtocolError, httpx.ReadError):
                problem = "closed the connection before the response was complete"
            except httpx.TooManyRedirects:
                raise FetchError(f"{service} redirected too many times for {_shown(url)}") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"request to {host} failed: {_cause(exc)}") from None
            if attempt < self.retries:
                self._sleep(delay)
        tries = self.retries + 1
        raise FetchError(
            f"{service} {problem} ({tries} attempt{'s' if tries != 1 else ''}, "
            f"{_shown(url)}); try again later"
        )

    def _read(self, response: httpx.Response, service: str) -> bytes:
        limit = self.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(_too_large(service, int(declared), limit))
        deadline = self._clock() + max(self.timeout * 4, 60.0)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(_too_large(service, size, limit, at_least=True))
            if self._clock() > deadline:
                raise httpx.ReadTimeout("the response took too long")
            chunks.append(chunk)
        return b"".join(chunks)

    def json(self, url: str, *, service: str, **kwargs: Any) -> Any:
        """The JSON document at ``url`` (see :func:`decode_json` for what is refused)."""
        return decode_json(self.get(url, service=service, **kwargs), service)


def decode_json(body: bytes, service: str) -> Any:
    """A JSON document; a body that is not one raises :class:`FetchError`."""
    import json

    try:
        return json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FetchError(f"{service} sent a response that is not UTF-8 text") from None
    except RecursionError:
        raise FetchError(f"{service} sent JSON nested too deeply to read") from None
    except json.JSONDecodeError as exc:
        raise FetchError(
            f"{service} sent malformed JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None


def size_text(size: int) -> str:
    """``32 MiB``, ``1.5 MiB``, ``98 KiB``."""
    if size >= 2**20:
        text = f"{size / 2**20:.1f}".removesuffix(".0")
        return f"{text} MiB"
    return f"{size / 1024:.0f} KiB"


def _too_large(service: str, size: int, limit: int, at_least: bool = False) -> str:
    shown = f"more than {size_text(limit)}" if at_least else size_text(size)
    return f"{service} sent a response of {shown}, over the {size_text(limit)} limit; refused"


def _reason(response: httpx.Response) -> str:
    return sanitize(response.reason_phrase or "")[:80]


def _cause(exc: BaseException) -> str:
    text = sanitize(str(exc)).splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def _shown(url: str) -> str:
    parts = urlsplit(url)
    return sanitize(f"{parts.netloc}{parts.path}")[:200]
