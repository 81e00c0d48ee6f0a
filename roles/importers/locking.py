"""One catalogue writer at a time: imports, content loads and index rebuilds wait for each other.

A second `load_content` (or import) started while one runs says so plainly and waits for it,
instead of interleaving its writes or failing half-way with "database is locked". On PostgreSQL
the lock is an advisory lock held by the database session; on an SQLite file it is a lock on a file
beside the database. An in-memory database (the tests') has a single writer anyway.
"""

import sys
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no file locks, the busy timeout still applies
    fcntl = None

ADVISORY_KEY = 0x6361_7265_6572  # "career", an arbitrary key that names this lock
WAITING = "Another import or content load is running on this database; waiting for it to finish..."


def _sqlite_lock_path():
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    return Path(f"{name}.lock")


@contextmanager
def catalogue_lock(out=None, *, lock_path=None):
    """Hold the catalogue writers' lock for the block, saying so to `out` if we must wait."""
    out = out or sys.stderr
    if connection.vendor == "postgresql" and lock_path is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
            if not cursor.fetchone()[0]:
                out.write(WAITING + "\n")
                cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        return
    path = lock_path or (_sqlite_lock_path() if connection.vendor == "sqlite" else None)
    if path is None or fcntl is None:
        yield
        return
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            out.write(WAITING + "\n")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
