"""The web server of ``cvtui serve``: textual-serve's, with a door that is checked first.

Every request passes :meth:`CvtuiServer.guard` before anything else: the token when one is in
force (a wrong one is answered 403, counted and logged; an address that keeps guessing gets
429), and the ``Host`` header when none is (a loopback server answers only to loopback names,
so a web page cannot reach it through a DNS name pointed at 127.0.0.1).

Sessions are bounded by tickets. The app page is served only while a session is free, and it
carries a one-time ticket that holds that session for :data:`TICKET_SECONDS`; the websocket
starts a process only for a valid ticket. So no more than ``max_sessions`` processes ever run,
and the visitor after the last free session gets a page that says so. A closed tab ends its
process, and so does a tab left without a key or a mouse move for ``idle_seconds``;
stopping the server (Ctrl-C, SIGTERM) closes every tab and ends every process.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.server import Server

from ..core.text import sanitize
from .access import COOKIE_NAME, Gate, Verdict, url_host
from .pages import SECURITY_HEADERS, app_page, notice
from .sessions import QUIT_GRACE, SessionProcess

__all__ = ["TICKET_SECONDS", "CvtuiServer"]

log = logging.getLogger("cvtui.serve")

TICKET_SECONDS = 30.0
"""How long an app page holds its session before the websocket must open it."""
MAX_COLUMNS, MAX_ROWS = 500, 200
"""The largest terminal a browser may ask a session to draw."""
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
CLOSE_SECONDS = 2.0
"""How long closing a tab's websocket waits for the browser to answer."""

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class _Session:
    service: SessionProcess
    websocket: web.WebSocketResponse
    address: str
    started: float = field(default_factory=time.monotonic)
    last_input: float = field(default_factory=time.monotonic)


def _to_int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        number = default
    return max(low, min(high, number))


