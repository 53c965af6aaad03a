"""Settings shared by every environment, read from the environment with laptop defaults."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# The site is served at the root: a client's SCRIPT_NAME header never prefixes the addresses pages link to.
FORCE_SCRIPT_NAME = ""
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address of the site, for canonical and hreflang links (never taken from a request's Host header).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/") or (
    f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS and not DEBUG else f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
)

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "security_service.apps.EmbassyAdminConfig",  # Django's admin, opening on the embassy's pages
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Old addresses of the SPIP site answer 301 to the new pages; staff edit them in the admin (needs sites).
    "django.contrib.sites",
    "django.contrib.redirects",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "reversion",
    # A service's page in one form: sections holding their items, groups their links, contact points their numbers.
    "nested_admin",
    "axes",
    "csp",
    "security_service",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "embassy_site.middleware.SecurityHeadersMiddleware",
    "embassy_site.middleware.ContentSecurityPolicyMiddleware",
    "embassy_site.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "embassy_site.middleware.LocaleMiddleware",
    "embassy_site.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that it sees a 404 before LocaleMiddleware turns it into a redirect to /fr/….
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
]
SITE_ID = 1

ROOT_URLCONF = "embassy_site.urls"
WSGI_APPLICATION = "embassy_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "embassy_site.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Write-ahead logging: readers in several processes do not take the file lock (a warm page reads once per request);
# a write transaction takes its lock at once, so that a second writer waits instead of failing mid-transaction, and it
# waits for as long as a save may take (gunicorn gives a request 30 s), not SQLite's default 5 s: two editors saving at
# the same moment both get an answer (the second one the stale-save message), not a 503.
SQLITE_OPTIONS = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE", "timeout": 25}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that does not answer must not hold pages up: they are then rendered without the cache.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered public pages are cached (security_service/page_cache.py); PAGE_CACHE=0 turns it off, to measure the cold page.
PAGE_CACHE = env_bool("PAGE_CACHE", default=True)
# How long a caching proxy keeps a public page before asking again: an unpublished page is gone from it within twice that.
PROXY_CACHE_SECONDS = int(os.environ.get("PROXY_CACHE_SECONDS", "30"))
# The token with which the app asks the caching proxy at SITE_URL to fetch a page again after it was published,
# unpublished or deleted (the `map` of embassy_site/deploy/nginx.conf): empty, no proxy is asked.
PROXY_REFRESH_TOKEN = os.environ.get("PROXY_REFRESH_TOKEN", "")
if PROXY_REFRESH_TOKEN and (len(PROXY_REFRESH_TOKEN) < 16 or not PROXY_REFRESH_TOKEN.isalnum()):
    raise ImproperlyConfigured("PROXY_REFRESH_TOKEN is 16 letters and digits or more (nginx.conf holds the same), or empty.")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL is the site's public address, http:// or https://…, not {SITE_URL!r}.")

# Security: what `manage.py check --deploy` asks for, on by default whenever DEBUG is off.
# Behind a TLS proxy, set SECURE_PROXY_SSL_HEADER=1 so that Django knows a request came over HTTPS
# (the proxy must set X-Forwarded-Proto and strip it from clients' requests).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe over plain HTTP
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# Preloading HSTS binds the whole registrable domain to HTTPS in browsers, for good: the domain owner's decision, not
# this site's (SECURE_HSTS_PRELOAD=1 once they take it). So `check --deploy` does not warn that it is off (W021).
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # a staff session lasts a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Features no page of the site uses are switched off for every page.
PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"

# Content-Security-Policy: no inline script or style on public pages. The admin's widgets set inline styles,
# so its pages allow those (embassy_site.middleware.ContentSecurityPolicyMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The client's address (security_service.logins.client_address, for login throttling and the audit trail): with
# PROXY_COUNT proxies in front, each appending the address it saw to X-Forwarded-For, the outermost one's entry.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
if PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"PROXY_COUNT is the number of proxies in front of the app, 0 or more, not {PROXY_COUNT}.")

# Login throttling (django-axes): after 5 failures for an account from an address, logging in to that account from
# that address is refused for an hour, even with the right password; after 20 from an address, whatever the accounts,
# any login from it. No one locks an account out from everywhere (nor everyone behind an office's address with a few
# typos). A superuser lifts a lockout in the admin ("Access attempts") or with `axes_reset`.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "security_service.logins.LoginThrottle"
AXES_CLIENT_IP_CALLABLE = "security_service.logins.client_address"
AXES_FAILURE_LIMIT = 5
ADDRESS_FAILURE_LIMIT = 20  # LoginThrottle's, for an address whatever the accounts
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # the pair's failures; the address's others still count
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. Every supported language has its columns in the database (MODELTRANSLATION_LANGUAGES below), so that
# switching one on or off for a site is a setting, SITE_LANGUAGES, with no migration and nothing lost: texts of a
# language switched off stay stored, unseen, until it is switched on again.
SUPPORTED_LANGUAGES = {
    "fr": _("French"),
    "sr-latn": _("Serbian (Latin)"),
    # Cyrillic Serbian is derived from the Latin text by transliteration, unless a translator wrote it.
    "sr": _("Serbian (Cyrillic)"),
    "en": _("English"),
    "nl": _("Dutch"),
    "bg": _("Bulgarian"),
    "de": _("German"),
    "es": _("Spanish"),
    "it": _("Italian"),
    "ar": _("Arabic"),
}
# The embassy's languages, its default first: Belgrade publishes in French, Serbian (both scripts) and English.
SITE_LANGUAGES = [code.strip().lower() for code in os.environ.get("SITE_LANGUAGES", "fr,sr-latn,sr,en").split(",") if code.strip()]
if not SITE_LANGUAGES or set(SITE_LANGUAGES) - set(SUPPORTED_LANGUAGES) or len(set(SITE_LANGUAGES)) != len(SITE_LANGUAGES):
    raise ImproperlyConfigured(
        f"SITE_LANGUAGES={','.join(SITE_LANGUAGES)}: give each language once, among {', '.join(SUPPORTED_LANGUAGES)} (the default first)."
    )
LANGUAGE_CODE = SITE_LANGUAGES[0]
LANGUAGES = [(code, SUPPORTED_LANGUAGES[code]) for code in SITE_LANGUAGES]
# BCP 47 tags for lang and hreflang attributes, where they differ from Django's language codes.
LANGUAGE_TAGS = {"sr-latn": "sr-Latn", "sr": "sr-Cyrl"}
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the language a visitor chose is remembered for a year
# The admin's language has a cookie of its own: previewing a page in Serbian does not switch the editor's admin.
ADMIN_LANGUAGE_COOKIE_NAME = "admin_language"
LOCALE_PATHS = [BASE_DIR / "locale"]
# Per-language date formats where Django's differ from the embassy's usage.
FORMAT_MODULE_PATH = ["embassy_site.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Belgrade"

# Content fields have a column per supported language; a text not yet translated is shown in the site's default
# language (LANGUAGE_CODE), marked with its lang attribute. Cyrillic Serbian falls back on the Latin text first
# (transliterated for display, see page_texts.py).
MODELTRANSLATION_LANGUAGES = tuple(SUPPORTED_LANGUAGES)
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": (LANGUAGE_CODE,), "sr": tuple(dict.fromkeys(("sr-latn", LANGUAGE_CODE)))}
# The admin's translation tabs need jQuery UI: served from here, never from a third-party CDN (npm jquery-ui 1.14.2).
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/")
# The admin's form of a page posts every field of every part in every language: 9,000 for a hundred items per list.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000


def env_address(variable, default=""):
    """The http(s) address in the environment variable `variable` (`default` if unset or empty); anything else stops the site."""
    value = os.environ.get(variable, "").strip() or default
    if value:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname or any(ch.isspace() for ch in value):
            raise ImproperlyConfigured(f"{variable}={value!r}: give a full address, https://… (or leave it unset).")
    return value


def env_addresses(name, default):
    """(the address in NAME, {language: the address in NAME_EN, NAME_SR_LATN, NAME_SR, … where set})."""
    by_language = {code: env_address(f"{name}_{code.upper().replace('-', '_')}") for code in SUPPORTED_LANGUAGES}
    return env_address(name, default), {code: address for code, address in by_language.items() if address}


# Links to the embassy's main site, in the page's language where the main site has a translation
# (security_service.languages.main_site_url): NAME is the default language's address, NAME_EN, NAME_SR_LATN, NAME_SR…
# a language's own; a Cyrillic page without NAME_SR takes NAME_SR_LATN. TRANSLATED_LINKS = {NAME: {language: address}}.
TRANSLATED_LINKS = {}
# The first two steps of the public pages' breadcrumb (Home > Embassy > Services > …).
EMBASSY_HOME_URL, TRANSLATED_LINKS["EMBASSY_HOME_URL"] = env_addresses("EMBASSY_HOME_URL", "https://rs.ambafrance.org/")
EMBASSY_SECTION_URL, TRANSLATED_LINKS["EMBASSY_SECTION_URL"] = env_addresses("EMBASSY_SECTION_URL", "https://rs.ambafrance.org/-Ambassade-")
# Mandatory links of the footer.
LEGAL_NOTICE_URL, TRANSLATED_LINKS["LEGAL_NOTICE_URL"] = env_addresses("LEGAL_NOTICE_URL", "https://rs.ambafrance.org/Mentions-legales")
PERSONAL_DATA_URL, TRANSLATED_LINKS["PERSONAL_DATA_URL"] = env_addresses(
    "PERSONAL_DATA_URL", "https://rs.ambafrance.org/Donnees-personnelles"
)

# Limits of an image upload (security_service.images).
IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_BYTES", 10 * 1024 * 1024))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 40_000_000))
# What is stored of a larger upload is scaled down to this (3000 × 2000 pixels), still wider than the widest rendition
# (1600): the work of the admin's save grows with it (for the largest upload accepted, 40 million pixels: 1 to 3.5 s).
IMAGE_KEPT_PIXELS = int(os.environ.get("IMAGE_KEPT_PIXELS", 6_000_000))
# Limit of an imported PO file (security_service.po_files): the Belgrade page exports at 12 KiB a language, so 1 MiB
# holds some eighty such pages, and a file that large imports in seconds (3,850 texts changed: 3 s), far from a timeout.
PO_IMPORT_MAX_BYTES = int(os.environ.get("PO_IMPORT_MAX_BYTES", 1024 * 1024))
# Limit of a page file read by `import_page` and `load_content` (security_service.page_files): the Belgrade page is
# 15 KiB in four languages, so 2 MiB holds a page a hundred times as long; a larger file (or /dev/zero) is refused unread.
PAGE_FILE_MAX_BYTES = int(os.environ.get("PAGE_FILE_MAX_BYTES", 2 * 1024 * 1024))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
