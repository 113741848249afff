"""JSON Resume (https://jsonresume.org/schema) ↔ profiles: the entry points callers use.

Writing is :mod:`.jsonresume_export`, reading (forgiving, with a warning for every liberty
taken) is :mod:`.jsonresume_import`; the names the two share are in :mod:`.jsonresume_tables`.
"""

from __future__ import annotations

from .jsonresume_export import person_to_jsonresume
from .jsonresume_import import jsonresume_to_profile

__all__ = ["jsonresume_to_profile", "person_to_jsonresume"]
