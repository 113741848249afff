"""Synthetic profile sets from ``bench/generate.py``, for tests that need many papers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def generate(out: Path, people: int, papers_per_person: int, seed: int) -> Path:
    """Write ``people`` profiles of ``papers_per_person`` papers each into ``out``."""
    subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "generate.py"),
            *("--people", str(people), "--papers-per-person", str(papers_per_person)),
            *("--seed", str(seed), "--out", str(out)),
        ],
        check=True,
        capture_output=True,
    )
    return out
