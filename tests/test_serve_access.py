"""``cvtui serve`` as a visitor meets it over HTTP: who gets in, how many, and how it stops.

Each test runs the installed ``cvtui serve`` on a free loopback port and talks to it with an
HTTP and websocket client (the browser itself is in test_serve_browser.py). A session is a
process the server starts: the tests count the server's children to see when one starts,
and that none starts for a visitor who is refused.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from cvtui.serve.access import (
    Gate,
    Verdict,
    cookie_value,
    is_loopback_host,
    new_token,
    token_problem,
)
from cvtui.serve.pages import notice
from serving import (
    PROFILES,
    WEBSOCKET_URL,
    Served,
    alive,
    cvtui_command,
    listening_addresses,
    wait_until,
)

TOKEN = "correct-horse-battery-staple"


def test_the_gate_counts_wrong_tokens_per_address_and_forgets_them_after_a_minute() -> None:
    now = [1000.0]
    gate = Gate(TOKEN, limit=3, window=60.0, clock=lambda: now[0])
    assert gate.cookie and TOKEN not in gate.cookie and gate.cookie == cookie_value(TOKEN)
    assert gate.check("10.0.0.1", token=None, cookie=None) is Verdict.MISSING  # not counted
    for _ in range(3):
        assert gate.check("10.0.0.1", token="guess", cookie=None) is Verdict.WRONG
        now[0] += 10
    assert gate.check("10.0.0.1", token=TOKEN, cookie=None) is Verdict.BLOCKED
    assert gate.retry_after("10.0.0.1") == 30  # the first failure was 30 s ago
    assert gate.check("10.0.0.2", token=TOKEN, cookie=None) is Verdict.OPEN  # others are not
    assert gate.check("10.0.0.2", token=None, cookie=gate.cookie) is Verdict.OPEN
    assert gate.check("10.0.0.2", token=None, cookie=TOKEN) is Verdict.WRONG  # not the cookie
    now[0] += 31
    assert gate.check("10.0.0.1", token=TOKEN, cookie=None) is Verdict.OPEN
    assert Gate(None).check("10.0.0.3", token="anything", cookie=None) is Verdict.OPEN


def test_what_counts_as_reachable_only_from_this_machine() -> None:
    for host in ("127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "LOCALHOST"):
        assert is_loopback_host(host), host
    for host in ("", "0.0.0.0", "::", "192.0.2.7", "[2001:db8::1]"):
        assert not is_loopback_host(host), host
    assert token_problem("short") and token_problem("sixteen chars ok")  # no spaces
    assert token_problem(new_token()) is None and len(new_token()) >= 32


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    started: list[Served] = []

    def start(*args: str) -> Served:
        served = Served([*args, str(PROFILES)], cwd=tmp_path)
        started.append(served)
        served.wait_ready()
        return served

    yield start
    for served in started:
        served.close()


def _refused(
    *args: str, config: str | None = None, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    env = None
    if config is not None:
        import os

        path = tmp_path / "config.toml"
        path.write_text(config, encoding="utf-8")
        env = {**os.environ, "CVTUI_CONFIG": str(path)}
    return subprocess.run(
        [*cvtui_command(), "serve", "--port", "0", *args, str(PROFILES)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def test_reachable_from_other_machines_without_a_token_refuses_to_start(tmp_path: Path) -> None:
    for args in (
        ["--host", "0.0.0.0", "--no-token"],
        ["--public-url", "https://lab.example.org/cvtui", "--no-token"],
    ):
        done = _refused(*args, tmp_path=tmp_path)
        assert done.returncode == 2, done
        assert "needs a token" in done.stderr
        assert "Open " not in done.stdout  # it never listened
    done = _refused("--host", "0.0.0.0", "--token", "short", tmp_path=tmp_path)
    assert done.returncode == 2 and "at least 16 characters" in done.stderr
    done = _refused("--host", "0.0.0.0", config='[serve]\ntoken = "tiny"\n', tmp_path=tmp_path)
    assert (
        done.returncode == 2 and "[serve] token in" in done.stderr and "config.toml" in done.stderr
    )


async def test_an_exposed_server_makes_a_token_and_asks_for_it(
    serve: Callable[..., Served],
) -> None:
    served = serve("--host", "0.0.0.0")
    token = parse_qs(urlsplit(served.link).query)["token"][0]
    assert len(token) >= 32
    assert listening_addresses(urlsplit(served.link).port or 0) == {"0.0.0.0"}
    assert any("a token made now" in line for line in served.lines)
    port = urlsplit(served.link).port
    local = f"http://127.0.0.1:{port}"  # only loopback is ever contacted
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{local}/", allow_redirects=False) as response:
            assert response.status == 403
            assert "needs its link" in await response.text()
        async with http.get(
            f"{local}/?token={token}&fontsize=14", allow_redirects=False
        ) as response:
            assert response.status == 303
            assert response.headers["Location"] == "./?fontsize=14"  # the token leaves the address
            cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and token not in cookie
        name_value = cookie.split(";", 1)[0]
        async with http.get(f"{local}/", headers={"Cookie": name_value}) as response:
            assert response.status == 200
            assert WEBSOCKET_URL.search(await response.text())
    assert served.children() == []


async def test_a_wrong_token_gets_403_starts_no_process_is_logged_and_slowed_down(
    serve: Callable[..., Served],
) -> None:
    served = serve("--token", TOKEN)
    base = served.base
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/?token={TOKEN}", allow_redirects=False) as response:
            right = response.headers["Set-Cookie"].split(";", 1)[0]
        async with http.get(f"{base}/", headers={"Cookie": right}) as response:
            match = WEBSOCKET_URL.search(await response.text())
            assert match
            session_url = match.group(1) + "?width=80&height=24"
        # A valid ticket with a wrong cookie: refused before any process starts.
        wrong = right.split("=", 1)[0] + "=" + "0" * 64
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(session_url, headers={"Cookie": wrong})
        assert refused.value.status == 403
        async with http.get(f"{base}/download/abc", headers={"Cookie": wrong}) as response:
            assert response.status == 403
        async with http.get(f"{base}/?token=not-the-token") as response:
            assert response.status == 403
            assert "Wrong token" in await response.text()
        await asyncio.sleep(0.5)
        assert served.children() == []
        # The right cookie opens the same ticket's session; closing the tab ends it.
        ws = await http.ws_connect(session_url, headers={"Cookie": right})
        [pid] = wait_until(served.children)
        await ws.close()
        wait_until(lambda: not alive(pid))
        # Five wrong tokens in a minute: then even the right one is refused for a while.
        for attempt in range(2):
            async with http.get(f"{base}/?token=guess-{attempt}") as response:
                assert response.status == 403
        async with http.get(f"{base}/?token={TOKEN}", allow_redirects=False) as response:
            assert response.status == 429
            assert 0 < int(response.headers["Retry-After"]) <= 60
            assert "Too many attempts" in await response.text()
        async with http.get(f"{base}/", headers={"Cookie": right}) as response:
            assert response.status == 429
    log = served.log
    assert log.count("wrong token from 127.0.0.1") == 5
    assert "refusing 127.0.0.1" in log
    assert TOKEN not in log and "not-the-token" not in log  # tokens are never written down
    assert served.children() == []


async def test_without_a_token_only_this_machine_s_names_and_pages_get_in(
    serve: Callable[..., Served],
) -> None:
    served = serve()
    port = urlsplit(served.base).port
    assert served.link == f"http://127.0.0.1:{port}/"
    assert listening_addresses(port) == {"127.0.0.1"}  # not reachable from other machines
    async with aiohttp.ClientSession() as http:
        # A web page that reached 127.0.0.1 through a name of its own (DNS rebinding).
        async with http.get(
            f"{served.base}/", headers={"Host": f"attacker.example:{urlsplit(served.base).port}"}
        ) as response:
            assert response.status == 403
        async with http.get(f"{served.base}/") as response:
            session_url = WEBSOCKET_URL.search(await response.text()).group(1)  # type: ignore[union-attr]
        # A page of another site opening a session here.
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(session_url, headers={"Origin": "http://attacker.example"})
        assert refused.value.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await http.ws_connect(f"{served.base}/ws/made-up-ticket")
    await asyncio.sleep(0.5)
    assert served.children() == []
    assert "unexpected Host 'attacker.example'" in served.log


async def _open_session(
    http: aiohttp.ClientSession, base: str
) -> aiohttp.ClientWebSocketResponse | str:
    """A tab: the page, then its websocket; or the text of the page that says why not."""
    async with http.get(f"{base}/") as response:
        text = await response.text()
        if response.status != 200:
            assert response.status == 503, text
            return text
    match = WEBSOCKET_URL.search(text)
    assert match
    return await http.ws_connect(match.group(1) + "?width=100&height=30")


async def _drawn(ws: aiohttp.ClientWebSocketResponse, text: bytes = b"people") -> None:
    """Wait until the session has drawn ``text`` (the header's people count: it has loaded)."""
    seen = b""
    while text not in seen:
        message = await ws.receive(timeout=30)
        assert message.type == aiohttp.WSMsgType.BINARY, message
        seen = seen[-200:] + message.data


async def test_max_sessions_hold_under_a_loop_of_visitors(serve: Callable[..., Served]) -> None:
    served = serve("--max-sessions", "2")
    async with aiohttp.ClientSession() as http:
        tabs: list[aiohttp.ClientWebSocketResponse] = []
        busy: list[str] = []
        for _ in range(8):
            outcome = await _open_session(http, served.base)
            if isinstance(outcome, str):
                busy.append(outcome)
            else:
                tabs.append(outcome)
            assert len(served.children()) <= 2
        assert len(tabs) == 2 and len(busy) == 6
        assert "All sessions are in use" in busy[0] and "at most 2 sessions" in busy[0]
        for tab in tabs:
            await _drawn(tab)
        assert len(served.children()) == 2
        # Tabs come and go: a closed tab frees its session for the next visitor.
        for ended in range(1, 4):
            gone = tabs.pop(0)
            await gone.close()
            wait_until(lambda: len(served.children()) == 1)
            wait_until(lambda: served.log.count("session ended") == ended)  # noqa: B023
            outcome = await _open_session(http, served.base)
            assert not isinstance(outcome, str), outcome
            tabs.append(outcome)
            await _drawn(outcome)
            assert len(served.children()) == 2
            assert isinstance(await _open_session(http, served.base), str)
        for tab in tabs:
            await tab.close()
        wait_until(lambda: served.children() == [])
    assert served.log.count("session started") == 5
    assert served.log.count("session ended") == 5


async def test_ctrl_c_ends_every_session_and_stops(serve: Callable[..., Served]) -> None:
    served = serve()
    async with aiohttp.ClientSession() as http:
        tabs = [await _open_session(http, served.base) for _ in range(2)]
        for tab in tabs:
            assert not isinstance(tab, str)
            await _drawn(tab)
        sessions = served.children()
        assert len(sessions) == 2
        served.interrupt()
        assert await asyncio.to_thread(served.process.wait, 20) == 0
        assert not any(alive(pid) for pid in sessions)
        for tab in tabs:
            assert not isinstance(tab, str)
            message = await tab.receive(timeout=5)
            while message.type == aiohttp.WSMsgType.BINARY:
                message = await tab.receive(timeout=5)
            assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    log = served.log
    assert "stopping: ending 2 sessions" in log and log.rstrip().endswith("stopped")


async def test_sessions_start_from_the_cache_the_server_filled(
    serve: Callable[..., Served], isolated_user_files: Path
) -> None:
    served = serve()
    [cache] = (isolated_user_files / "cache").glob("profiles-*.bin")  # loaded before listening
    filled = (cache.stat().st_ino, cache.read_bytes())
    async with aiohttp.ClientSession() as http:
        tab = await _open_session(http, served.base)
        assert not isinstance(tab, str)
        await _drawn(tab)
        await tab.close()
    # Read (every file was in it), not written again: a rewrite is a new file renamed in.
    assert (cache.stat().st_ino, cache.read_bytes()) == filled


async def test_a_tab_left_alone_is_closed_and_frees_its_session(
    serve: Callable[..., Served],
) -> None:
    served = serve("--idle-minutes", "0.05", "--max-sessions", "1")  # 3 seconds
    assert any("idle tabs close after 0.05 min" in line for line in served.lines)
    async with aiohttp.ClientSession() as http:
        tab = await _open_session(http, served.base)
        assert not isinstance(tab, str)
        await _drawn(tab)
        [pid] = served.children()
        message = await tab.receive(timeout=20)
        while message.type == aiohttp.WSMsgType.BINARY:
            message = await tab.receive(timeout=20)
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        wait_until(lambda: not alive(pid))
        wait_until(lambda: "session ended" in served.log)
        assert not isinstance(await _open_session(http, served.base), str)
    assert "closing the idle session of 127.0.0.1" in served.log


async def test_pages_escape_what_they_echo(serve: Callable[..., Served]) -> None:
    served = serve("--host", "0.0.0.0")  # with a token, any Host header is answered
    token = parse_qs(urlsplit(served.link).query)["token"][0]
    local = f"http://127.0.0.1:{urlsplit(served.link).port}"
    hostile = 'x"><script>alert(1)</script>'
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{local}/?token={token}", allow_redirects=False) as response:
            cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        async with http.get(
            f"{local}/?fontsize=<b>", headers={"Cookie": cookie, "Host": hostile}
        ) as response:
            page = await response.text()
            assert response.status == 200
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert hostile not in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'data-font-size="16"' in page  # not a number: the default
    body = notice(403, "<b>title</b>", 'a "quote" & <i>tag</i>').text or ""
    assert "<b>title" not in body and "&lt;b&gt;title&lt;/b&gt;" in body
    assert "&quot;quote&quot; &amp; &lt;i&gt;tag&lt;/i&gt;" in body


async def test_a_server_started_over_ssh_does_not_make_its_sessions_act_over_ssh(
    tmp_path: Path,
) -> None:
    import os

    env = {**os.environ, "SSH_CONNECTION": "192.0.2.1 50000 192.0.2.2 22", "SSH_TTY": "/dev/pts/9"}
    served = Served([str(PROFILES)], cwd=tmp_path, env=env)
    try:
        served.wait_ready()
        async with aiohttp.ClientSession() as http:
            tab = await _open_session(http, served.base)
            assert not isinstance(tab, str)
            await _drawn(tab)
            [pid] = served.children()
            environment = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            await tab.close()
    finally:
        served.close()
    assert b"TEXTUAL_DRIVER=textual.drivers.web_driver:WebDriver" in environment
    assert not [entry for entry in environment if entry.startswith(b"SSH_")]


async def test_a_session_that_dies_closes_its_tab_and_frees_its_place(
    serve: Callable[..., Served],
) -> None:
    import os
    import signal

    served = serve("--max-sessions", "1")
    async with aiohttp.ClientSession() as http:
        tab = await _open_session(http, served.base)
        assert not isinstance(tab, str)
        await _drawn(tab)
        [pid] = served.children()
        os.kill(pid, signal.SIGKILL)  # no goodbye from the app
        message = await tab.receive(timeout=10)
        while message.type == aiohttp.WSMsgType.BINARY:
            message = await tab.receive(timeout=10)
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        wait_until(lambda: "session ended" in served.log)
        assert not isinstance(await _open_session(http, served.base), str)
