"""Running Career Guide as production does and using it as a browser would, for the scripts that
test whole servers over HTTP (tests/bench_http.py, tests/check_servers.py).

Standard library only: gunicorn started with DEBUG off on a loopback port, a small HTTP client
that keeps cookies and reads gzip, an HTML form reader that submits what a browser would, and the
admin's login form, change form and bulk actions driven through it.
"""

import gzip
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MANAGE = [sys.executable, str(ROOT / "manage.py")]


class Failure(Exception):
    """Something a check or a bench needed did not happen; the message says what."""


# Servers


# CI's PostgreSQL and a developer's Redis: never hand these out, even while they are free.
RESERVED_PORTS = {55432, 6379}


def free_port():
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in RESERVED_PORTS:
            return port


def production_env(**overrides):
    """The environment of a production server, but on plain http on loopback (settings.py)."""
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        PYTHONUNBUFFERED="1",
    )
    env.update({name: str(value) for name, value in overrides.items()})
    return env


def manage(env, *args, quiet=False):
    """Run a management command; its output goes to ours unless `quiet`."""
    output = subprocess.DEVNULL if quiet else None
    subprocess.run([*MANAGE, *args], env=env, cwd=ROOT, check=True, stdout=output)


def load_site(env, *, quiet=False):
    """Migrate and load the vendored catalogue and the guide, as `make run` does."""
    for command in (["migrate", "--noinput", "-v0"], ["import_onet"], ["import_oews"]):
        manage(env, *command, quiet=quiet)
    manage(env, "load_content", quiet=quiet)


def create_editor(env, username, password):
    manage({**env, "EDITOR_PASSWORD": password}, "create_editor", username, quiet=True)


def collect_static(env):
    manage(env, "collectstatic", "--noinput", "-v0")


def static_path(name):
    """The hashed address collectstatic gave a static file, such as /static/css/site.<hash>.css."""
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"][name]


class Gunicorn:
    """One gunicorn master on 127.0.0.1:port, its output in `log`. Stop it with `stop()`."""

    def __init__(self, name, port, env, log, workers=2):
        self.name = name
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = Path(log)
        command = [
            str(BIN / "gunicorn"),
            "careerguide.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--no-control-socket",
        ]
        with self.log.open("ab") as out:
            # Its own session: a Ctrl-C reaches us, and we stop it (the master stops its workers).
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
            )

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Failure(f"{self.name} exited with {self.process.returncode}:\n{self.tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise Failure(f"{self.name} did not answer on {self.url} in {timeout} s:\n{self.tail()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def tail(self, lines=30):
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class ServerError:
    headline: str
    last_lines: list[str]


LOG_HEADLINE = re.compile(
    r"\b(ERROR|CRITICAL)\b|WORKER TIMEOUT|Traceback \(most recent call last\)"
)
LOG_START = re.compile(r"^(\[\d{4}-\d\d-\d\d |\d{4}-\d\d-\d\d )")


def server_errors(log_path):
    """Errors a server logged (Django's 5xx, gunicorn's worker failures), each with the last lines
    of its traceback."""
    lines = Path(log_path).read_text(errors="replace").splitlines()
    errors = []
    for index, line in enumerate(lines):
        if not (LOG_START.match(line) and LOG_HEADLINE.search(line)):
            continue
        following = []
        for later in lines[index + 1 :]:
            if LOG_START.match(later):
                break
            following.append(later)
        errors.append(ServerError(line, following[-3:]))
    return errors


def count_tracebacks(log_path):
    return Path(log_path).read_text(errors="replace").count("Traceback (most recent call last)")


# A browser


@dataclass
class Response:
    url: str
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def header(self, name, default=""):
        return self.headers.get(name, default)

    @property
    def location(self):
        return urljoin(self.url, self.header("Location"))


class Browser:
    """Cookies, gzip and forms as a browser does them. A browser keeps cookies by host name, not
    port, so one Browser logged in on 127.0.0.1:A sends the same session to 127.0.0.1:B."""

    def __init__(self, timeout=60, host=None):
        self.cookies = {}
        self.timeout = timeout
        # The Host header to send instead of the address's, as a load balancer in front of several
        # servers passes on the site's one name (the page cache's keys include it).
        self.host = host

    def request(self, method, url, *, data=None, headers=None, cookies=True):
        parts = urlsplit(url)
        sent = {"Accept-Encoding": "gzip", "User-Agent": "careerguide-check"}
        if self.host:
            sent["Host"] = self.host
        if cookies and self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"{parts.scheme}://{self.host or parts.netloc}"
            sent["Referer"] = sent["Origin"] + urlsplit(url).path
        sent.update(headers or {})
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=self.timeout)
        start = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=sent)
            reply = connection.getresponse()
            raw = reply.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - start
        if cookies:
            for value in reply.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        if reply.headers.get("Content-Encoding") == "gzip" and raw:
            raw = gzip.decompress(raw)
        return Response(url, reply.status, reply.headers, raw, seconds)

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, data, **kwargs):
        return self.request("POST", url, data=data, **kwargs)


