"""What each browser tab runs: ``python -m cvtui.serve.session_main [--no-cache] -- PATH ...``.

The read-only app, drawn through Textual's web driver (textual-serve sets it in the
environment). Its stdout is the channel to the server, so nothing else may print there. If
the server goes away without ending it (killed), the session notices that it has a new
parent and quits. ``--warm`` loads the profiles once, filling the shared on-disk cache so
that every tab starts warm, prints one JSON line about them, and exits.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence

__all__ = ["main"]

PARENT_CHECK = 2.0
"""Seconds between checks that the server is still there."""


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cvtui-session")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--warm", action="store_true")
    parser.add_argument("paths", nargs="*")
    return parser.parse_args(argv)


def warm(paths: Sequence[str], *, no_cache: bool) -> int:
    """Load once (filling the cache) and print what was loaded, as the server shows it."""
    from ..config import load_config
    from ..core.reload import Reloader

    config, _ = load_config()
    library = Reloader.for_paths(paths, use_cache=config.cache and not no_cache).load()
    print(
        json.dumps(
            {
                "people": len(library.people),
                "papers": len(library.papers),
                "problems": len(library.problems),
            }
        ),
        flush=True,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    if args.warm:
        return warm(args.paths, no_cache=args.no_cache)
    from ..app import CvtuiApp

    app = CvtuiApp(paths=args.paths or None, no_cache=args.no_cache, read_only=True)
    threading.Thread(target=_quit_without_parent, args=(os.getppid(),), daemon=True).start()
    app.run()
    return 0


def _quit_without_parent(parent: int) -> None:
    """SIGTERM this process (the web driver quits the app on it) once the server is gone."""
    while True:
        time.sleep(PARENT_CHECK)
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGTERM)
            return


if __name__ == "__main__":
    sys.exit(main())
