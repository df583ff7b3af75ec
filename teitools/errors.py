"""The exceptions teitools raises on purpose, in one hierarchy: a Python caller catches ``TeitoolsError``.

Each keeps the built-in class it was before (``ValueError``, ``FileExistsError``) as a second base, so
code that caught those still works. The CLI maps them to exit codes: an input or resource that cannot be
used is a usage problem (2), an invalid document or a failed output is a failure (1).
"""

from __future__ import annotations


class TeitoolsError(Exception):
    """Anything teitools refuses or cannot do, with a one-line message that names the file."""


class InputError(TeitoolsError, ValueError):
    """An input that cannot be used (not a regular file, binary, empty, unreadable, over a limit), with its name."""


class XMLInputError(InputError):
    """Malformed or unsafe XML, with where it happened."""

    def __init__(self, path: str, line: int | None, column: int | None, message: str) -> None:
        self.path, self.line, self.column, self.message = path, line, column, message
        where = ":".join(str(p) for p in (path, line, column) if p is not None)
        super().__init__(f"{where}: {message}")


class LimitError(XMLInputError):
    """A document over one of the limits of ``teitools.limits``; the message names the limit and how to raise it."""


class ResourceError(TeitoolsError, ValueError):
    """Something teitools reads besides its inputs (a schema and what it includes, a register, Schematron) that
    may not be read (outside the allowed folder, on the network without the switch), is not a regular file, is
    too large, or is not what it should be."""


class SchemaError(ResourceError):
    """A schema that cannot be found, fetched or compiled."""


class OutputError(TeitoolsError, FileExistsError):
    """An output that must not or cannot be written: it is an input, it exists and --force was not given, or the
    system refused it (read-only folder, full disk)."""


class OutputClash(TeitoolsError, ValueError):
    """Two inputs would be written to the same output (or to one the run writes itself)."""


class Interrupted(KeyboardInterrupt):
    """A run stopped by SIGTERM before it was done: raised by the handler the CLI installs, a KeyboardInterrupt (as
    Ctrl-C raises) so that no ``except Exception`` swallows it and every ``finally`` on the way out runs."""

    def __init__(self, signal_number: int) -> None:
        import signal

        self.signal_number = signal_number
        super().__init__(f"interrupted by {signal.Signals(signal_number).name}")
