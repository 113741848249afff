"""cvtui — a terminal browser for researcher profiles.

The Python API is small on purpose::

    import cvtui
    lib = cvtui.open_library()          # the profiles cvtui would open
    lib.people, lib.papers, lib.problems
    lib.search("self-play", kind="papers", limit=10)   # index_for(lib).search(...) too
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core.model import Library

__version__ = "0.1.0"
__all__ = ["__version__", "open_library"]


def open_library(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str] | None = None,
) -> Library:
    """Load profiles from ``paths`` (a file or directory, or several), or from cvtui's default.

    Loads through the same cache as the app and the commands (unless the config turns it
    off) and opens the search index kept beside it, when there is one, so the first
    ``.search`` is answered at once (otherwise it builds the index). Never raises for bad
    profiles: their problems are in ``.problems``.
    """
    from .config import load_config
    from .core.cache import load_cached
    from .core.search import index_for
    from .core.sources import profile_paths

    config, _ = load_config()
    library = load_cached(profile_paths(paths), use_cache=config.cache)
    index_for(library).open(build=False)
    return library
