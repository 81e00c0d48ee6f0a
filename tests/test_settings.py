"""Settings come from the environment and refuse an unsafe production start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def read_setting(expression, **env):
    """Import the settings in a fresh process with `env` (and no DEBUG or SECRET_KEY of ours);
    prints `expression` (over `s`, the settings module)."""
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import careerguide.settings as s; print({expression})"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def load_settings(**env):
    return read_setting("s.DATABASES['default']['ENGINE']", **env)


def test_production_mode_refuses_to_start_without_a_real_secret_key():
    result = load_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_mode_starts_with_a_real_secret_key():
    result = load_settings(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="guide.example.org")
    assert result.returncode == 0, result.stderr


def test_a_bad_boolean_is_named_rather_than_guessed():
    result = load_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("sqlite:////tmp/guide.sqlite3", "django.db.backends.sqlite3"),
        ("postgres://guide:secret@127.0.0.1:5432/guide", "django.db.backends.postgresql"),
    ],
)
def test_database_url_chooses_the_database(url, engine):
    result = load_settings(DATABASE_URL=url)
    assert result.stdout.strip() == engine


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 50}


def test_production_mode_refuses_to_start_without_allowed_hosts():
    result = load_settings(**PRODUCTION, ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name the site's host names" in result.stderr


def test_the_site_address_defaults_to_https_on_the_first_allowed_host():
    result = read_setting("s.SITE_URL", **PRODUCTION, ALLOWED_HOSTS="guide.example.org,www.x.org")
    assert result.stdout.strip() == "https://guide.example.org"
    given = read_setting(
        "s.SITE_URL", **PRODUCTION, ALLOWED_HOSTS="a.org", SITE_URL="https://careers.example.org/"
    )
    assert given.stdout.strip() == "https://careers.example.org"


def test_a_site_address_that_is_not_an_address_is_refused():
    result = load_settings(SITE_URL="guide.example.org")
    assert result.returncode != 0
    assert "SITE_URL must be the site's address" in result.stderr


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "django.core.cache.backends.filebased.FileBasedCache"),
        ("redis://127.0.0.1:6379/0", "django.core.cache.backends.redis.RedisCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
    ],
)
def test_cache_url_chooses_the_cache(url, backend):
    result = read_setting("s.CACHES['default']['BACKEND']", CACHE_URL=url)
    assert result.stdout.strip() == backend, result.stderr


def test_an_unknown_cache_url_is_refused():
    result = load_settings(CACHE_URL="memcached://127.0.0.1")
    assert result.returncode != 0
    assert "CACHE_URL must be redis://" in result.stderr


def test_uploads_can_go_to_an_s3_compatible_bucket():
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(
        MEDIA_STORAGE="s3",
        MEDIA_BUCKET="guide-uploads",
        MEDIA_ENDPOINT_URL="https://objects.example.net",
        DJANGO_SETTINGS_MODULE="careerguide.settings",
    )
    script = (
        "import django; django.setup()\n"
        "from django.core.files.storage import storages\n"
        "s = storages['default']\n"
        "print(type(s).__name__, s.bucket_name, s.endpoint_url)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "guide-uploads", "https://objects.example.net"]


def test_s3_uploads_need_a_bucket():
    result = load_settings(MEDIA_STORAGE="s3")
    assert result.returncode != 0
    assert "MEDIA_STORAGE=s3 needs MEDIA_BUCKET" in result.stderr
