"""`make bench`, over HTTP: what gunicorn serves per second, and whether it keeps serving while an
editor saves.

Builds a throwaway database with the shipped content (migrate, import_onet, import_oews,
load_content), runs collectstatic, then starts `gunicorn careerguide.wsgi -w 2` with DEBUG off:

1. Throughput. One server with the page cache on, then one with PAGE_CACHE=false. For a static
   file, a role page, a 2-role and a 4-role chart, the job list and a search, wrk runs
   `-t2 -c32 -d10s --latency` with `Accept-Encoding: gzip`, like a browser. One markdown table:
   requests/s, p50 and p99, each page's requests/s and p50 against the static file's on the same
   server, what served the answers (page cache hits or fresh renders) and any non-2xx/3xx answers or
   socket errors.
2. Soak. A server with the page cache on gets 60 s of wrk at 64 connections over those pages in
   turn (tests/bench_http.lua) while an editor logs in through the admin's login form and saves a
   role's change form every second (every field of the form, its inlines and management forms,
   with a new summary). Passes with no non-2xx/3xx answers, no socket errors, no failed save, no
   error in the server's log, and the last save showing on the role page afterwards.

Numbers for the table; the soak's verdict is the exit status (0 when it passed).

The database: a fresh SQLite file by default. `--postgres` starts a throwaway PostgreSQL server
(Debian's binaries, under /tmp, on a free loopback port; stopped on exit). With DATABASE_URL set,
that database is used as it is (migrated, the content loaded again, an editor account added).

    .venv/bin/python tests/bench_http.py              # table and soak on SQLite (about 4 minutes)
    .venv/bin/python tests/bench_http.py --postgres --soak-only   # what `make bench` runs next
    .venv/bin/python tests/bench_http.py --quick      # 3 s per page, a 15 s soak

wrk comes from Debian's `wrk` package. Every server and database this starts is stopped on exit,
Ctrl-C included, and its files (under /tmp) removed unless --keep.
"""

import argparse
import contextlib
import glob
import html
import http.client
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from app_servers import (
    Browser,
    Failure,
    Gunicorn,
    anonymous_get,
    collect_static,
    count_tracebacks,
    create_editor,
    free_port,
    load_site,
    log_in,
    production_env,
    role_change_url,
    save_change_form,
    server_errors,
    static_path,
)

LUA = Path(__file__).resolve().parent / "bench_http.lua"
EDITED_ROLE = "legal-assistant"
PAGES = {
    "static file": None,  # the site's stylesheet, under its hashed name
    "role": f"/roles/{EDITED_ROLE}/",
    "chart, 2 roles": "/compare/legal-assistant-vs-legal-secretary/",
    "chart, 4 roles": (
        "/compare/legal-administrative-assistant-vs-legal-assistant-vs-legal-secretary-vs-paralegal/"
    ),
    "job list": "/roles/",
    "search": "/search/?q=paralegal",
}
# The soak also reads the home page and another role's page.
SOAK_EXTRA = ["/", "/roles/paralegal/"]
CONNECTIONS = 32
SOAK_CONNECTIONS = 64
# wrk gives up on an answer after this long and counts a timeout; slower answers show in p99.
WRK_TIMEOUT = "10s"
SOAK_EDIT = re.compile(r"^Soak edit \d+: ")


# wrk


@dataclass
class Run:
    requests: int
    per_second: float
    p50: float  # milliseconds
    p99: float
    slowest: float
    non_2xx_3xx: int
    socket_errors: dict
    statuses: dict = field(default_factory=dict)
    cache_states: dict = field(default_factory=dict)

    @property
    def errors(self):
        return self.non_2xx_3xx + sum(self.socket_errors.values())

    def served(self):
        total = sum(self.cache_states.values()) or 1
        hits = self.cache_states.get("hit", 0)
        misses = self.cache_states.get("miss", 0)
        if hits or misses:
            return f"cache: {100 * hits / total:.0f}% hits"
        return "rendered" if self.cache_states else "?"


UNITS_MS = {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}


def _ms(value, unit):
    return float(value) * UNITS_MS[unit]


