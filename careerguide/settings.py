"""Career Guide settings: one module, configured by environment variables.

Safe for development with no variables set (SQLite file, a file cache, DEBUG on); refuses to start
with DEBUG off unless SECRET_KEY is a real key and ALLOWED_HOSTS is set. The production layout (several
app servers, PostgreSQL, Redis, object storage) is described in the README.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "development-only-key-not-for-production"


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "true")
SECRET_KEY = os.getenv("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 40):
    raise ImproperlyConfigured(
        "With DEBUG off, SECRET_KEY must be set to a random value of 40 characters or more."
    )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "With DEBUG off, ALLOWED_HOSTS must name the site's host names (comma-separated)."
    )
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = "Career Guide"

# The site's public address: absolute links in downloads are built from it, never from the
# request's Host header. Defaults to the first allowed host (https with DEBUG off).
_first_host = next((h for h in ALLOWED_HOSTS if not h.startswith(".") and h != "*"), "")
SITE_URL = os.getenv(
    "SITE_URL",
    (f"https://{_first_host}" if _first_host else "")
    if not DEBUG
    else f"http://{os.getenv('SITE_HOST', '127.0.0.1:8000')}",
).rstrip("/")
if urlsplit(SITE_URL).scheme not in {"http", "https"} or not urlsplit(SITE_URL).netloc:
    raise ImproperlyConfigured(
        f"SITE_URL must be the site's address, such as https://guide.example.org, not {SITE_URL!r}"
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "markdownx",
    "axes",
    "reversion",
    "reversion_compare",
    "roles",
]

# Order matters: static files leave straight after the security headers (WhiteNoise, as its docs
# say); the page cache comes next, so a hit runs nothing else: the headers the middleware below it
# adds (CSP, Permissions-Policy, X-Frame-Options) are stored with the page, and nothing that reads
# the session runs, so a hit costs no database query. GZip compresses what the page cache does not
# store (the admin, editors' views); the page cache compresses what it stores itself.
MIDDLEWARE = [
    "careerguide.middleware.request_id",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "roles.serving.pagecache.PageCacheMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "careerguide.middleware.limit_request_body",
    "django.middleware.gzip.GZipMiddleware",
    "careerguide.middleware.strip_nul_characters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careerguide.urls"
WSGI_APPLICATION = "careerguide.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "roles.seo.context.page_head",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Each gunicorn worker keeps its connection (checked before reuse) instead of opening one
        # per request.
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent saves wait for each other instead of failing with "database is locked": every
    # transaction takes the write lock when it starts (a deferred one that upgrades later cannot
    # wait), WAL lets readers go on while someone writes, and a writer waits up to 20 s.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_BUSY_TIMEOUT", "20"),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds readers' pages (roles/serving/pagecache.py). With no CACHE_URL it is a folder of
# files, shared by every process on this machine and needing no service; CACHE_URL=redis://host:6379/0
# shares it between several app servers (Django's own Redis backend).
CACHE_URL = os.getenv("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.getenv("CACHE_KEY_PREFIX", "careerguide"),
            # Fail fast when Redis is down: pages are then rendered fresh, not held up.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
elif CACHE_URL in {"", "file"} or CACHE_URL.startswith("file://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_URL.removeprefix("file://") or str(BASE_DIR / ".cache" / "pages"),
            "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", "5000")},
        }
    }
elif CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must be redis://..., file:///path or locmem://, not {CACHE_URL!r}"
    )
# PAGE_CACHE=false serves every page fresh (for measuring, or when debugging templates).
PAGE_CACHE = envbool("PAGE_CACHE", "true")
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", str(24 * 3600))

# Admin login throttling (django-axes): five wrong passwords for an account, or from one address,
# lock further attempts for 15 minutes; the right password does not get in meanwhile.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "careerguide.middleware.client_ip"
# How many proxies in front of the app append to X-Forwarded-For (0: use the connection's address).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded images go through Django's storage API: a folder by default (served by
# roles/serving/media.py), or an S3-compatible bucket with MEDIA_STORAGE=s3 when several app
# servers run (django-storages; credentials from the usual AWS_* variables or an instance role).
MEDIA_STORAGE = os.getenv("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "filesystem":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.getenv("MEDIA_BUCKET", ""),
            "endpoint_url": os.getenv("MEDIA_ENDPOINT_URL") or None,
            "region_name": os.getenv("MEDIA_REGION") or None,
            "custom_domain": os.getenv("MEDIA_CUSTOM_DOMAIN") or None,
            "location": os.getenv("MEDIA_PREFIX", "media"),
            "file_overwrite": False,
            "querystring_auth": False,
            "default_acl": None,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    if not _media_storage["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs MEDIA_BUCKET (the bucket's name).")
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Images editors upload through the Markdown editor (filesystem storage).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))

# Request bodies: anything larger than an image upload plus its form is refused with 413 before it
# is read (careerguide/middleware.py); forms without files may carry at most 2 MB of fields.
MAX_REQUEST_BODY = envint("MAX_REQUEST_BODY", str(6 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# django-markdownx: our one sanitising renderer, and our own staff-only endpoints (roles/editor.py).
MARKDOWNX_MARKDOWNIFY_FUNCTION = "roles.editorial.markdown.render_markdown"
MARKDOWNX_URLS_PATH = "/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/markdownx/upload/"
MARKDOWNX_MEDIA_PATH = "markdownx/"
MARKDOWNX_UPLOAD_MAX_SIZE = envint("MARKDOWNX_UPLOAD_MAX_SIZE", str(5 * 1024 * 1024))
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"]
MARKDOWNX_EDITOR_RESIZABLE = True

LOGIN_URL = "admin:login"


def _origin(url: str) -> list[str]:
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


# Content-Security-Policy (django-csp): only our own scripts and style sheets, never inline code or
# eval, on public pages and the admin alike. A CDN for /static/ or a bucket's domain is added here.
_static_origins = _origin(STATIC_URL)
_media_origins = (
    [f"https://{os.environ['MEDIA_CUSTOM_DOMAIN']}"] if os.getenv("MEDIA_CUSTOM_DOMAIN") else []
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'", *_static_origins],
        "style-src": ["'self'", *_static_origins],
        "img-src": ["'self'", "data:", *_static_origins, *_media_origins],
        "font-src": ["'self'", *_static_origins],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# Permissions-Policy (django-permissions-policy): the site uses no device or sensor feature.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

# Security headers; the HTTPS-only ones switch on with DEBUG off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Cookies are never sent on cross-site requests, so another site cannot make a logged-in editor's
# browser fetch compressed admin pages (the precondition of BREACH-style attacks).
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    # Only a test rig talking plain http on loopback (the two-server check in .ci/run) turns these off.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "true")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
# Joining the browsers' HSTS preload list is an operator's decision, not a default to force.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Everything logs to stderr, each line with the request id (also sent as X-Request-ID).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "careerguide.middleware.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    # Axes logs every login attempt at INFO; warnings (lockouts) are enough.
    "loggers": {"axes": {"level": "WARNING"}},
}
