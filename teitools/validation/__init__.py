"""Validate TEI: well-formedness (safely), a schema (given or declared), TEI rule checks, user Schematron.

``validate`` is the entry point from Python; ``validate_paths`` is what the CLI
runs (several processes, one schema compilation per process, the cross-file id
check in the parent). Names are imported lazily, so that a run the warm worker
answers loads neither lxml nor the schema machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["validate", "validate_paths", "Options", "Validator", "Report", "FileReport", "Finding", "SchemaError",
           "PROFILE"]

if TYPE_CHECKING:
    from teitools.schemas import PROFILE
    from teitools.validation.findings import FileReport, Finding, Report
    from teitools.validation.options import Options
    from teitools.validation.run import validate, validate_paths
    from teitools.validation.schemas import SchemaError
    from teitools.validation.validator import Validator

_LAZY = {
    "validate": "teitools.validation.run",
    "validate_paths": "teitools.validation.run",
    "Options": "teitools.validation.options",
    "Validator": "teitools.validation.validator",
    "Report": "teitools.validation.findings",
    "FileReport": "teitools.validation.findings",
    "Finding": "teitools.validation.findings",
    "SchemaError": "teitools.validation.schemas",
    "PROFILE": "teitools.schemas",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'teitools.validation' has no attribute {name!r}")
