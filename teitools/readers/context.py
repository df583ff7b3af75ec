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
    encoded as it is written (``encode.stream``): its paragraphs' inline content is not kept, but made (and its
    names linked) again when it is encoded."""

    register: Register
    conventions: Conventions = field(default_factory=built_in)
    language: str | None = None
    today: _dt.date = field(default_factory=_dt.date.today)
    deferred: bool = False
