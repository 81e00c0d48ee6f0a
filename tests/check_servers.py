"""Two app servers sharing one database and one Redis cache: an edit made through one is what the
other serves next, and neither serves a stale cached page. Run by .ci/run against two gunicorn
servers it starts (DEBUG off, CACHE_URL=redis://..., the same DATABASE_URL and SECRET_KEY):

    EDITOR_PASSWORD=... .venv/bin/python tests/check_servers.py http://127.0.0.1:A http://127.0.0.1:B \\
        --username editor [--log a.log --log b.log]

Needs the shipped content and an editor account (manage.py create_editor). Everything goes over
HTTP, as readers and an editor would: the editor logs in through A's login form and saves A's
admin change form. Prints one line per check and exits non-zero at the first that fails.
"""

import argparse
import html
import os
import re
import secrets
import sys
import time
import urllib.parse

from app_servers import (
    Browser,
    Failure,
    anonymous_get,
    change_list_action,
    count_tracebacks,
    log_in,
    role_change_url,
    save_change_form,
    server_errors,
)

ROLE = "legal-assistant"
ROLE_PAGE = f"/roles/{ROLE}/"
# Pages that show the role's summary besides its own: the job list (the guide's roles, one page)
# and a chart of it beside an occupation (charts of roles alone show no summaries).
JOB_LIST = "/roles/?show=roles"
CHART = "/compare/legal-assistant-vs-paralegals-and-legal-assistants/"
LISTING_PAGES = [JOB_LIST, CHART]
EDIT_PREFIX = re.compile(r"^Changed through server A \(\w+\)\. ")
# Both servers get the same Host header, as behind a load balancer: the page cache keys pages by
# the address readers asked for, so only then are their pages one cache's.
HOST = "127.0.0.1"


