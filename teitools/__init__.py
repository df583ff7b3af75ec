"""teitools: plain-text archival records → TEI P5, and TEI → text.

The public API is imported lazily so that ``teitools --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["convert", "read_record", "load", "diplomatic_text", "__version__"]

if TYPE_CHECKING:
    from teitools.convert import convert, read_record
    from teitools.render.diplomatic import diplomatic_text
    from teitools.xml import parse_file as load

_LAZY = {
    "convert": ("teitools.convert", "convert"),
    "read_record": ("teitools.convert", "read_record"),
    "load": ("teitools.xml", "parse_file"),
    "diplomatic_text": ("teitools.render.diplomatic", "diplomatic_text"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'teitools' has no attribute {name!r}")
