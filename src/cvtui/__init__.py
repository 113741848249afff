"""cvtui — a terminal browser for researcher profiles.

The Python API is small on purpose::

    import cvtui
    lib = cvtui.open_library()          # the profiles cvtui would open
    lib.people, lib.papers, lib.problems
    lib.search("self-play", kind="papers", limit=10)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core.model import Library

__version__ = "0.1.0"
__all__ = ["__version__", "open_library"]


def open_library(paths: Iterable[str | os.PathLike[str]] | None = None) -> Library:
    """Load profiles from ``paths`` (files or directories), or from where cvtui looks by default.

    Never raises for bad profiles: their problems are in ``.problems``.
    """
    from .core.loading import load_paths
    from .core.sources import profile_paths

    return load_paths(profile_paths(paths))
