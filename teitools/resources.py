"""Reading what is not an input: one loader for schemas (and what they include or import), registers,
Schematron files and the like, and one for the inputs themselves.

Every read goes through ``read_regular``: it opens without blocking, refuses anything but a regular file
(``/dev/zero``, a FIFO, a folder), and reads at most the size limit, so no file can hang a run or fill its
memory. A resource is read with an explicit ``Access``: a folder tree only, any local file, or the network
too (fetched once into the cache folder). What is refused is named in the error; the content of a file that
may not be read is never read, so it cannot be shown.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from teitools.errors import InputError, ResourceError, XMLInputError
from teitools.limits import DEFAULT, Limits


@dataclass(frozen=True)
class Access:
    """Where resources may come from: ``folder`` (only inside ``root``), ``local`` (any local file) or
    ``network`` (local files and http(s) URLs)."""

    mode: str = "local"
    root: Path | None = None  # for "folder": the folder tree (resolved) that may be read
    web: bool = False  # for "folder": http(s) URLs too (local files stay inside the folder)

    def __post_init__(self) -> None:
        if self.mode not in ("folder", "local", "network"):
            raise ValueError(f"unknown access mode {self.mode!r}")
        if self.mode == "folder" and self.root is None:
            raise ValueError("access mode 'folder' needs its root folder")

    @property
    def network(self) -> bool:
        return self.mode == "network" or self.web


def is_url(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


def read_regular(path: str | os.PathLike[str], max_bytes: int, what: str, error: type[Exception] = ResourceError
                 ) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; ``error`` (naming the file) for anything else.

    Opened with O_NONBLOCK, so a FIFO with no writer does not hang the open; its type is checked on the open
    descriptor, so a file swapped after a check cannot slip through."""
    name = os.fsdecode(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error(f"{name}: cannot read {what}: too many levels of symbolic links") from None
        raise error(f"{name}: cannot read {what}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{name}: cannot read {what}: it is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{name}: cannot read {what}: not a regular file (a device, FIFO or socket)")
        if info.st_size > max_bytes:
            raise error(_too_large(name, what, max_bytes, error))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks, total = [], 0
        while True:  # a file that grows while it is read is still cut at the limit
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise error(_too_large(name, what, max_bytes, error))
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"{name}: cannot read {what}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_large(name: str, what: str, max_bytes: int, error: type[Exception]) -> str:
    limit = "input-size" if issubclass(error, InputError) else "resource-size"
    return f"{name}: {what} is larger than {max_bytes:,} bytes (raise the limit with --limit {limit}=N)"


def read_input(path: str | os.PathLike[str], limits: Limits = DEFAULT) -> bytes:
    """An input file's bytes: the one place that decides whether an input can be read at all (InputError)."""
    return read_regular(path, limits.input_size, "input", InputError)


def within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def locate(location: str, base: str | None) -> str:
    """``location`` (a path, a file: URL or an http(s) URL) made absolute against ``base`` (a path or URL)."""
    if is_url(location):
        return location
    if location.lower().startswith("file:"):
        return os.path.abspath(urllib.parse.unquote(urllib.parse.urlparse(location).path))
    if base is not None and is_url(base):
        return urllib.parse.urljoin(base, location)
    if base is not None and not os.path.isabs(location):
        location = os.path.join(base, location)
    return os.path.abspath(location)


def load(location: str, access: Access, limits: Limits = DEFAULT, what: str = "resource",
         referrer: str | None = None) -> tuple[str, bytes]:
    """(the local path it was read from, its bytes) for an absolute ``location`` (see ``locate``), under
    ``access``. ``referrer`` names what pointed at it, for the message."""
    by = f" (named in {referrer})" if referrer else ""
    if is_url(location):
        if not access.network:
            raise ResourceError(f"{location}: {what}{by} is on the network and no catalog maps it to a local "
                                f"copy; use --allow-network to fetch it (once, then cached), or --catalog FILE")
        path = fetch(location, limits.resource_size, what)
        return str(path), read_regular(path, limits.resource_size, what)
    if access.mode == "folder" and not within(Path(location), access.root):  # type: ignore[arg-type]
        raise ResourceError(f"{location}: {what}{by} is outside {access.root}; use --allow-outside to read it")
    data = read_regular(location, limits.resource_size, what)
    return location, gunzip(data, location, limits.resource_size, what) if location.endswith(".gz") else data


def gunzip(data: bytes, name: str, max_bytes: int, what: str) -> bytes:
    """A gzip-compressed resource (how teitools ships tei_all), never inflated past ``max_bytes``."""
    import zlib

    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise ResourceError(f"{name}: {what} is not valid gzip data ({exc})") from None
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise ResourceError(f"{name}: {what} inflates to more than {max_bytes:,} bytes (raise the limit with "
                            f"--limit resource-size=N)")
    return out


def vet_parts(doc: object, location: str, access: Access, limits: Limits, parts: Mapping[str, str], what: str,
              resolve: Callable[[str], str | None] = lambda uri: None, seen: dict[str, str] | None = None
              ) -> dict[str, str]:
    """Every file that ``doc`` (an lxml tree read from ``location``) names in the attributes ``parts`` ({tag: its
    attribute}), at any depth, read under ``access`` (or from the local file ``resolve`` maps it to) and parsed
    safely, before an engine that would read them itself gets to them: {location as the engine asks for it: the
    local file}. ResourceError names the part and what named it; a loop is followed once."""
    from teitools.xml import parse_bytes

    seen = {} if seen is None else seen
    base = location if is_url(location) else os.path.dirname(os.path.abspath(location))
    for el in doc.getroot().iter(*parts):  # type: ignore[attr-defined]
        href = (el.get(parts[el.tag]) or "").split("#", 1)[0]
        if not href:
            continue
        where = locate(href, base)
        if where in seen:
            continue
        mapped = resolve(where)
        path, data = load(mapped, Access("local"), limits, what) if mapped else \
            load(where, access, limits, what, referrer=location)
        seen[where] = path
        seen.setdefault(href, path)
        try:
            part = parse_bytes(data, where, limits)
        except XMLInputError as exc:
            raise ResourceError(f"cannot read {what}: {exc}") from None
        vet_parts(part, where, access, limits, parts, what, resolve, seen)
    return seen


def cache_dir() -> Path:
    base = os.environ.get("TEITOOLS_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "teitools")
    return Path(base)


def fetch(url: str, max_bytes: int, what: str = "resource") -> Path:
    """An http(s) resource, fetched once into the cache folder (at most ``max_bytes``)."""
    target = cache_dir() / "schemas" / (hashlib.sha256(url.encode()).hexdigest()[:20] + "-" +
                                        os.path.basename(urllib.parse.urlparse(url).path))
    if target.is_file():
        return target
    try:
        from urllib.request import urlopen  # imported here: the network is the exception

        with urlopen(url, timeout=60) as resp:  # http(s) only: checked by the caller
            data = resp.read(max_bytes + 1)
    except OSError as exc:
        raise ResourceError(f"{url}: cannot fetch {what} ({exc})") from None
    if len(data) > max_bytes:
        raise ResourceError(f"{url}: {what} is larger than {max_bytes:,} bytes (raise the limit with "
                            f"--limit resource-size=N)")
    from teitools.xml import write_atomic

    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)
    return target
