"""``cvtui import orcid|dblp|openalex|semanticscholar ID`` and ``cvtui refresh [PROFILE ...]``.

An import fetches a person's public record (or reads a response saved with ``--file``) and
writes a new profile or merges it into the one that already links that record (or the one
``--person`` names). ``refresh`` reads again every record the chosen profiles link to and
merges what is new: metrics, works, entries. Both show the change as a diff with
``--dry-run``; neither deletes anything a person wrote. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .core.model import Person
    from .core.services import Service
    from .core.services.http import HttpClient
    from .core.services.record import SourceRecord

from .profile_writes import error

__all__ = ["register_import", "register_refresh"]


class _Progress:
    """``Semantic Scholar: 200 of 875 works`` on stderr, redrawn in place on a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        text = f"{self.label}: {done:,} of {total:,} works"
        if self.tty:
            sys.stderr.write("\r" + text + "\x1b[K")
            sys.stderr.flush()
            self.shown = True
        else:
            print(text, file=sys.stderr)

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            self.shown = False


def _client() -> HttpClient:
    from .config import load_config
    from .core.services.http import HttpClient, valid_email

    config, _ = load_config()
    email = config.contact_email.strip()
    if email and not valid_email(email):
        print(
            f"cvtui: warning: contact_email {email!r} is not an e-mail address; not sent",
            file=sys.stderr,
        )
    return HttpClient(email)


def _today() -> dt.date:
    return dt.date.today()


def _read_record(
    service: Service, source_id: str, files: list[str] | None, client: HttpClient | None
) -> SourceRecord:
    """The record, fetched or from files; raises ``FetchError`` or ``ValueError``."""
    from .core.services import read_files
    from .core.services.http import MAX_RESPONSE_BYTES

    if files:
        docs = read_files(service, files, MAX_RESPONSE_BYTES)
    else:
        assert client is not None
        print(f"reading {service.label} {source_id}", file=sys.stderr)
        progress = _Progress(service.label)
        try:
            docs = service.fetch(client, source_id, progress)
        finally:
            progress.close()
    record = service.read(docs, _today())
    native = service.from_link(source_id)  # OpenAlex also takes an ORCID iD, which is not
    if files and record.source_id and native and service.from_link(record.source_id) != native:
        raise ValueError(
            f"{files[0]} holds {service.label} record {record.source_id}, not {source_id}"
        )
    record.source_id = record.source_id or source_id
    link = service.link_url(record.source_id)
    record.profile.setdefault("links", {}).setdefault(service.link, link)
    return record


def _profiles(directory: Path) -> Iterator[tuple[Path, Person]]:
    """Every profile in ``directory`` that loads, with its file."""
    from .core.discovery import discover
    from .core.loading import load_file

    if not directory.is_dir():
        return
    files, _ = discover([directory])
    for path in files:
        person, _ = load_file(path)
        if person is not None:
            yield path, person


def _by_id(directory: Path, person_id: str) -> Path | None:
    direct = directory / f"{person_id}.toml"
    for path, person in _profiles(directory):
        if person.id == person_id or (path == direct and not person.id):
            return path
    return None


def _by_link(directory: Path, service: Service, source_id: str) -> Path | None:
    for path, person in _profiles(directory):
        if service.from_link(getattr(person.links, service.link)) == source_id:
            return path
    return None


def _read_profile(path: Path) -> tuple[str, dict[str, Any]]:
    import tomli

    from .core.exchange.targets import read_profile

    try:
        text = read_profile(path).decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not UTF-8 text; fix it first") from None
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return text, tomli.loads(text.lstrip("\ufeff").replace("\r\n", "\n"))
    except tomli.TOMLDecodeError as exc:
        raise ValueError(f"{path} is not valid TOML ({exc}); fix it first") from None


def _finish(path: Path, old: str, new: str, dry_run: bool, report: list[str]) -> int:
    """Check the result's size, then write it as every import does (checked, atomic,
    through a symlink, not at all when nothing changed; a diff with ``--dry-run``)."""
    from .core.loading import MAX_FILE_BYTES
    from .profile_writes import finish as finish_write

    if len(new.encode("utf-8")) > MAX_FILE_BYTES:
        print(
            f"cvtui: {path} would be over the {MAX_FILE_BYTES // 2**20} MiB profile limit; "
            "nothing was written",
            file=sys.stderr,
        )
        return 1
    return finish_write(path, old, new, dry_run, report)