def _shown(text: str, limit: int = 120) -> str:
    """Request text as it may appear in the log: no terminal controls, not too long."""
    text = sanitize(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class CvtuiServer(Server):
    """Serves the read-only cvtui, one process per browser tab."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        host: str,
        port: int,
        public_url: str | None = None,
        token: str | None = None,
        max_sessions: int = 4,
        idle_seconds: float | None = None,
        title: str = "cvtui",
    ) -> None:
        super().__init__(" ".join(argv), host=host, port=port, title=title, public_url=public_url)
        self.argv = list(argv)
        self.given_public_url = public_url.rstrip("/") if public_url else None
        self.gate = Gate(token)
        self.max_sessions = max_sessions
        self.idle_seconds = idle_seconds
        """A session without input this long is closed (None: never)."""
        self.sessions: dict[str, _Session] = {}
        self.tickets: dict[str, float] = {}
        self.closing = False
        self.bound_port = port
        hosts = set(LOOPBACK_NAMES) | {host.strip("[]").lower()}
        if self.given_public_url:
            hosts.add(url_host(self.given_public_url))
        self.allowed_hosts = frozenset(hosts)
        self._blocked_logged: dict[str, float] = {}

    # -- the web application ------------------------------------------------------------------
    def build_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{ticket}", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_response_prepare.append(self._add_headers)
        app.on_shutdown.append(lambda _app: self.end_sessions())
        return app

    async def _add_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        for name in ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
            response.headers.setdefault(name, SECURITY_HEADERS[name])

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """The token (or, without one, the Host header), checked before any handler runs."""
        address = request.remote or "unknown"
        what = f"{request.method} {_shown(request.path)}"
        if self.gate.token is None:
            host = url_host(f"//{request.host}")
            if host in self.allowed_hosts or host.startswith("127."):
                return await handler(request)
            log.warning("refused %s from %s: unexpected Host %r", what, address, _shown(host))
            return notice(
                403,
                "Not this address",
                "This cvtui server answers only at the address it was started with "
                f"(port {self.bound_port} on this machine).",
            )
        token = request.query.get("token")
        cookie = request.cookies.get(COOKIE_NAME) if token is None else None
        verdict = self.gate.check(address, token=token, cookie=cookie)
        if verdict is not Verdict.OPEN:
            return self._refuse(verdict, address, what)
        if token is not None and request.path == "/":
            return self._enter(request)
        return await handler(request)

    def _refuse(self, verdict: Verdict, address: str, what: str) -> web.Response:
        """The page for a request without the right token; wrong ones are logged."""
        if verdict is Verdict.MISSING:
            log.info("no token from %s for %s", address, what)
            return notice(
                403,
                "This cvtui server needs its link",
                "Open the link that cvtui serve printed when it started: it ends in ?token=….",
            )
        if verdict is Verdict.WRONG:
            failures = self.gate.failures(address)
            log.warning(
                "wrong token from %s for %s (%d in the last %d s)",
                address,
                what,
                failures,
                int(self.gate.window),
            )
            if failures < self.gate.limit:
                return notice(
                    403,
                    "Wrong token",
                    "This link's token is not the one this cvtui server asks for. Use the link "
                    "it printed when it started.",
                )
        wait = self.gate.retry_after(address)
        now = time.monotonic()
        if now - self._blocked_logged.get(address, -1e9) > self.gate.window:
            if len(self._blocked_logged) > 10_000:
                self._blocked_logged.clear()
            self._blocked_logged[address] = now
            log.warning("refusing %s for %d s: too many wrong tokens", address, wait)
        return notice(
            403 if verdict is Verdict.WRONG else 429,
            "Too many attempts",
            "Too many wrong tokens came from your address. Wait a minute, then open the link "
            "that cvtui serve printed when it started.",
            headers={"Retry-After": str(wait)},
        )

    def _enter(self, request: web.Request) -> web.StreamResponse:
        """The right token in the link: keep it in a cookie and drop it from the address."""
        rest = {k: v for k, v in request.query.items() if k != "token"}
        # Relative, so that a proxy's path prefix (--public-url https://host/cvtui) is kept.
        response = web.HTTPSeeOther("./" + (f"?{urlencode(rest)}" if rest else ""))
        assert self.gate.cookie is not None
        response.set_cookie(
            COOKIE_NAME,
            self.gate.cookie,
            httponly=True,
            samesite="Strict",
            secure=bool(self.given_public_url and self.given_public_url.startswith("https:")),
            path="/",
        )
        log.info("%s entered with the token", request.remote or "unknown")
        return response

    # -- pages ----------------------------------------------------------------------------------
    def free_sessions(self) -> int:
        now = time.monotonic()
        for ticket, expiry in list(self.tickets.items()):
            if expiry <= now:
                del self.tickets[ticket]
        return self.max_sessions - len(self.sessions) - len(self.tickets)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self.closing:
            return notice(503, "cvtui is stopping", "This server is shutting down.")
        if self.free_sessions() <= 0:
            log.info(
                "all %d sessions in use: %s gets the busy page", self.max_sessions, request.remote
            )
            return notice(
                503,
                "All sessions are in use",
                f"This cvtui server runs at most {self.max_sessions} session"
                f"{'s' if self.max_sessions != 1 else ''} at once, and all are open. "
                "Try again when someone closes a tab.",
                headers={"Retry-After": "15"},
            )
        ticket = secrets.token_urlsafe(18)
        self.tickets[ticket] = time.monotonic() + TICKET_SECONDS
        return app_page(
            title=self.title,
            static_url=self._base_url(request, "http") + "/static/",
            websocket_url=self._base_url(request, "ws") + f"/ws/{ticket}",
            font_size=_to_int(request.query.get("fontsize"), 16, 8, 48),
        )

    def _base_url(self, request: web.Request, kind: str) -> str:
        """This server's address as the browser sees it (``--public-url`` when given)."""
        scheme = "https" if request.secure else "http"
        base = self.given_public_url or f"{scheme}://{request.host}"
        return "ws" + base[4:] if kind == "ws" else base  # http → ws, https → wss

    # -- sessions -------------------------------------------------------------------------------
    def _same_origin(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser: it still needs a ticket (and the token)
        netloc = urlsplit(origin).netloc.lower()
        if netloc == request.host.lower():
            return True
        return (
            bool(self.given_public_url) and netloc == urlsplit(self.given_public_url).netloc.lower()
        )

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        address = request.remote or "unknown"
        if not self._same_origin(request):
            log.warning(
                "refused a session to %s: page from another origin (%s)",
                address,
                _shown(request.headers.get("Origin", "")),
            )
            return notice(403, "Refused", "Sessions open only from this server's own page.")
        expiry = self.tickets.pop(request.match_info["ticket"], None)
        if self.closing or expiry is None or expiry <= time.monotonic():
            return notice(
                403, "No session", "This page has no session waiting: reload it to get one."
            )
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1 << 20, timeout=CLOSE_SECONDS)
        service = SessionProcess(
            self.argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        session = _Session(service, websocket, address)
        self.sessions[service.app_service_id] = session
        try:
            await websocket.prepare(request)
            width = _to_int(request.query.get("width"), 80, 1, MAX_COLUMNS)
            height = _to_int(request.query.get("height"), 24, 1, MAX_ROWS)
            await service.start(width, height)
            log.info(
                "session started for %s (pid %s; %d of %d in use)",
                address,
                service.pid,
                len(self.sessions),
                self.max_sessions,
            )
            await self._relay(session)
        except (asyncio.CancelledError, ConnectionError):
            pass
        except Exception:
            log.exception("session for %s failed", address)
        finally:
            await service.stop()
            self.sessions.pop(service.app_service_id, None)
            if not websocket.closed:
                with contextlib.suppress(Exception):
                    await websocket.close()
            log.info(
                "session ended for %s after %.0f s (%d of %d in use)",
                address,
                time.monotonic() - session.started,
                len(self.sessions),
                self.max_sessions,
            )
        return websocket

    async def _relay(self, session: _Session) -> None:
        """The browser's messages to the session: keys, size, focus; malformed ones dropped."""
        websocket, service = session.websocket, session.service
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                session.last_input = time.monotonic()
                await service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(
                    _to_int(str(data.get("width")), 80, 1, MAX_COLUMNS),
                    _to_int(str(data.get("height")), 24, 1, MAX_ROWS),
                )
            elif kind == "ping" and isinstance(data, str):
                await websocket.send_json(["pong", data[:64]])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def _close_idle(self) -> None:
        """Close sessions nobody has typed in (or moved the mouse over) for a while."""
        assert self.idle_seconds is not None
        while True:
            await asyncio.sleep(min(30.0, self.idle_seconds / 4))
            horizon = time.monotonic() - self.idle_seconds
            for session in list(self.sessions.values()):
                if session.last_input < horizon and not session.websocket.closed:
                    log.info("closing the idle session of %s", session.address)
                    with contextlib.suppress(Exception):
                        await session.websocket.close(message=b"idle")

    async def end_sessions(self) -> None:
        """Close every tab and end every session process (waits for them, kills stragglers)."""
        self.closing = True
        self.tickets.clear()

        async def end(session: _Session) -> None:
            with contextlib.suppress(Exception):
                await session.websocket.close(
                    code=WSCloseCode.GOING_AWAY, message=b"cvtui serve is stopping"
                )
            await session.service.stop()

        await asyncio.gather(
            *(end(s) for s in list(self.sessions.values())), return_exceptions=True
        )
        deadline = time.monotonic() + 3 * QUIT_GRACE
        while self.sessions and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    # -- running --------------------------------------------------------------------------------
    def serve(self, debug: bool = False) -> None:
        """Run until stopped (textual-serve's entry point, here guarded like :meth:`run`)."""
        raise SystemExit(asyncio.run(self.run()))

    async def run(self, on_ready: Callable[[int], None] | None = None) -> int:
        """Listen until SIGINT or SIGTERM, then stop cleanly; the exit status."""
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        signals = 0

        def request_stop() -> None:
            nonlocal signals
            signals += 1
            if signals > 1:  # asked twice: no more waiting for sessions to quit
                for session in list(self.sessions.values()):
                    process = session.service._process
                    if process is not None and process.returncode is None:
                        with contextlib.suppress(ProcessLookupError):
                            process.kill()
            stop.set()

        for number in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(number, request_stop)
        runner = web.AppRunner(
            self.build_app(), handle_signals=False, access_log=None, shutdown_timeout=2.0
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            reason = exc.strerror or str(exc).rsplit(": ", 1)[-1]
            print(
                f"cvtui serve: cannot listen on {self.host} port {self.port}: {reason}",
                file=sys.stderr,
            )
            return 1
        addresses = runner.addresses
        if addresses:
            self.bound_port = int(addresses[0][1])
        if on_ready is not None:
            on_ready(self.bound_port)
        reaper = asyncio.create_task(self._close_idle()) if self.idle_seconds else None
        await stop.wait()
        if reaper is not None:
            reaper.cancel()
        count = len(self.sessions)
        log.info("stopping: ending %d session%s", count, "" if count == 1 else "s")
        await self.end_sessions()
        await runner.cleanup()
        log.info("stopped")
        return 0
