"""`make bench`: how long searching the whole catalogue takes, and what PostgreSQL does for it.

Loads the vendored O*NET and OEWS data and the guide into a fresh SQLite database (or the one
DATABASE_URL names, which it empties first), times rebuilding the search index, then searches for
a common word, a misspelling and an alternate title several times each: the ranking alone
(`find_jobs`) and the whole results page. On PostgreSQL it also prints EXPLAIN ANALYZE for the
postings query and the misspelling's trigram query. Numbers, not assertions.
"""

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 15
QUERIES = {
    "a common word": "manager",
    "a misspelling": "paralgal",
    "an alternate title": "attorney",
}


def median_ms(action):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)


def set_up_django():
    """Django on a throwaway SQLite file (unless DATABASE_URL names a database), removed at exit;
    pages are rendered, not served from the page cache (tests/bench_http.py measures that)."""
    sys.path.insert(0, str(ROOT))
    workdir = tempfile.mkdtemp(prefix="careerguide-bench-")
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("PAGE_CACHE", "false")
    os.environ.setdefault("CACHE_URL", "locmem://")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
    import django

    django.setup()


def main():
    """Run on its own: load the catalogue into a fresh database, then `report`."""
    set_up_django()
    from django.core.management import call_command

    from roles.importers.content import load_content
    from roles.importers.oews import import_oews
    from roles.importers.onet import import_onet

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    import_onet()
    import_oews()
    load_content()
    report()


def report():
    """Time an index rebuild and the searches on the catalogue already loaded (bench_catalogue
    calls this after its own load, so `make bench` imports the catalogue once)."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from roles.discover.index import rebuild_search_index
    from roles.discover.search import (
        correction_candidates,
        find_jobs,
        postings_query,
        read_query,
    )
    from roles.models import Occupation, Role, SearchPosting, SearchWord

    with transaction.atomic():
        start = time.perf_counter()
        rebuild_search_index()
        rebuild = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"Search index on {connection.vendor}: {SearchPosting.objects.count():,} postings, "
        f"{SearchWord.objects.count():,} words, rebuilt in {rebuild:.1f} s"
    )

    reader = AnonymousUser()
    occupations = Occupation.objects.visible_to(reader)
    roles = Role.objects.visible_to(reader)
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"\n{'search':<34}{'jobs':>6}{'queries':>9}{'rank ms':>9}{'page ms':>9}")
    for label, query in QUERIES.items():
        hits = find_jobs(read_query(query), occupations, roles)
        rank = median_ms(lambda query=query: find_jobs(read_query(query), occupations, roles))
        page = median_ms(lambda query=query: client.get("/search/", {"q": query}))
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        print(
            f"{label + ' (' + query + ')':<34}{len(hits):>6}{len(queries.captured_queries):>9}"
            f"{rank:>9.1f}{page:>9.1f}"
        )

    if connection.vendor == "postgresql":
        terms = read_query("manager")
        print("\nEXPLAIN ANALYZE, the postings of “manager”:")
        print(postings_query(terms.needs, occupations, roles).explain(analyze=True))
        print("\nEXPLAIN ANALYZE, the words “paralgal” may stand for:")
        print(correction_candidates(["paralgal"]).explain(analyze=True))


if __name__ == "__main__":
    main()
