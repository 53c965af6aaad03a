"""The admin: a service's page with its parts (services.py), and the site's other records (site.py)."""

from . import accounts, services, site  # noqa: F401 - registering the admins
