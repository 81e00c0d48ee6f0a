"""WSGI entry point, for gunicorn: `gunicorn careerguide.wsgi`. Refuses to start in production
without the static files manifest."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")

application = get_wsgi_application()

from roles.serving.checks import missing_static_manifest  # noqa: E402  (needs the apps loaded)

if problem := missing_static_manifest():
    raise ImproperlyConfigured(problem)
