"""``cvtui serve``: its options, the checks made before listening, and what it prints.

The server is reachable from other machines when ``--host`` is not a loopback address or
``--public-url`` names another host (a proxy in front). Then a token is required: ``--token``,
the config's ``[serve] token``, or one made now and printed in the link. ``--no-token`` is
refused there; on loopback it turns off a token set in the config.

Before listening, the profiles are loaded once in a child process: that fills the on-disk
cache every session shares (so each tab starts warm) and tells the operator what is served.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = ["DEFAULT_IDLE_MINUTES", "DEFAULT_MAX_SESSIONS", "register"]

DEFAULT_MAX_SESSIONS = 4
"""Sessions (processes) a server runs at once unless told otherwise."""
DEFAULT_IDLE_MINUTES = 60.0
"""A tab without a key or a mouse move this long is closed (a forgotten tab frees its session)."""


def register(
    sub: argparse._SubParsersAction, add_paths: Callable[[argparse.ArgumentParser], None]
) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the browser to web browsers, read-only",
        description="Serve cvtui to web browsers: every tab gets its own read-only session on "
        "the same profiles. Listens on 127.0.0.1 unless --host says otherwise; a server "
        "reachable from other machines asks for a token.",
    )
    add_paths(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--port", type=_port, default=8000, help="port to listen on (default 8000; 0: any free one)"
    )
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when a proxy stands in front (https://lab.example.org)",
    )
    tokens = p.add_mutually_exclusive_group()
    tokens.add_argument(
        "--token", help="the token visitors must bring (default: the config's, or a new one)"
    )
    tokens.add_argument(
        "--no-token",
        action="store_true",
        help="no token (only on a loopback address: anyone on this machine can open it)",
    )
    p.add_argument(
        "--max-sessions",
        type=_positive,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"sessions (processes) at once; the next visitor is asked to wait "
        f"(default {DEFAULT_MAX_SESSIONS})",
    )
    p.add_argument(
        "--idle-minutes",
        type=_minutes,
        default=DEFAULT_IDLE_MINUTES,
        metavar="M",
        help="close a tab nobody has used for M minutes, freeing its session "
        f"(default {DEFAULT_IDLE_MINUTES:g}; 0: never)",
    )
    p.set_defaults(func=run)


def _within(convert: Callable[[str], float], low: float, high: float, what: str) -> Any:
    """An argparse type: ``convert(text)``, between ``low`` and ``high``."""

    def parse(text: str) -> float:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {what}: {text!r}")
        if not low <= value <= high:  # also refuses nan
            raise argparse.ArgumentTypeError(f"{what} from {low:g} to {high:g}, not {text}")
        return value

    return parse


_port = _within(int, 0, 65535, "a port number")
_positive = _within(int, 1, 10_000, "a number of sessions")
_minutes = _within(float, 0, 1e6, "a number of minutes")


def _fail(message: str) -> int:
    print(f"cvtui serve: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from ..config import config_path, load_config
    from ..core.sources import profile_paths
    from .access import is_loopback_host, new_token, token_problem, url_host

    config, config_problems = load_config()
    for config_problem in config_problems:
        print(f"cvtui serve: {config_problem}", file=sys.stderr)
    public_url = args.public_url
    if public_url is not None:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return _fail(f"--public-url must be an http:// or https:// address, not {public_url!r}")
        if parts.query or parts.fragment:
            return _fail("--public-url cannot have a query or a fragment")
    exposed = not is_loopback_host(args.host) or (
        public_url is not None and not is_loopback_host(url_host(public_url))
    )
    made = False
    if args.no_token:
        if exposed:
            where = f"--host {args.host}" if not is_loopback_host(args.host) else "--public-url"
            return _fail(
                f"with {where} cvtui can be reached from other machines, so it needs a token: "
                "leave out --no-token to have one made, or give --token."
            )
        token: str | None = None
    else:
        token = args.token or config.serve.token or None
        if token is not None:
            problem = token_problem(token)
            if problem:
                source = "--token" if args.token else f"[serve] token in {config_path()}"
                return _fail(f"{source}: {problem}")
            if not args.token and _readable_by_others(config_path()):
                print(
                    f"cvtui serve: warning: {config_path()} holds the token and other users can "
                    "read it (chmod 600 it)",
                    file=sys.stderr,
                )
        elif exposed:
            token, made = new_token(), True
    paths = [str(Path(p).expanduser().absolute()) for p in profile_paths(args.paths or None)]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        return _fail(f"no such file or directory: {missing[0]}")

    summary = _warm(paths, no_cache=args.no_cache)
    _configure_logging()
    from .server import CvtuiServer
    from .sessions import session_argv

    server = CvtuiServer(
        session_argv(paths, no_cache=args.no_cache),
        host=args.host,
        port=args.port,
        public_url=public_url,
        token=token,
        max_sessions=args.max_sessions,
        idle_seconds=args.idle_minutes * 60 or None,
    )

    def ready(port: int) -> None:
        base = public_url.rstrip("/") if public_url else f"http://{_shown_host(args.host)}:{port}"
        link = f"{base}/?token={token}" if token else f"{base}/"
        where = paths[0] if len(paths) == 1 else f"{len(paths)} places"
        print(f"cvtui serve: {summary} from {where}, read-only")
        print(f"Open {link}")
        limits = f"at most {args.max_sessions} session{'s' if args.max_sessions != 1 else ''}"
        if made:
            print(
                "  (a token made now: pass --token or set [serve] token in the config "
                "to keep one across restarts)"
            )
        idle = f" · idle tabs close after {args.idle_minutes:g} min" if args.idle_minutes else ""
        print(f"  {limits} at once{idle} · Ctrl-C stops", flush=True)

    import asyncio

    try:
        return asyncio.run(server.run(on_ready=ready))
    except KeyboardInterrupt:
        return 130


def _warm(paths: list[str], *, no_cache: bool) -> str:
    """Load the profiles once in a child process (filling the cache); a line about them."""
    argv = [sys.executable, "-m", "cvtui.serve.session_main", "--warm"]
    if no_cache:
        argv.append("--no-cache")
    done = subprocess.run([*argv, "--", *paths], stdout=subprocess.PIPE, text=True, check=False)
    try:
        counts = json.loads(done.stdout.strip().splitlines()[-1])
        people, papers, problems = counts["people"], counts["papers"], counts["problems"]
    except (ValueError, IndexError, KeyError, TypeError):
        return "profiles (could not be loaded ahead)"
    text = f"{people:,} {'person' if people == 1 else 'people'}, {papers:,} paper{'s' if papers != 1 else ''}"
    if problems:
        text += f" ({problems:,} problem{'s' if problems != 1 else ''}: cvtui validate lists them)"
    return text


def _shown_host(host: str) -> str:
    """The host for the printed link: this machine's name for a wildcard address."""
    if host in ("", "0.0.0.0", "::"):
        return socket.gethostname()
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _readable_by_others(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IRGRP | stat.S_IROTH))


def _configure_logging() -> None:
    """The server's log: one timestamped line per event, on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    for name in ("cvtui.serve", "textual-serve"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False