def run_wrk(base, paths, *, connections, seconds, threads=2):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        WRK_TIMEOUT,
        "-H",
        "Accept-Encoding: gzip",
        "-s",
        str(LUA),
        base + paths[0],
        "--",
        *paths,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def number(pattern, default=None):
        found = re.search(pattern, output, re.M)
        if found is None:
            if default is None:
                raise Failure(f"Could not read {pattern!r} in wrk's output:\n{output}")
            return default
        return found.groups()

    sockets = number(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", ("0",) * 4
    )
    return Run(
        requests=int(number(r"^\s*(\d+) requests in")[0]),
        per_second=float(number(r"^Requests/sec:\s+([\d.]+)")[0]),
        p50=_ms(*number(r"^\s+50%\s+([\d.]+)(us|ms|s|m|h)\b")),
        p99=_ms(*number(r"^\s+99%\s+([\d.]+)(us|ms|s|m|h)\b")),
        slowest=_ms(*number(r"^\s+Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m|h)\b")),
        non_2xx_3xx=int(number(r"Non-2xx or 3xx responses: (\d+)", ("0",))[0]),
        socket_errors=dict(
            zip(("connect", "read", "write", "timeout"), map(int, sockets), strict=True)
        ),
        statuses={k: int(v) for k, v in re.findall(r"^status (\d+) (\d+)$", output, re.M)},
        cache_states={k: int(v) for k, v in re.findall(r"^page-cache (\S+) (\d+)$", output, re.M)},
    )


# Databases


def postgres_bindir():
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if debian:
        return Path(debian[-1]).parent
    if shutil.which("pg_config"):
        bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout
        if (Path(bindir.strip()) / "initdb").exists():
            return Path(bindir.strip())
    raise Failure("--postgres needs PostgreSQL's server programs (Debian's postgresql package).")


