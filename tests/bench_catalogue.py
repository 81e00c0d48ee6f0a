"""`make bench`: how long loading the whole catalogue takes, what each kind of page costs, and
how fast search is (tests/bench_search.py's report, on the catalogue loaded here).

Loads the vendored O*NET and OEWS data and the guide into a fresh SQLite database (or the one
DATABASE_URL names, which it empties first), times the first import and a rerun, then renders
each kind of page several times and reports its queries, its size before and after gzip, and
its median time. Numbers, not assertions: the tests check behaviour, this measures speed.
"""

import gzip
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def main():
    sys.path.insert(0, str(ROOT))
    from tests.bench_search import set_up_django

    set_up_django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from roles.compare.selection import compare_url
    from roles.importers.content import load_content
    from roles.importers.oews import import_oews
    from roles.importers.onet import import_onet
    from roles.models import Occupation

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    timings = {}
    for label in ("first import", "rerun"):
        start = time.perf_counter()
        import_onet()
        import_oews()
        timings[label] = time.perf_counter() - start
    start = time.perf_counter()
    load_content()
    timings["guide content"] = time.perf_counter() - start
    print(f"Catalogue on {connection.vendor}:")
    for label, seconds in timings.items():
        print(f"  {label:<14} {seconds:6.1f} s")

    biggest = list(Occupation.objects.annotate(n=Count("tasks")).order_by("-n")[:4])
    pages = {
        "home": "/",
        "job list": "/roles/",
        "job list, filtered": "/roles/?pay=60000-79999&sort=pay&page=2",
        "role": "/roles/legal-assistant/",
        "occupation": "/occupations/paralegals-and-legal-assistants/",
        "occupation, most tasks": biggest[0].get_absolute_url(),
        "major group": "/fields/production-occupations/",
        "picker, a field": "/compare/?field=healthcare-practitioners-and-technical-occupations&browse=1",
        "chart, 2 roles": "/compare/legal-assistant-vs-legal-secretary/",
        "chart, 4 occupations": compare_url([o.slug for o in biggest]),
        "fit, answered": "/fit/?work=legal&education=associate&pay=high",
        # Every occupation ranked on the shared questions, then one major group's.
        "fit, every occupation": "/fit/?field=any&interests=conventional&interests=investigative"
        "&interests=enterprising&education=associate&pay=high&outlook=moderate&first=interests",
        "fit, a major group": "/fit/?field=healthcare-practitioners-and-technical-occupations"
        "&interests=social&education=bachelor&pay=high&first=pay",
        "search": "/search/?q=legal+research",
        # Next moves: a whole list, the same list from a role, and a job page's top five.
        "next moves, occupation": "/next-moves/registered-nurses/",
        "next moves, role": "/next-moves/legal-secretary/",
        "occupation with moves": "/occupations/electricians/",
    }
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"\n{'page':<24}{'queries':>8}{'KB':>8}{'KB gzip':>9}{'ms':>8}")
    for label, url in pages.items():
        times = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append(1000 * (time.perf_counter() - start))
        assert response.status_code == 200, (url, response.status_code)
        body = response.content
        print(
            f"{label:<24}{len(queries.captured_queries):>8}{len(body) / 1024:>8.1f}"
            f"{len(gzip.compress(body)) / 1024:>9.1f}{statistics.median(times):>8.1f}"
        )

    from tests.bench_search import report as report_search

    print()
    report_search()


if __name__ == "__main__":
    main()
