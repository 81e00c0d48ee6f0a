"""Settings come from the environment and refuse an unsafe production start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import careerguide.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


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
