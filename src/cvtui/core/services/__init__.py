"""Researchers' records where they already live: ORCID, DBLP, OpenAlex, Semantic Scholar.

Each service has its own module: how an id is written, how the record is fetched (a few
requests through :class:`~cvtui.core.services.http.HttpClient`) and how the responses read
as a :class:`~cvtui.core.services.record.SourceRecord`. A response saved to a file reads the
same way (:func:`read_files`), for machines without a network.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..author_ids import dblp_pid, openalex_author, orcid_id, s2_author

if TYPE_CHECKING:
    from .http import HttpClient
    from .record import SourceRecord

__all__ = ["SERVICES", "Service", "read_files", "service_for_link"]


@dataclass(frozen=True)
class Service:
    """What the command line and ``refresh`` need to know of one service."""

    name: str
    label: str
    module: str
    link: str
    """The profile's ``links`` field that names a person's record here."""
    link_prefix: str
    from_link: Callable[[str], str]
    xml: bool = False

    def _impl(self) -> Any:
        return importlib.import_module(f".{self.module}", __name__)

    def parse_id(self, text: str) -> str:
        """The canonical id in ``text``; ``ValueError`` with a message when there is none."""
        result: str = self._impl().parse_id(text)
        return result

    def fetch(
        self,
        client: HttpClient,
        source_id: str,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Any]:
        docs: list[Any] = self._impl().fetch(client, source_id, progress)
        return docs

    def read(self, docs: Sequence[Any], today: dt.date) -> SourceRecord:
        record: SourceRecord = self._impl().read(list(docs), today)
        return record

    def link_url(self, source_id: str) -> str:
        return f"{self.link_prefix}{source_id}"


SERVICES: dict[str, Service] = {
    "orcid": Service(
        "orcid",
        "ORCID",
        "orcid",
        "orcid",
        "https://orcid.org/",
        lambda link: orcid_id(link, checked=False),
    ),
    "dblp": Service("dblp", "DBLP", "dblp", "dblp", "https://dblp.org/pid/", dblp_pid, xml=True),
    "openalex": Service(
        "openalex", "OpenAlex", "openalex", "openalex", "https://openalex.org/", openalex_author
    ),
    "semanticscholar": Service(
        "semanticscholar",
        "Semantic Scholar",
        "semanticscholar",
        "semantic_scholar",
        "https://www.semanticscholar.org/author/",
        s2_author,
    ),
}


def service_for_link(field: str) -> Service | None:
    return next((s for s in SERVICES.values() if s.link == field), None)


def read_files(service: Service, paths: Sequence[str | Path], max_bytes: int) -> list[Any]:
    """The responses saved in ``paths`` (JSON, or DBLP's XML), checked as fetched ones are."""
    from .http import FetchError, decode_json, size_text

    docs: list[Any] = []
    for path in paths:
        file = Path(path)
        try:
            size = file.stat().st_size
            if size > max_bytes:
                raise FetchError(
                    f"{file} is {size_text(size)}, over the {size_text(max_bytes)} limit for "
                    "a response; refused"
                )
            body = file.read_bytes()
        except OSError as exc:
            raise FetchError(f"cannot read {file}: {exc.strerror or exc}") from None
        if service.xml:
            docs.append(body)
        else:
            try:
                docs.append(decode_json(body, str(file)))
            except FetchError as exc:
                raise FetchError(str(exc).replace(" sent ", " holds ", 1)) from None
    return docs
