"""One browser tab, one cvtui process: starting it, and making sure it ends.

textual-serve's :class:`~textual_serve.app_service.AppService` speaks the protocol between a
tab's websocket and the app's process. Here the process is started without a shell (the
profile paths are arguments, never shell text), in a process group of its own (a Ctrl-C in
the server's terminal reaches the server, which then ends its sessions in order), and it is
stopped for certain: asked to quit, then terminated, then killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import shlex
import sys
from asyncio.subprocess import PIPE, Process
from collections.abc import Sequence
from typing import Any

from textual_serve.app_service import AppService

__all__ = ["QUIT_GRACE", "SessionProcess", "session_argv"]

QUIT_GRACE = 3.0
"""Seconds a session has to quit when asked before it is terminated (then as long again
before it is killed)."""


def session_argv(paths: Sequence[str], *, no_cache: bool = False) -> list[str]:
    """The command a session runs: the read-only app on ``paths``."""
    argv = [sys.executable, "-m", "cvtui.serve.session_main"]
    if no_cache:
        argv.append("--no-cache")
    return [*argv, "--", *paths]


class SessionProcess(AppService):
    """A cvtui process serving one websocket."""

    def __init__(self, argv: Sequence[str], **kwargs: Any) -> None:
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = list(argv)
        self._closing: asyncio.Future[None] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        """The server's environment for Textual's web driver, less what says "over SSH".

        A server started in an SSH login must not make its browser sessions act as if they
        ran over SSH (no animations, links shown instead of opened).
        """
        environment = super()._build_environment(width=width, height=height)
        for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
            environment.pop(name, None)
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=PIPE,
            stdout=PIPE,
            stderr=PIPE,
            env=environment,
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def start(self, width: int, height: int) -> None:
        """Start the process; whenever it ends (quit, crash, killed), the tab is closed."""
        await super().start(width, height)
        if self._task is not None:
            self._task.add_done_callback(self._close_tab)

    def _close_tab(self, _task: asyncio.Task[None]) -> None:
        self._closing = asyncio.ensure_future(self.remote_close())  # kept until it has run

    async def stop(self) -> None:
        """Ask the app to quit; terminate it, then kill it, if it does not."""
        process, task = self._process, self._task
        self._task = None
        if task is not None:
            await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
            if process is not None and process.returncode is None:
                await self.send_meta({"type": "quit"})
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(task), QUIT_GRACE)
        if process is not None:
            for end in (None, process.terminate, process.kill):
                if end is not None:
                    with contextlib.suppress(ProcessLookupError):
                        end()
                try:
                    await asyncio.wait_for(process.wait(), QUIT_GRACE)
                    break
                except TimeoutError:
                    continue
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