def _describe(record: SourceRecord, merge: Any) -> list[str]:
    lines = [f"  {part}" for part in merge.summary]
    lines += merge.lines
    lines += [f"  warning: {w}" for w in record.warnings]
    if record.ignored:
        left = ", ".join(f"{what} ({n})" for what, n in sorted(record.ignored.items()))
        lines.append(f"  not imported (no place in a profile): {left}")
    return lines


# --- import ---------------------------------------------------------------------------------


def _import(args: argparse.Namespace) -> int:
    from .core.exchange.skeleton import profile_id
    from .core.exchange.targets import id_error, named_inside, read_profile
    from .core.services import SERVICES
    from .core.services.http import FetchError
    from .core.services.merge import merge_record, new_profile
    from .core.services.sections import ProfileWriteError
    from .core.sources import writable_profiles_dir

    service = SERVICES[args.service]
    try:
        source_id = service.parse_id(args.id)
    except ValueError as exc:
        return error(str(exc))
    bad = id_error("--person", args.person) if args.person else None
    if bad:
        return error(bad)
    try:
        directory = writable_profiles_dir(args.dir)
    except ValueError as exc:
        return error(str(exc))
    client = None if args.file else _client()
    try:
        record = _read_record(service, source_id, args.file, client)
    except (FetchError, ValueError) as exc:
        return error(str(exc))
    finally:
        if client is not None:
            client.close()
    path = _by_id(directory, args.person) if args.person else None
    if path is None and not args.person:
        path = _by_link(directory, service, record.source_id)
    old = ""
    try:
        if path is not None:
            old, data = _read_profile(path)
            merge = merge_record(old, data, record)
            if merge.conflicts and not args.force:
                for conflict in merge.conflicts:
                    print(f"cvtui: {path}: {conflict}", file=sys.stderr)
                return error("is this the same person? pass --force to import anyway")
        else:
            name = args.name or record.profile.get("name", "")
            if not name:
                return error(f"{service.label} gives no name for {source_id}; pass --name NAME")
            person_id = args.person or profile_id(name)
            path = directory / f"{person_id}.toml"
            if path.exists():
                if not args.force:
                    return error(
                        f"{path} exists; pass --person {person_id} to merge into it, "
                        "or --force to replace it"
                    )
                old = read_profile(path).decode("utf-8", errors="replace")
            source = f"{service.label} {source_id}"
            merge = new_profile(
                record, name, f"Profile created by `cvtui import {service.name}` from {source}."
            )
    except (ValueError, ProfileWriteError) as exc:
        return error(str(exc))
    if not named_inside(directory, path):
        return error(f"{path} is outside {directory}; nothing was written")
    report = [
        f"{service.label} {source_id} → {path}: added {merge.added} papers, merged {merge.merged}",
        *_describe(record, merge),
    ]
    return _finish(path, old, merge.text, args.dry_run, report)


def register_import(formats: argparse._SubParsersAction) -> None:
    """Add ``orcid``, ``dblp``, ``openalex`` and ``semanticscholar`` to ``cvtui import``."""
    from .core.services import SERVICES

    examples = {
        "orcid": "0000-0002-1825-0097",
        "dblp": "95/7448-1",
        "openalex": "A5023888391",
        "semanticscholar": "2262347",
    }
    for name, service in SERVICES.items():
        p = formats.add_parser(
            name,
            help=f"a profile from a person's {service.label} record",
            description=f"Fetch a person's public {service.label} record (or read a saved "
            "response with --file) and write a profile, or merge it into the profile that "
            "links that record (or --person). Works already listed are merged, never added "
            "twice; nothing written by hand is changed.",
        )
        p.add_argument("id", metavar="ID", help=f"the {service.label} id (e.g. {examples[name]})")
        p.add_argument("--person", metavar="ID", help="the profile to merge into (or create)")
        p.add_argument("--name", metavar="NAME", help="the name of a new profile")
        p.add_argument(
            "--file",
            metavar="RESPONSE",
            action="append",
            help="read a saved API response instead of fetching (repeat for several pages)",
        )
        p.add_argument(
            "--force",
            action="store_true",
            help="replace an existing file, or merge although the profile links another record",
        )
        p.add_argument(
            "--dir",
            metavar="DIR",
            help="profiles directory to write into (default: as for loading)",
        )
        p.add_argument(
            "--dry-run",
            action="store_true",
            help="print the change as a unified diff; write nothing",
        )
        p.set_defaults(func=_import, service=name)


