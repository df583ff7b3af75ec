"""Plain-text record → TEI tree: the library behind ``teitools convert``."""

from __future__ import annotations

import datetime as _dt
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from teitools import conventions as _conventions
from teitools.conventions import Conventions
from teitools.encode import encode
from teitools.errors import ResourceError, XMLInputError
from teitools.files import OutputError
from teitools.limits import DEFAULT, Limits
from teitools.readers import Conversion, read
from teitools.readers.names import Register, default_register
from teitools.record import Record
from teitools.resources import read_input, read_regular
from teitools.textio import decode

NO_REGISTER = "none"


def load_register(path: str | os.PathLike[str] | None, limits: Limits = DEFAULT) -> Register:
    """A user's register (TEI listPerson/listPlace/listOrg) — then only the user's —, none at all for ``"none"``,
    or the sample register shipped with teitools; a file that cannot be read, is not a regular file, or is not
    safe, well-formed XML raises ResourceError."""
    if path is None:
        return default_register()
    if os.fsdecode(path) == NO_REGISTER:
        return Register([])
    data = read_regular(path, limits.resource_size, "register")
    try:
        return Register.from_tei(data, os.fsdecode(path))
    except XMLInputError as exc:
        raise ResourceError(f"register {exc}") from None


def load_conventions(paths: list[str | os.PathLike[str]] = (), limits: Limits = DEFAULT) -> Conventions:
    """The built-in conventions with the user's files merged over them."""
    return _conventions.load(list(paths), size=limits.resource_size)


def read_record(source: str | bytes | os.PathLike[str], *, layout: str | None = None,
                register: Register | None = None, conventions: Conventions | None = None,
                language: str | None = None, name: str | None = None, deferred: bool = False) -> Record:
    """Text, bytes or a path → Record. A ``str`` is the record's text itself; use a Path for a file name.
    ``register`` is the only register used (default: the bundled sample; ``Register([])`` for none).
    ``deferred``: for ``encode.stream.write_encoded`` (a big record), the paragraphs' content is not kept."""
    warnings: list[str] = []
    if isinstance(source, os.PathLike):
        name = name or str(source)
        text, warnings = decode(read_input(source), name)
    elif isinstance(source, bytes):
        text, warnings = decode(source, name or "<bytes>")
    else:
        text = source
    conversion = Conversion(register if register is not None else default_register(),
                            conventions or _conventions.built_in(), language=language, deferred=deferred)
    rec = read(text, conversion, layout=layout, name=name or "<text>")
    rec.warnings[:0] = warnings
    return rec


def convert(source: str | bytes | os.PathLike[str], *, layout: str | None = None,
            register: Register | None = None, conventions: Conventions | None = None,
            language: str | None = None, today: _dt.date | None = None) -> etree._ElementTree:
    """Convert one plain-text record (its text, bytes or a path) to a TEI tree."""
    rec = read_record(source, layout=layout, register=register, conventions=conventions, language=language)
    return encode(rec, today=today)


def convert_data(data: bytes, *, name: str, layout: str | None = None, register: Register | None = None,
              conventions: Conventions | None = None, language: str | None = None, today: _dt.date | None = None
              ) -> tuple[Record, bytes | Callable[[BinaryIO], None]]:
    """A record's bytes → the record and its TEI as ``files.write_output`` takes it: the bytes, or, for a record
    of ``STREAM_FROM`` bytes or more, what writes them as the record is encoded (``encode.stream``)."""
    from teitools.encode.stream import STREAM_FROM, write_encoded
    from teitools.xml import serialize

    big = len(data) >= STREAM_FROM
    rec = read_record(data, layout=layout, register=register, conventions=conventions, language=language,
                      name=name, deferred=big)
    return rec, functools.partial(write_encoded, rec, today=today) if big else serialize(encode(rec, today=today))


def output_path(src: Path, out_dir: Path) -> Path:
    return out_dir / (src.stem + ".xml")


__all__ = ["NO_REGISTER", "OutputError", "convert", "convert_data", "load_conventions", "load_register", "output_path",
           "read_record"]