def start_postgres(stack):
    """A throwaway PostgreSQL server on a free loopback port (fsync off, as in .ci/run), stopped and
    removed on exit."""
    bindir = postgres_bindir()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="careerguide-http-pg-", dir="/tmp"))
    stack.callback(shutil.rmtree, folder, ignore_errors=True)
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    quiet = {"stdout": subprocess.DEVNULL, "check": True}
    initdb = [bindir / "initdb", "-D", data, "-U", "guide", "--auth=trust", "-E", "UTF8"]
    subprocess.run([*as_postgres, *initdb, "--locale=C.UTF-8"], **quiet)
    stack.callback(
        subprocess.run,
        [*as_postgres, bindir / "pg_ctl", "-D", data, "-m", "immediate", "stop"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
    pg_ctl = [bindir / "pg_ctl", "-D", data, "-l", folder / "server.log", "-w", "-o", options]
    subprocess.run([*as_postgres, *pg_ctl, "start"], **quiet)
    subprocess.run(
        [bindir / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "guide", "guide"],
        check=True,
    )
    return f"postgres://guide@127.0.0.1:{port}/guide"


# The editor


class Editor(threading.Thread):
    """Logs in through the admin's login form, then saves a role's change form every second."""

    def __init__(self, base, username, password, slug):
        super().__init__(daemon=True)
        self.base, self.username, self.password, self.slug = base, username, password, slug
        self.ready = threading.Event()
        self.finish = threading.Event()
        self.saved = 0
        self.failures = []
        self.durations = []
        self.last_marker = None

    def run(self):
        browser = Browser(timeout=30)
        try:
            log_in(browser, self.base, self.username, self.password)
            url = role_change_url(browser, self.base, self.slug)
        except (Failure, OSError, http.client.HTTPException) as error:
            self.failures.append(f"before the first save: {error}")
            return
        finally:
            self.ready.set()
        number, next_save = 0, time.monotonic()
        while not self.finish.is_set():
            number += 1
            marker = f"Soak edit {number}: "
            start = time.perf_counter()
            try:
                save_change_form(
                    browser,
                    url,
                    "role_form",
                    {"summary": lambda old, marker=marker: marker + SOAK_EDIT.sub("", old)},
                )
                self.saved += 1
                self.last_marker = marker
            except (Failure, OSError, http.client.HTTPException) as error:
                self.failures.append(f"save {number}: {error}")
            self.durations.append(1000 * (time.perf_counter() - start))
            next_save = max(next_save + 1, time.monotonic())
            self.finish.wait(next_save - time.monotonic())


# The two parts


def server_env(env, workdir, name, page_cache=True):
    return {
        **env,
        "CACHE_URL": f"file://{workdir}/cache-{name}",
        "PAGE_CACHE": "true" if page_cache else "false",
        "MEDIA_ROOT": str(workdir / "media"),
    }


def start_server(stack, env, workdir, name, page_cache=True):
    server = Gunicorn(
        name, free_port(), server_env(env, workdir, name, page_cache), workdir / f"{name}.log"
    )
    stack.callback(server.stop)
    server.wait_until_up()
    return server


def check_pages(server, paths):
    """Each page answers 200, gzip-compressed; returns whether it came from the page cache."""
    for path in paths:
        first = anonymous_get(server.url + path)
        if first.status != 200:
            raise Failure(f"{server.url}{path} answered {first.status}, not 200.")
        if first.header("Content-Encoding") != "gzip":
            print(f"  note: {path} was sent without gzip")


def measure(stack, env, workdir, pages, seconds, page_cache):
    name = "cached" if page_cache else "uncached"
    server = start_server(stack, env, workdir, name, page_cache)
    check_pages(server, pages.values())
    results = {}
    for label, path in pages.items():
        run_wrk(server.url, [path], connections=4, seconds=1, threads=1)  # warm both workers
        results[label] = run_wrk(server.url, [path], connections=CONNECTIONS, seconds=seconds)
    server.stop()
    return results


def print_table(pages, measured):
    print(
        "| page | address | page cache | requests/s | × static | p50 ms | p99 ms | p50 × static "
        "| served | non-2xx/3xx | socket errors |"
    )
    print("|---|---|---|--:|--:|--:|--:|--:|---|--:|--:|")
    for label, path in pages.items():
        for cache, results in measured.items():
            run, static = results[label], results["static file"]
            sockets = sum(run.socket_errors.values())
            served = "WhiteNoise" if label == "static file" else run.served()
            print(
                f"| {label} | `{path}` | {cache} | {run.per_second:,.0f} "
                f"| {run.per_second / static.per_second:.3f} | {run.p50:.1f} | {run.p99:.1f} "
                f"| {run.p50 / static.p50:.1f} | {served} | {run.non_2xx_3xx} | {sockets} |"
            )


def soak(stack, env, workdir, pages, seconds, username, password):
    server = start_server(stack, env, workdir, "soak")
    paths = [*pages.values(), *SOAK_EXTRA]
    check_pages(server, paths)
    editor = Editor(server.url, username, password, EDITED_ROLE)
    editor.start()
    editor.ready.wait(60)
    try:
        run = run_wrk(server.url, paths, connections=SOAK_CONNECTIONS, seconds=seconds)
    finally:
        editor.finish.set()
        editor.join(60)
    after = anonymous_get(server.url + PAGES["role"])
    server.stop()
    errors = server_errors(server.log)
    tracebacks = count_tracebacks(server.log)
    shows_last = bool(editor.last_marker) and html.escape(editor.last_marker) in after.text

    print(
        f"{seconds} s of wrk at {SOAK_CONNECTIONS} connections over {len(paths)} addresses in "
        f"turn, while an editor saves the role {EDITED_ROLE} in the admin every second:"
    )
    print(
        f"  requests        {run.requests:,} ({run.per_second:,.0f}/s); p50 {run.p50:.0f} ms, "
        f"p99 {run.p99:.0f} ms, slowest {run.slowest:.0f} ms"
    )
    print("  statuses        " + ", ".join(f"{k}: {v:,}" for k, v in sorted(run.statuses.items())))
    print(
        "  page cache      "
        + ", ".join(f"{k}: {v:,}" for k, v in sorted(run.cache_states.items()))
        + " (none: the static file)"
    )
    print(f"  non-2xx/3xx     {run.non_2xx_3xx}")
    print("  socket errors   " + ", ".join(f"{k} {v}" for k, v in run.socket_errors.items()))
    durations = editor.durations or [0]
    print(
        f"  editor          {editor.saved} saves, {len(editor.failures)} failed; a save (GET the "
        f"form, POST it) took {statistics.median(durations):.0f} ms median, "
        f"{max(durations):.0f} ms at most"
    )
    for failure in editor.failures[:10]:
        print(f"    {failure}")
    print(f"  server log      {len(errors)} errors, {tracebacks} tracebacks ({server.log.name})")
    for error in errors[:10]:
        print(f"    {error.headline}")
        for line in error.last_lines:
            print(f"      {line}")
    print(
        f"  afterwards      the role page {'shows' if shows_last else 'does NOT show'} the last save"
    )
    passed = (
        run.errors == 0
        and not editor.failures
        and editor.saved > 0
        and not errors
        and not tracebacks
        and shows_last
    )
    print(f"Soak {'passed' if passed else 'FAILED'}.")
    return passed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 s per page and a 15 s soak")
    parser.add_argument("--seconds", type=int, help="wrk's duration per page (default 10)")
    parser.add_argument("--soak-seconds", type=int, help="the soak's duration (default 60)")
    parser.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL")
    parser.add_argument("--no-soak", action="store_true", help="only the throughput table")
    parser.add_argument("--soak-only", action="store_true", help="only the soak")
    parser.add_argument("--keep", action="store_true", help="keep the database and server logs")
    args = parser.parse_args()
    seconds = args.seconds or (3 if args.quick else 10)
    soak_seconds = args.soak_seconds or (15 if args.quick else 60)
    if not shutil.which("wrk"):
        raise SystemExit("tests/bench_http.py needs wrk: install Debian's wrk package.")

    # Ctrl-C (even when started in the background, where it is ignored), TERM and HUP unwind the
    # ExitStack, stopping the servers.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda signum, frame: sys.exit(128 + signum))

    passed = True
    with contextlib.ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix="careerguide-http-", dir="/tmp"))
        if args.keep:
            stack.callback(print, f"Kept {workdir}")
        else:
            stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        started = time.perf_counter()
        if args.postgres:
            database_url = start_postgres(stack)
        else:
            database_url = os.getenv("DATABASE_URL") or f"sqlite:///{workdir}/bench.sqlite3"
        env = production_env(DATABASE_URL=database_url, MEDIA_ROOT=workdir / "media")
        vendor = database_url.split(":", 1)[0]
        load_site(env, quiet=True)
        username, password = f"bench-editor-{secrets.token_hex(3)}", secrets.token_urlsafe(16)
        create_editor(env, username, password)
        collect_static(env)
        pages = {label: path or static_path("css/site.css") for label, path in PAGES.items()}
        print(
            f"\nHTTP on {vendor}: gunicorn -w 2, DEBUG off; content loaded and static files "
            f"collected in {time.perf_counter() - started:.0f} s."
        )

        if not args.soak_only:
            started = time.perf_counter()
            measured = {}
            for page_cache in (True, False):
                results = measure(stack, env, workdir, pages, seconds, page_cache)
                measured["on" if page_cache else "off"] = results
            print(
                f"\nwrk -t2 -c{CONNECTIONS} -d{seconds}s --latency, Accept-Encoding: gzip; "
                f"× static: against the static file on the same server "
                f"({time.perf_counter() - started:.0f} s):\n"
            )
            print_table(pages, measured)
            errors = sum(run.errors for results in measured.values() for run in results.values())
            passed = errors == 0

        if not args.no_soak:
            started = time.perf_counter()
            print(f"\nSoak on {vendor}:")
            passed = soak(stack, env, workdir, pages, soak_seconds, username, password) and passed
            print(f"(soak: {time.perf_counter() - started:.0f} s)")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    try:
        main()
    except Failure as failure:
        sys.exit(f"bench_http: {failure}")
    except KeyboardInterrupt:
        sys.exit(130)
