"""A warm validator: one background process per schema keeps it compiled, so a new process validates fast.

A pre-commit hook or an editor starts a new process for every file, and each
must prepare the schema again. With ``--warm`` the first run starts a worker
(``python -m teitools.validation.worker SCHEMA``) that answers on a Unix socket in
a per-user folder; later runs send it the file paths and print its report. A
RELAX NG grammar is specialised to the names of the first request's files and
grows when a later file brings new ones (``Schema.cover``), so the worker listens
within a second instead of compiling the whole of tei_all for 12 s. It runs the
same code as a run without it (``Validator.check_file``), so the verdicts cannot
differ. It exits after 15 idle minutes, and a changed schema file gets a new
worker (the socket name includes the schema's size and modification time).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from teitools.validation.findings import FileReport, Finding

IDLE_SECONDS = 900
PROTOCOL = 4


def _folder() -> Path:
    folder = Path(tempfile.gettempdir()) / f"teitools-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def socket_path(schema: str) -> Path:
    st = os.stat(schema)
    key = f"{PROTOCOL}|{os.path.abspath(schema)}|{st.st_size}|{st.st_mtime_ns}"
    return _folder() / (hashlib.sha256(key.encode()).hexdigest()[:16] + ".sock")


def _send(sock: socket.socket, obj: object) -> None:
    data = json.dumps(obj).encode()
    sock.sendall(len(data).to_bytes(8, "big") + data)


def _recv(sock: socket.socket) -> object:
    head = _exact(sock, 8)
    return json.loads(_exact(sock, int.from_bytes(head, "big")))


def _exact(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(min(1 << 20, n - len(buf)))
        if not chunk:
            raise ConnectionError("worker closed the connection")
        buf += chunk
    return bytes(buf)


def _report_to_json(fr: FileReport, ids: list) -> dict:
    return {"path": fr.path, "engine": fr.engine, "ids": ids, "findings": [f.as_dict() for f in fr.findings]}


def _report_from_json(d: dict) -> tuple[FileReport, list]:
    fr = FileReport(d["path"], [Finding.from_dict(f) for f in d["findings"]], d.get("engine"))
    return fr, [tuple(x) for x in d.get("ids", [])]


def _request(schema: str, payload: dict, timeout: float) -> dict | None:
    """One request to the worker for ``schema``; None when none runs or it does not answer."""
    try:
        path = socket_path(schema)
    except OSError:
        return None
    if not path.exists():
        return None
    with contextlib.suppress(OSError, ConnectionError, ValueError), \
            socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(str(path))
        _send(sock, {"protocol": PROTOCOL, **payload})
        answer = _recv(sock)
        if isinstance(answer, dict) and answer.get("protocol") == PROTOCOL:
            return answer
    return None


def ask(schema: str, paths: list[Path], rules: bool, strict: bool, max_errors: int | None,
        roots: list[Path | None] | None = None, timeout: float = 600.0) -> list[tuple[FileReport, list]] | None:
    """Reports from a running worker for ``schema``, or None when there is none. ``roots``: for each path, the
    folder named that it was found in (its includes may read anything inside it), as a cold run has them."""
    folders = [os.path.abspath(r) if r is not None else None for r in (roots or [None] * len(paths))]
    answer = _request(schema, {"paths": [os.path.abspath(p) for p in paths], "roots": folders, "rules": rules,
                               "strict": strict, "max_errors": max_errors}, timeout)
    if answer is None or "reports" not in answer:
        return None
    results = [_report_from_json(d) for d in answer["reports"]]
    for (fr, _), p in zip(results, paths, strict=True):
        fr.path = str(p)  # as the user named it
    return results


def stop(schema: str) -> bool:
    """Ask the worker for ``schema`` to exit; True if one was running."""
    return _request(schema, {"stop": True}, 10.0) is not None


def start(schema: str) -> None:
    """Start a worker for ``schema`` in the background (it detaches; nothing waits for it)."""
    subprocess.Popen([sys.executable, "-m", "teitools.validation.worker", os.path.abspath(schema)],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)


def serve(schema: str, idle: float = IDLE_SECONDS) -> None:
    path = socket_path(schema)
    lock = path.with_suffix(".lock")
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        if time.time() - lock.stat().st_mtime < 120:
            return  # another worker is starting
        lock.unlink(missing_ok=True)
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    signal.signal(signal.SIGTERM, lambda *_: _exit_now(path, lock))
    service = None
    try:
        service = _Service(schema)
        path.unlink(missing_ok=True)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
            server.bind(str(path))
            os.chmod(path, 0o600)
            server.listen(8)
            server.settimeout(idle)
            while True:
                try:
                    conn, _ = server.accept()
                except TimeoutError:
                    break
                with conn:
                    if service.answer(conn) == "stop":
                        break
    finally:
        if service is not None:
            service.close()
        path.unlink(missing_ok=True)
        lock.unlink(missing_ok=True)


def _exit_now(*files: Path) -> None:
    """On a plain kill (SIGTERM): leave no stale socket or lock for the next worker, and exit at once (the pool's
    processes see their pipe close and exit too; waiting for them can hang when they were killed as well)."""
    for f in files:
        f.unlink(missing_ok=True)
    os._exit(0)


_POOL_VALIDATORS: dict = {}


def _init_pool(validators: dict) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool's processes have nothing to clean up
    _POOL_VALIDATORS.update(validators)


def _variant(schema: str, validators: dict, key: tuple):
    """The validator for one set of options, sharing the compiled schema of the first."""
    from teitools.validation import Options, Validator

    if key not in validators:
        first = next(iter(validators.values()))
        v = Validator.__new__(Validator)
        v.options = Options(schema=schema, rules=key[0], strict=key[1], max_errors=key[2])
        v.schemas, v.schematron, v.declared = first.schemas, [], first.declared
        validators[key] = v
    return validators[key]


def _pool_check(args: tuple) -> dict:
    schema, key, path, root = args
    fr, ids = _variant(schema, _POOL_VALIDATORS, key).check_file(Path(path), Path(root) if root else None)
    return _report_to_json(fr, ids)


class _Service:
    """The worker's state: validators sharing one compiled schema, the names of every file seen, the pool.

    A RELAX NG grammar starts specialised to no names. Before each request the names of its files are looked up
    (parsed again only when a file changed: one stat each) and the grammar grows once to cover them all; the pool
    is forked again after a growth, so that its processes never grow the grammar file by file on their own.
    """

    def __init__(self, schema: str) -> None:
        from teitools.validation import Options, Validator

        self.schema = schema
        # any schema other than a RELAX NG the specialiser reads is compiled whole here, once
        self.validators: dict[tuple, Validator] = {
            (True, False, None): Validator(Options(schema=schema), (frozenset(), frozenset()))}
        self.compiled = self.validators[(True, False, None)].schemas.get(schema)
        self.names: dict[str, tuple[tuple[int, int], frozenset, frozenset]] = {}  # path → (stat, names)
        self.pool = None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool = None

    def _cover(self, paths: list[str]) -> None:
        from teitools.validation.specialize import vocabulary
        from teitools.xml import XMLInputError, parse_file

        elements: set = set()
        attributes: set = set()
        for p in paths:
            try:
                st = os.stat(p)
                seen = self.names.get(p)
                if seen is None or seen[0] != (st.st_mtime_ns, st.st_size):
                    seen = ((st.st_mtime_ns, st.st_size), *vocabulary([parse_file(Path(p))]))
                    self.names[p] = seen
            except (OSError, XMLInputError):
                continue  # reported when the file is checked
            elements |= seen[1]
            attributes |= seen[2]
        before = self.compiled.special
        self.compiled.cover(frozenset(elements), frozenset(attributes))
        if self.compiled.special is not before:
            self.close()  # its processes hold the grammar as it was

    def answer(self, conn: socket.socket) -> str | None:
        try:
            req = _recv(conn)
            if not isinstance(req, dict) or req.get("protocol") != PROTOCOL:
                return None
            if req.get("stop"):
                _send(conn, {"protocol": PROTOCOL, "stopped": True})
                return "stop"
            key = (bool(req["rules"]), bool(req["strict"]), req.get("max_errors"))
            paths = req["paths"]
            roots = req.get("roots") or [None] * len(paths)
            if self.compiled.covers is not None:
                self._cover(paths)
            if len(paths) >= 16 and (os.cpu_count() or 1) > 1:
                if self.pool is None:
                    from multiprocessing import get_context

                    # forked: the processes share the compiled schema
                    self.pool = get_context("fork").Pool(os.cpu_count(), initializer=_init_pool,
                                                         initargs=(self.validators,))
                reports = self.pool.map(_pool_check, [(self.schema, key, p, r) for p, r in zip(paths, roots,
                                                                                                   strict=True)],
                                        chunksize=max(1, len(paths) // 16))
            else:
                validator = _variant(self.schema, self.validators, key)
                reports = []
                for p, r in zip(paths, roots, strict=True):
                    fr, ids = validator.check_file(Path(p), Path(r) if r else None)
                    reports.append(_report_to_json(fr, ids))
            _send(conn, {"protocol": PROTOCOL, "reports": reports})
        except (OSError, ConnectionError, ValueError, KeyError):
            return None
        return None


if __name__ == "__main__":
    serve(sys.argv[1])
