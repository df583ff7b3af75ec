"""teitools: plain-text archival records → TEI P5; TEI validation; TEI → HTML and text.

The public API is imported lazily so that ``teitools --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["convert", "read_record", "load", "validate", "PROFILE", "render", "diplomatic_text", "__version__"]

if TYPE_CHECKING:
    from teitools.conversion import convert, read_record
    from teitools.rendering import render
    from teitools.rendering.diplomatic import diplomatic_text
    from teitools.validation import PROFILE, validate
    from teitools.xml import parse_file as load

_LAZY = {
    "convert": ("teitools.conversion", "convert"),
    "read_record": ("teitools.conversion", "read_record"),
    "load": ("teitools.xml", "parse_file"),
    "validate": ("teitools.validation", "validate"),
    "PROFILE": ("teitools.validation", "PROFILE"),
    "render": ("teitools.rendering", "render"),
    "diplomatic_text": ("teitools.rendering.diplomatic", "diplomatic_text"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'teitools' has no attribute {name!r}")
