"""What one conversion reads with, passed down explicitly from ``teitools.convert()``."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from teitools.conventions import Conventions, built_in
from teitools.readers.names import Register


@dataclass(frozen=True)
class Conversion:
    """The register (only the one given: the bundled sample by default, a user's, or an empty one), the merged
    conventions, a language forced by the user, and the date the encoding is made. ``deferred``: a big record,
    encoded as it is written (``encode.stream``): the text's inline content is made again when it is encoded,
    not kept, and the linking of its names is left to the encoding."""

    register: Register
    conventions: Conventions = field(default_factory=built_in)
    language: str | None = None
    today: _dt.date = field(default_factory=_dt.date.today)
    deferred: bool = False
