"""Runtime settings: base settings plus the checks that stop a misconfigured server."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DEBUG, SECRET_KEY

if not DEBUG:
    missing = [name for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS)) if not value]
    if missing:
        raise ImproperlyConfigured(
            f"DEBUG is off, so {' and '.join(missing)} must be set in the environment "
            "(for example SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))') "
            "ALLOWED_HOSTS=www.example.org). For local development, set DEBUG=1."
        )
elif not SECRET_KEY:
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105
