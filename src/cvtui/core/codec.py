"""A loaded profile file as compact bytes (typed msgpack), for the cache and the parse workers.

A *record* is what loading one file gave: its :class:`~cvtui.core.model.Person` (or ``None``)
and its problems. Storing both means a profile read back from bytes reports exactly the
problems a fresh parse would. Dates travel as one integer (``2024-09`` → ``20240900``) and are
shared on decode, which keeps decoding 100,000 papers at a few tenths of a second.
"""

from __future__ import annotations

import hashlib
from typing import Any, Union

import msgspec

from . import model
from .dates import PRESENT, PartialDate
from .problems import Problem

__all__ = ["Record", "decode_record", "encode_record", "model_fingerprint"]


class Record(msgspec.Struct, array_like=True, frozen=True):
    """The outcome of loading one file."""

    person: Union[model.Person, None]
    problems: tuple[Problem, ...] = ()


def _enc_hook(obj: object) -> object:
    if isinstance(obj, PartialDate):
        return obj.year * 10000 + obj.month * 100 + obj.day
    raise NotImplementedError(f"cannot encode {type(obj).__name__}")


_DATES: dict[int, PartialDate] = {PRESENT.year * 10000: PRESENT}


def _dec_hook(kind: type, value: Any) -> Any:
    if kind is PartialDate and type(value) is int:
        date = _DATES.get(value)
        if date is None:
            year, rest = divmod(value, 10000)
            date = PartialDate(year, rest // 100, rest % 100)
            if len(_DATES) < 100_000:
                _DATES[value] = date
        return date
    raise NotImplementedError(f"cannot decode {kind!r} from {type(value).__name__}")


_ENCODER = msgspec.msgpack.Encoder(enc_hook=_enc_hook)
_DECODER = msgspec.msgpack.Decoder(Record, dec_hook=_dec_hook)


def encode_record(person: model.Person | None, problems: Any = ()) -> bytes:
    """The bytes of one file's outcome."""
    return _ENCODER.encode(Record(person, tuple(problems)))


def decode_record(data: bytes | memoryview | msgspec.Raw) -> Record:
    """Read back :func:`encode_record`'s bytes; raises ``msgspec.DecodeError`` if they are not."""
    return _DECODER.decode(data)


def _struct_types() -> list[type[msgspec.Struct]]:
    found: list[type[msgspec.Struct]] = [Problem, Record]
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, msgspec.Struct):
            found.append(value)
    return sorted(set(found), key=lambda cls: cls.__qualname__)


_FINGERPRINT: str | None = None


def model_fingerprint() -> str:
    """A hash of every stored struct's fields, types and settings.

    Changing the model changes the hash, so bytes written by an older model are never read
    back as the new one.
    """
    global _FINGERPRINT
    if _FINGERPRINT is None:
        digest = hashlib.sha256()
        for cls in _struct_types():
            config = cls.__struct_config__
            digest.update(
                f"{cls.__qualname__}|{config.array_like}|{config.omit_defaults}|{config.tag}".encode()
            )
            for field in msgspec.structs.fields(cls):
                digest.update(f"|{field.name}:{field.encode_name}:{field.type!r}".encode())
            digest.update(b"\n")
        _FINGERPRINT = digest.hexdigest()
    return _FINGERPRINT
