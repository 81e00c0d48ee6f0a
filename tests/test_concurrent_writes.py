"""Two editors saving at once on SQLite both succeed; two content loads never interleave."""

import io
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from roles.importers.locking import WAITING, catalogue_lock

ROOT = Path(__file__).resolve().parent.parent

# One editor's save, as the admin makes it: read the row, think, write it back, in one transaction,
# in its own process with the site's own settings and an SQLite file.
EDITOR = """
import sys, time
import django
django.setup()
from django.db import connection, transaction
start_at, label = float(sys.argv[1]), sys.argv[2]
time.sleep(max(0, start_at - time.time()))
with transaction.atomic():
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary FROM role WHERE id = 1")
        cursor.fetchone()
        time.sleep(0.5)
        cursor.execute("UPDATE role SET summary = %s WHERE id = 1", [label])
        cursor.execute("INSERT INTO history (editor) VALUES (%s)", [label])
print("saved", label)
"""


def test_two_editors_saving_at_once_on_sqlite_both_succeed(tmp_path):
    path = tmp_path / "editors.sqlite3"
    with sqlite3.connect(path) as db:
        # As `migrate` leaves it: the site's first connection switched the file to WAL.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE role (id INTEGER PRIMARY KEY, summary TEXT)")
        db.execute("CREATE TABLE history (id INTEGER PRIMARY KEY, editor TEXT)")
        db.execute("INSERT INTO role (id, summary) VALUES (1, 'first')")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careerguide.settings",
        "DATABASE_URL": f"sqlite:///{path}",
        "CACHE_URL": "locmem://",
    }
    start_at = str(time.time() + 2.5)  # both processes start their transaction together
    editors = [
        subprocess.Popen(
            [sys.executable, "-c", EDITOR, start_at, label],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for label in ("editor A", "editor B")
    ]
    results = [editor.communicate(timeout=60) for editor in editors]
    for editor, (_out, err) in zip(editors, results, strict=True):
        assert editor.returncode == 0, err
    with sqlite3.connect(path) as db:
        saved = sorted(row[0] for row in db.execute("SELECT editor FROM history"))
    assert saved == ["editor A", "editor B"]


def test_the_sites_sqlite_connections_switch_a_new_database_to_wal(tmp_path):
    path = tmp_path / "new.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "CACHE_URL": "locmem://"}
    script = "import django; django.setup(); from django.db import connection; connection.ensure_connection()"
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_second_content_load_says_it_waits_for_the_first(tmp_path):
    lock_path = tmp_path / "db.sqlite3.lock"
    order = []
    first_holds = threading.Event()
    message = io.StringIO()

    def first():
        with catalogue_lock(io.StringIO(), lock_path=lock_path):
            order.append("first starts")
            first_holds.set()
            time.sleep(0.4)
            order.append("first ends")

    def second():
        first_holds.wait()
        with catalogue_lock(message, lock_path=lock_path):
            order.append("second starts")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert order == ["first starts", "first ends", "second starts"]
    assert message.getvalue().strip() == WAITING
