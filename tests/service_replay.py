"""A local HTTP server on 127.0.0.1 that replays recorded service responses, and the fixtures.

Each route is a path (and optionally some query parameters it must carry) with a list of
answers given in turn (the last repeats): a status, headers and a body, or a misbehaviour —
``stall`` (answer after a delay longer than the client waits), ``truncate`` (promise more
bytes than are sent, then close), ``gzip_bomb`` (a small compressed body that inflates past
any limit). Every request is recorded with its headers, so tests can see what was sent.
"""

from __future__ import annotations

import ast
import gzip
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import yaml

FIXTURES = Path(__file__).parent / "fixtures" / "services"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> Any:
    return json.loads(fixture_bytes(name))


def fixture_literal(name: str) -> Any:
    """A recorded response kept as a Python literal (``data = {…}``)."""
    source = (FIXTURES / name).read_text(encoding="utf-8")
    return ast.literal_eval(source[source.index("=") + 1 :].strip())


def cassette(name: str) -> list[dict[str, Any]]:
    """The interactions of a recorded VCR cassette: uri, status, headers, body (bytes)."""
    data = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    out = []
    for item in data["interactions"]:
        response = item["response"]
        body = response.get("content")
        if body is None:
            body = response["body"]["string"]
        status = response.get("status_code") or response["status"]["code"]
        out.append(
            {
                "uri": item["request"]["uri"],
                "status": int(status),
                "body": body.encode("utf-8") if isinstance(body, str) else body,
            }
        )
    return out


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0
    truncate: bool = False
    gzip_bomb: int = 0


def ok(body: bytes | str | Any, content_type: str = "application/json") -> Answer:
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Answer(200, data, {"Content-Type": content_type})


@dataclass
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


class Replay:
    """Routes → answers; ``url`` is where the server listens."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, dict[str, str], list[Answer]]] = []
        self.requests: list[Request] = []
        self.url = ""
        self._lock = threading.Lock()

    def route(self, path: str, *answers: Answer, **query: str) -> None:
        self.routes.insert(0, (path, query, list(answers)))

    def _answer(self, path: str, query: dict[str, str]) -> Answer:
        with self._lock:
            for route_path, wanted, answers in self.routes:
                if route_path == path and all(query.get(k) == v for k, v in wanted.items()):
                    return answers.pop(0) if len(answers) > 1 else answers[0]
        return Answer(404, b'{"error": "not recorded"}', {"Content-Type": "application/json"})

    def handler(self) -> type[BaseHTTPRequestHandler]:
        replay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = dict(parse_qsl(parts.query))
                replay.requests.append(Request(parts.path, query, dict(self.headers)))
                answer = replay._answer(parts.path, query)
                if answer.stall:
                    time.sleep(answer.stall)
                body = answer.body
                headers = dict(answer.headers)
                if answer.gzip_bomb:
                    body = gzip.compress(b"\0" * answer.gzip_bomb)
                    headers["Content-Encoding"] = "gzip"
                try:
                    self.send_response(answer.status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    declared = len(body) * 10 if answer.truncate else len(body)
                    self.send_header("Content-Length", str(declared))
                    if answer.truncate:
                        self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(body)
                    self.wfile.flush()
                    if answer.truncate:
                        self.close_connection = True
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        return Handler


@contextmanager
def serve(replay: Replay) -> Iterator[Replay]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), replay.handler())
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    replay.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield replay
    finally:
        server.shutdown()
        server.server_close()


class Waits:
    """A stand-in for ``time.sleep`` and ``time.monotonic``: waits are recorded, cost nothing."""

    def __init__(self) -> None:
        self.slept: list[float] = []
        self.now = 1000.0

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def s2_routes(replay: Replay, prefix: str = "/s2") -> None:
    """Semantic Scholar as recorded: the Turing author, and his papers as one page."""
    turing = fixture_json("s2-author-turing.json")
    replay.route(f"{prefix}/author/2262347", ok(fixture_bytes("s2-author-turing.json")))
    page = {"offset": 0, "data": turing["papers"]}
    replay.route(f"{prefix}/author/2262347/papers", ok(page), offset="0")