def anonymous_get(url, headers=None, host=None):
    """A reader with no cookies at all (what the page cache serves)."""
    return Browser(host=host).get(url, headers=headers, cookies=False)


# Forms


@dataclass
class Form:
    attrs: dict
    fields: list = field(default_factory=list)  # (name, value) pairs a browser would submit

    def get(self, name, default=None):
        return next((value for key, value in self.fields if key == name), default)

    def replace(self, name, value):
        if self.get(name) is None:
            raise Failure(f"The form has no field called {name!r}.")
        self.fields = [(k, value if k == name else v) for k, v in self.fields]

    def post_data(self, **changes):
        """The fields as Django's test client posts them ({name: [values]}), with `changes`."""
        data = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        data.update({name: [value] for name, value in changes.items()})
        return data


class _FormReader(HTMLParser):
    """Every form's successful controls, as the HTML standard has a browser submit them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.textarea = None  # [name, text]
        self.select = None  # {"name", "multiple", "options": [[value, text, selected]]}
        self.option = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            self.form = Form(attrs)
            self.forms.append(self.form)
        if self.form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self.form.fields.append((name, attrs.get("value", default)))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), "", "selected" in attrs]
            self.select["options"].append(self.option)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        elif self.option is not None:
            self.option[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # A newline straight after <textarea> is not part of its value.
            self.form.fields.append((name, text.removeprefix("\r").removeprefix("\n")))
            self.textarea = None
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            options = self.select["options"]
            chosen = [o for o in options if o[2]]
            if not chosen and not self.select["multiple"] and options:
                chosen = options[:1]
            for value, text, _ in chosen:
                self.form.fields.append(
                    (self.select["name"], value if value is not None else text.strip())
                )
            self.select = None


def read_form(html, form_id=None):
    reader = _FormReader()
    reader.feed(html)
    reader.close()
    for form in reader.forms:
        if form_id is None or form.attrs.get("id") == form_id:
            return form
    raise Failure(
        f"No form with the id {form_id!r} on the page." if form_id else "No form on the page."
    )


ERRORS = re.compile(r'<(?:ul|p) class="(?:errorlist[^"]*|errornote)"[^>]*>(.*?)</(?:ul|p)>', re.S)
TAGS = re.compile(r"<[^>]+>")


def form_errors(html):
    """The error messages a form page shows, as one line."""
    found = [" ".join(TAGS.sub(" ", e).split()) for e in ERRORS.findall(html)]
    return "; ".join(f for f in found if f) or "no error message on the page"


# The admin


def log_in(browser, base, username, password):
    """Log in through the admin's login form, as an editor does."""
    url = f"{base}/admin/login/?next=/admin/"
    page = browser.get(url)
    if page.status != 200:
        raise Failure(f"GET {url} answered {page.status}, not the login form.")
    form = read_form(page.text, "login-form")
    form.replace("username", username)
    form.replace("password", password)
    response = browser.post(url, form.fields)
    if response.status != 302 or urlsplit(response.location).path != "/admin/":
        raise Failure(
            f"Logging in as {username} on {base} answered {response.status}: {form_errors(response.text)}"
        )
    return response


def role_change_url(browser, base, slug):
    """The admin change form of the role with this slug, found through the admin's search."""
    listing = browser.get(f"{base}/admin/roles/role/?q={slug}")
    if listing.status != 200:
        raise Failure(f"The admin's role list answered {listing.status} on {base}.")
    for path in dict.fromkeys(
        re.findall(r'href="(/admin/roles/role/\d+/change/)[^"]*"', listing.text)
    ):
        url = base + path
        if read_form(browser.get(url).text, "role_form").get("slug") == slug:
            return url
    raise Failure(f"The admin on {base} lists no role with the slug {slug!r}.")


def save_change_form(browser, url, form_id, changes):
    """GET an admin change form, change some fields (name: function of the old value), POST every
    field back with the CSRF token, as the Save button does. Returns the POST's response; a
    successful save redirects (302)."""
    page = browser.get(url)
    if page.status != 200:
        raise Failure(f"GET {url} answered {page.status}.")
    form = read_form(page.text, form_id)
    for name, change in changes.items():
        form.replace(name, change(form.get(name)))
    response = browser.post(url, [*form.fields, ("_save", "Save")])
    if response.status != 302:
        raise Failure(f"Saving {url} answered {response.status}: {form_errors(response.text)}")
    return response


def change_list_action(browser, changelist_url, action, ids):
    """Run a bulk action of an admin change list on the rows with these ids."""
    page = browser.get(changelist_url)
    if page.status != 200:
        raise Failure(f"GET {changelist_url} answered {page.status}.")
    token = read_form(page.text, "changelist-form").get("csrfmiddlewaretoken")
    data = [
        ("csrfmiddlewaretoken", token),
        ("action", action),
        ("select_across", "0"),
        ("index", "0"),
        *(("_selected_action", str(pk)) for pk in ids),
    ]
    response = browser.post(changelist_url, data)
    if response.status != 302:
        raise Failure(
            f"The {action} action on {changelist_url} answered {response.status}: {form_errors(response.text)}"
        )
    return response