# --- refresh --------------------------------------------------------------------------------


def _refresh_one(path: Path, person: Person, client: HttpClient, dry_run: bool) -> tuple[int, int]:
    """Refresh one profile; (exit status, sources that failed)."""
    from .core.services import SERVICES
    from .core.services.http import FetchError
    from .core.services.merge import merge_record
    from .core.services.sections import ProfileWriteError

    sources = []
    for service in SERVICES.values():
        source_id = service.from_link(getattr(person.links, service.link))
        if source_id:
            sources.append((service, source_id))
    if not sources:
        print(
            f"{path}: links no ORCID, DBLP, OpenAlex or Semantic Scholar record; skipped",
            file=sys.stderr,
        )
        return 0, 0
    try:
        old, data = _read_profile(path)
    except ValueError as exc:
        print(f"cvtui: {exc}", file=sys.stderr)
        return 1, len(sources)
    text = old
    report = [f"{path} (profile `{person.id}`):"]
    failed = 0
    for service, source_id in sources:
        try:
            record = _read_record(service, source_id, None, client)
            merge = merge_record(text, data, record)
            text = merge.text
            _, data = _parse(text)
        except (FetchError, ValueError, ProfileWriteError) as exc:
            failed += 1
            report.append(f"  {service.label} {source_id}: error: {exc}")
            print(f"cvtui: {path}: {service.label} {source_id}: {exc}", file=sys.stderr)
            continue
        report.append(
            f"  {service.label} {source_id}: added {merge.added} papers, merged {merge.merged}"
        )
        report += [f"  {line}" for line in _describe(record, merge) if "  merged  " not in line]
        report += [f"    note: {c}; kept the profile's link" for c in merge.conflicts]
    status = _finish(path, old, text, dry_run, report)
    return status, failed


def _parse(text: str) -> tuple[str, dict[str, Any]]:
    import tomli

    return text, tomli.loads(text.lstrip("\ufeff").replace("\r\n", "\n"))


def _refresh(args: argparse.Namespace) -> int:
    from .core.sources import writable_profiles_dir

    try:
        directory = writable_profiles_dir(args.dir)
    except ValueError as exc:
        return error(str(exc))
    found = list(_profiles(directory))
    if args.profiles:
        wanted = {p: None for p in args.profiles}
        chosen = [(path, person) for path, person in found if person.id in wanted]
        missing = sorted(set(wanted) - {person.id for _, person in chosen})
        for person_id in missing:
            print(f"cvtui: no profile with id `{person_id}` in {directory}", file=sys.stderr)
        if not chosen:
            return 2
    else:
        chosen, missing = found, []
    status = 1 if missing else 0
    failed = 0
    with _client() as client:
        for path, person in chosen:
            result, bad = _refresh_one(path, person, client, args.dry_run)
            status = max(status, result)
            failed += bad
    if failed:
        print(
            f"cvtui: {failed} record{'s' if failed != 1 else ''} could not be read; "
            "the rest were merged",
            file=sys.stderr,
        )
        status = max(status, 1)
    return status


def register_refresh(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "refresh",
        help="re-read the ORCID, DBLP, OpenAlex and Semantic Scholar records profiles link",
        description="For each profile (all by default), read again every record its links "
        "name and merge what is new: metrics, works, entries. Nothing written by hand is "
        "changed or deleted. Exit 1 if a record could not be read.",
    )
    p.add_argument("profiles", nargs="*", metavar="PROFILE", help="profile ids (default: all)")
    p.add_argument("--dir", metavar="DIR", help="profiles directory (default: as for loading)")
    p.add_argument(
        "--dry-run", action="store_true", help="print the changes as unified diffs; write nothing"
    )
    p.set_defaults(func=_refresh)