class Check:
    def __init__(self, a, b, username, password, logs):
        self.a, self.b = a.rstrip("/"), b.rstrip("/")
        self.username, self.password, self.logs = username, password, logs
        self.editor = Browser(host=HOST)
        self.marker = f"Changed through server A ({secrets.token_hex(4)}). "

    def page(self, base, path, status=200, headers=None):
        response = anonymous_get(base + path, headers=headers, host=HOST)
        if response.status != status:
            raise Failure(f"GET {base}{path} answered {response.status}, not {status}.")
        return response

    def shows_edit(self, response):
        return html.escape(self.marker) in response.text

    def wait_for_servers(self):
        deadline = time.monotonic() + 60
        for base in (self.a, self.b):
            while True:
                try:
                    self.page(base, "/roles/")
                    break
                except (OSError, Failure) as error:
                    if time.monotonic() > deadline:
                        raise Failure(f"{base} is not serving /roles/: {error}") from None
                    time.sleep(0.5)
        return f"A is {self.a}, B is {self.b}"

    def cached_on_b(self):
        first = self.page(self.b, ROLE_PAGE)
        second = self.page(self.b, ROLE_PAGE)
        states = [r.header("X-Page-Cache") or "none" for r in (first, second)]
        if states[1] != "hit":
            raise Failure(f"B's second {ROLE_PAGE} was not a cache hit (X-Page-Cache: {states}).")
        on_a = self.page(self.a, ROLE_PAGE)
        if on_a.header("X-Page-Cache") != "hit":
            raise Failure(f"A did not find B's cached {ROLE_PAGE} in the shared cache.")
        self.old = second
        for path in LISTING_PAGES:  # cached too, so a stale copy would be there to serve
            self.page(self.a, path)
            if self.page(self.b, path).header("X-Page-Cache") != "hit":
                raise Failure(f"B did not find A's cached {path} in the shared cache.")
        return f"{ROLE_PAGE} on B: {states[0]}, then hit; on A: hit (shared)"

    def log_in_on_a(self):
        log_in(self.editor, self.a, self.username, self.password)
        return f"{self.username} logged in through {self.a}/admin/login/"

    def session_on_b(self):
        index = self.editor.get(self.b + "/admin/")
        if index.status != 200:
            raise Failure(f"B's /admin/ answered {index.status} to the session made on A.")
        if f"<strong>{html.escape(self.username)}</strong>" not in index.text:
            raise Failure(f"B's /admin/ does not greet {self.username}: the session is not shared.")
        return f"B's admin index greets {self.username}"

    def edit_on_a(self):
        self.change_url = role_change_url(self.editor, self.a, ROLE)
        save_change_form(
            self.editor,
            self.change_url,
            "role_form",
            {"summary": lambda old: (self.marker + EDIT_PREFIX.sub("", old))[:400]},
        )
        return f"saved the summary through {urllib.parse.urlsplit(self.change_url).path} on A"

    def edit_visible(self):
        fresh = self.page(self.b, ROLE_PAGE)
        if not self.shows_edit(fresh):
            raise Failure(f"B served {ROLE_PAGE} without the new summary: a stale page.")
        if fresh.header("ETag") == self.old.header("ETag"):
            raise Failure(f"B served {ROLE_PAGE} with the ETag of the page before the edit.")
        self.new = fresh
        seen = [f"B {ROLE_PAGE} ({fresh.header('X-Page-Cache')})"]
        for base, name in ((self.a, "A"), (self.b, "B")):
            for path in [ROLE_PAGE, *LISTING_PAGES] if name == "A" else LISTING_PAGES:
                response = self.page(base, path)
                if not self.shows_edit(response):
                    raise Failure(f"{name} served {path} without the new summary: a stale page.")
                seen.append(f"{name} {path} ({response.header('X-Page-Cache')})")
        return "new summary on " + ", ".join(seen)

    def conditional_get(self):
        old_etag, new_etag = self.old.header("ETag"), self.new.header("ETag")
        again = self.page(self.b, ROLE_PAGE, headers={"If-None-Match": old_etag})
        if not self.shows_edit(again):
            raise Failure(f"B answered If-None-Match: {old_etag} (the old page) with the old page.")
        self.page(self.b, ROLE_PAGE, status=304, headers={"If-None-Match": new_etag})
        return "old ETag: 200 with the new page; new ETag: 304"

    def bulk_action_on_b(self):
        role_id = re.search(r"/role/(\d+)/change/", self.change_url).group(1)
        changelist = self.b + "/admin/roles/role/"
        change_list_action(self.editor, changelist, "unpublish_selected", [role_id])
        self.page(self.a, ROLE_PAGE, status=404)
        self.page(self.a, CHART, status=404)
        if self.shows_edit(self.page(self.a, JOB_LIST)):
            raise Failure(f"A's {JOB_LIST} still lists the role moved to draft on B.")
        change_list_action(self.editor, changelist, "publish_selected", [role_id])
        if not self.shows_edit(self.page(self.a, ROLE_PAGE)):
            raise Failure(f"A's {ROLE_PAGE} is back but without the new summary.")
        return (
            f"draft on B: A's {ROLE_PAGE} and chart 404, {JOB_LIST} without it; "
            "published again on B: 200 on A"
        )

    def clean_logs(self):
        problems = []
        for log in self.logs:
            errors, tracebacks = server_errors(log), count_tracebacks(log)
            if errors or tracebacks:
                problems.append(f"{log}: {len(errors)} errors, {tracebacks} tracebacks")
                for error in errors[:5]:
                    problems.append("  " + error.headline)
                    problems.extend("    " + line for line in error.last_lines)
        if problems:
            raise Failure("the servers logged errors:\n" + "\n".join(problems))
        return f"no errors in {len(self.logs)} server logs" if self.logs else "no logs given"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", help="server A's address, such as http://127.0.0.1:8001")
    parser.add_argument("b", help="server B's address")
    parser.add_argument("--username", required=True, help="an editor (password: EDITOR_PASSWORD)")
    parser.add_argument("--log", action="append", default=[], help="a server's log to check")
    args = parser.parse_args()
    password = os.environ.get("EDITOR_PASSWORD")
    if not password:
        sys.exit("check_servers: set EDITOR_PASSWORD to the editor's password.")
    check = Check(args.a, args.b, args.username, password, args.log)
    steps = [
        ("both servers answer", check.wait_for_servers),
        ("(1) B serves a role page from the cache the second time", check.cached_on_b),
        ("(2) an editor logs in through A's admin login form", check.log_in_on_a),
        ("(3) the session works on B", check.session_on_b),
        ("(4) the editor changes the role's summary through A's change form", check.edit_on_a),
        ("(5) the next anonymous requests to B and A show it, nothing stale", check.edit_visible),
        (
            "(6) conditional GETs on B: old ETag gets the new page, new ETag 304",
            check.conditional_get,
        ),
        ("(7) unpublish and publish through B's bulk action shows on A", check.bulk_action_on_b),
        ("(8) neither server logged an error", check.clean_logs),
    ]
    for description, step in steps:
        try:
            detail = step()
        except (Failure, OSError) as failure:
            print(f"FAIL {description}: {failure}")
            sys.exit(1)
        print(f"ok   {description}: {detail}")
    print("Two servers: every check passed.")


if __name__ == "__main__":
    main()
