"""Production settings with the bench's URLs (the floor view); gunicorn runs the bench with these."""

from embassy_site.settings.site import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
