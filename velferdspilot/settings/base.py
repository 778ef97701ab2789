"""Settings shared by every environment. Values that differ per installation come
from the environment (django-environ); see README.md for the list."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from velferdspilot.kodeversjon import kodeversjon

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Texts that are data (indicator names, goals, schemes, rounds) per language; it must
    # come before the admin (docs/architecture.md, "Texts that are data").
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
    "felles",
    "kommuner",
    "investering",
    "tilskudd",
    "evaluering",
    # The project package is an app too, for project-wide commands (seed_demo).
    "velferdspilot",
]

MIDDLEWARE = [
    "felles.logg.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "velferdspilot.middleware.NorwegianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "velferdspilot.middleware.AbsoluteSessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # request.htmx: the one way to tell an htmx request (and Vary on its headers).
    "django_htmx.middleware.HtmxMiddleware",
    "velferdspilot.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes must be last: it turns lockouts into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "velferdspilot.urls"
WSGI_APPLICATION = "velferdspilot.wsgi.application"

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
                "velferdspilot.context_processors.navigation",
            ],
            "builtins": ["felles.filtre"],
        },
    },
]

# Database: PostgreSQL when DATABASE_URL is set, otherwise the embedded SQLite file.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No parallel query: the portal's queries are small and many run at once, so on a
    # few cores a parallel plan spends them on starting worker processes (the
    # dashboard's open follow-up points at national scale: 18.7 → 9.3 ms without).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c max_parallel_workers_per_gather=0"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each process's own memory: the default cache (the sign-in providers' metadata) and
# figures kept until the data under them changes (felles.datastand).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Bounded in entries and bytes per process (felles.hurtigbuffer).
    "datastand": {
        "BACKEND": "felles.hurtigbuffer.BegrensetLocMemCache",
        "LOCATION": "datastand",
        "TIMEOUT": None,
        "OPTIONS": {
            "MAX_ENTRIES": 1000,
            "MAX_BYTES": env.int("DJANGO_FIGURE_CACHE_BYTES", default=64 * 1024 * 1024),
        },
    },
}

AUTH_USER_MODEL = "kommuner.Bruker"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Stops a password login for a user bound to a provider's identity.
    "innlogging.passord.BundetIdentitetBackend",
    # ModelBackend that loads the request's user with its roles in one query.
    "kommuner.backends.RolleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: Django's database sessions, read by SQL compiled once per process
# (velferdspilot.sesjon).
SESSION_ENGINE = "velferdspilot.sesjon"
# Sessions end after two idle hours (the cookie is renewed on every request) and
# after twelve hours whatever happens (AbsoluteSessionLifetimeMiddleware).
SESSION_COOKIE_AGE = int(timedelta(hours=2).total_seconds())
# The idle timeout is renewed when the session was last renewed this long ago
# (velferdspilot.middleware), not with a session write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_AFTER = timedelta(minutes=5)
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Brute-force protection: lock one username from one address after five failures,
# for 30 minutes. Neither the user everywhere nor a whole office behind one NAT.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form posts the email in the field "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "velferdspilot.auth.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/laast.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("nn", _("Norsk nynorsk")), ("en", _("Engelsk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Texts that are data are kept per language (django-modeltranslation: one row with
# _nb/_nn/_en columns, each app's translation.py). Bokmål is required and is what a reader
# sees where their language has no text; the base column always holds the bokmål text.
MODELTRANSLATION_DEFAULT_LANGUAGE = "nb"
MODELTRANSLATION_LANGUAGES = ("nb", "nn", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nb",)
# A row made with the plain field name (Indikator(navn=…)) gets it as its bokmål text too.
MODELTRANSLATION_AUTO_POPULATE = "required"
FORMAT_MODULE_PATH = ["velferdspilot.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Third-party front-end files are installed by npm and served from node_modules.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded files and report PDFs live outside the web root and are served only through
# views that check access: on local disk (MEDIA_ROOT), or, when a bucket is named, in
# S3-compatible object storage shared by every web and worker replica (django-storages;
# files stay private and are streamed through the portal's views).
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
S3_BUCKET = env("DJANGO_S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("DJANGO_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("DJANGO_S3_REGION", default="") or None,
            "access_key": env("DJANGO_S3_ACCESS_KEY", default="") or None,
            "secret_key": env("DJANGO_S3_SECRET_KEY", default="") or None,
            "location": env("DJANGO_S3_PREFIX", default=""),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The knowledge package shows the grants to a kommune; kommuner imports no other app,
# so the grants module is named here.
KOMMUNE_TILSKUDD_OVERSIKT = "tilskudd.selectors.oversikt"

# Content Security Policy: no inline scripts or styles, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Celery: Redis when REDIS_URL is set; otherwise tasks run at once, in-process.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# The kept figures' shared copy (felles.hurtigbuffer): on the broker's Redis, under a
# prefix naming this code, for a few minutes; nothing without Redis.
CACHES["datastand_delt"] = (
    {
        "BACKEND": "felles.hurtigbuffer.DeltRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "datastand:" + kodeversjon(BASE_DIR),
        "TIMEOUT": env.int("DJANGO_FIGURE_CACHE_SHARED_SECONDS", default=600),
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.5},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
)
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The longest task time limit (the half-year job, 600 s). A message a worker took but
# never acknowledged (the worker was killed) is delivered again after the visibility
# timeout, so it must be longer than any task may run, or a slow task runs twice.
CELERY_LONGEST_TASK_TIME_LIMIT = 600
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_LONGEST_TASK_TIME_LIMIT + 300,
    "socket_connect_timeout": 2,
}
# A request that hands a job to a broker that is down must not hang: no publish
# retries (the outbox retries), short connect timeouts.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
# The outbox (felles.jobber): a job handed over this long ago and not done is handed
# over again (the broker lost it); /helse/ says the worker is silent after this long.
JOBB_GJENSEND_ETTER = 2 * CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
ARBEIDER_STILLE_ETTER = 180
CELERY_BEAT_SCHEDULE = {
    # The analytics tables: compute the kommuner marked as changed (evaluering.analyse).
    "analyse-oppdater": {
        "task": "evaluering.tasks.analyse_oppdater",
        "schedule": 60.0,
    },
    # Hand over jobs that waited for the broker; record that a worker is alive.
    "jobber-overlever-ventende": {
        "task": "felles.tasks.overlever_ventende",
        "schedule": 60.0,
    },
    "hjerteslag": {"task": "felles.tasks.hjerteslag", "schedule": 60.0},
    # Delete expired sessions (innlogging.tasks; Django's clearsessions), every night.
    "sesjoner-rydd": {
        "task": "innlogging.tasks.sesjoner_rydd",
        "schedule": crontab(minute=20, hour=3),
    },
    # Fold the cache stamps of finished transactions into one row per group.
    "datastand-komprimer": {"task": "felles.tasks.datastand_komprimer", "schedule": 3600.0},
    # Shortly after 30.06 and 31.12 (Oslo time): close the half-year, draft its report.
    "halvaar-avslutt": {
        "task": "evaluering.tasks.halvaar_avslutt",
        "schedule": crontab(minute=30, hour=6, day_of_month=1, month_of_year="1,7"),
    },
    # The first of each month at 07:00: each investment leader's overdue follow-ups.
    "oppfolging-digest": {
        "task": "investering.tasks.oppfolging_digest",
        "schedule": crontab(minute=0, hour=7, day_of_month=1),
    },
    # Announce grant rounds whose opening time has come (each round once).
    "tilskudd-runder-aapnet": {
        "task": "tilskudd.tasks.varsle_runder_aapnet",
        "schedule": crontab(minute="*/15"),
    },
    # Daily notifications (felles.varsler; each once per event and recipient): grant
    # rounds closing within 7 days and use-of-funds reports due, follow-up points due
    # in 3 days or overdue.
    "tilskudd-runder-stenger": {
        "task": "tilskudd.tasks.varsle_runder_stenger",
        "schedule": crontab(minute=0, hour=8),
    },
    "tilskudd-rapportfrister": {
        "task": "tilskudd.tasks.varsle_rapportfrister",
        "schedule": crontab(minute=5, hour=8),
    },
    "oppfolging-frister": {
        "task": "investering.tasks.varsle_oppfolgingsfrister",
        "schedule": crontab(minute=10, hour=8),
    },
    # The 5th of each month at 05:00: fetch every active SSB source (kommuner.tasks).
    "ssb-hent-alle": {
        "task": "kommuner.tasks.ssb_hent_alle",
        "schedule": crontab(minute=0, hour=5, day_of_month=5),
    },
}

# Statistics Norway's PxWebApi v2 (other Nordic offices run the same API). Its limits:
# 800 000 cells per request, 30 requests per minute per address.
SSB_API_URL = env("SSB_API_URL", default="https://data.ssb.no/api/pxwebapi/v2").rstrip("/")
SSB_FORESPORSLER_PER_MINUTT = env.int("SSB_FORESPORSLER_PER_MINUTT", default=30)
SSB_MAKS_CELLER = 800_000
SSB_TIMEOUT = env.int("SSB_TIMEOUT", default=30)
SSB_MAKS_FORSOK = 4
# Longer than this asked by Retry-After: give up and let the next run try again.
SSB_MAKS_VENTING = 120

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# A grant's use-of-funds report is due on this (month, day) of the year after the pot's
# year; the kommune is reminded from this many days before (tilskudd.varsle_rapportfrister).
TILSKUDD_RAPPORTFRIST = (3, 1)
TILSKUDD_RAPPORT_VARSEL_DAGER = 30
# The portal's own address, for links in emails sent by background tasks.
PORTAL_URL = env("DJANGO_PORTAL_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="velferdspilot@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The legal pages (velferdspilot/sider.py): who answers for the portal and where to
# write. Empty values are shown as "not given yet", never as an invented address.
BEHANDLINGSANSVARLIG = env("DJANGO_CONTROLLER_NAME", default="")
PERSONVERN_EPOST = env("DJANGO_PRIVACY_EMAIL", default="")
PERSONVERNOMBUD = env("DJANGO_DPO_NAME", default="")
PERSONVERNOMBUD_EPOST = env("DJANGO_DPO_EMAIL", default="")
TILGJENGELIGHET_EPOST = env("DJANGO_ACCESSIBILITY_EMAIL", default="")
# The statement as registered with Digdir (uustatus.no), when it is.
TILGJENGELIGHET_UUSTATUS_URL = env("DJANGO_UUSTATUS_URL", default="")
# Processors besides those the settings already name (email, storage, error tracker,
# sign-in providers): "Name: what they do", separated by ";".
DATABEHANDLERE = [d.strip() for d in env("DJANGO_PROCESSORS", default="").split(";") if d.strip()]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "felles.logg.RequestIdFilter"}},
    "formatters": {"json": {"()": "felles.logg.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Sign-in with OpenID Connect (innlogging; README "Innlogging") ---
INSTALLED_APPS += ["innlogging"]
AUTHENTICATION_BACKENDS += ["innlogging.backend.OIDCBackend"]
# Password login for the demo and development; DJANGO_PASSWORD_LOGIN=False switches it
# off entirely. Production has it off unless DJANGO_PASSWORD_LOGIN=True (settings.
# production); a user bound to a provider's identity never signs in with a password.
PASSORD_BACKENDS = ["innlogging.passord.BundetIdentitetBackend", "kommuner.backends.RolleBackend"]
PASSORD_INNLOGGING = env.bool("DJANGO_PASSWORD_LOGIN", default=True)
if not PASSORD_INNLOGGING:
    AUTHENTICATION_BACKENDS = [b for b in AUTHENTICATION_BACKENDS if b not in PASSORD_BACKENDS]


def _oidc_tilbydere() -> dict[str, dict]:
    """OIDC_PROVIDERS=ansattporten,entra names the providers; each has OIDC_<NAME>_*."""
    tilbydere = {}
    for nokkel in env.list("OIDC_PROVIDERS", default=[]):
        prefiks = f"OIDC_{nokkel.upper()}_"
        tilbydere[nokkel.lower()] = {
            "navn": env(prefiks + "NAME", default=nokkel),
            "discovery_url": env(prefiks + "DISCOVERY_URL"),
            "client_id": env(prefiks + "CLIENT_ID"),
            "client_secret": env(prefiks + "CLIENT_SECRET", default=""),
            "scopes": env(prefiks + "SCOPES", default="openid email profile"),
            "acr_values": env(prefiks + "ACR_VALUES", default=""),
            # The issuer tokens must come from; by default the discovery document's.
            "issuer": env(prefiks + "ISSUER", default=""),
            # The claim sent as logout_hint at sign-out (Entra ID: login_hint); empty:
            # client_id only. The ID token is never kept (it may carry pid).
            "logout_hint_claim": env(prefiks + "LOGOUT_HINT_CLAIM", default=""),
        }
    return tilbydere


OIDC_TILBYDERE = _oidc_tilbydere()
# A provider that asserts a verified email in one of these domains may sign in an
# invited person by email without the link (off when empty).
OIDC_EPOST_DOMENER = [d.lower() for d in env.list("OIDC_EMAIL_MATCH_DOMAINS", default=[])]
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_TIMEOUT = 10
# The ID token is never kept in the session: it can carry the national identity number
# (Ansattporten's ``pid``), and sessions are rows in the database. Sign-out sends
# ``client_id`` (and at most one configured claim as ``logout_hint``) instead.
OIDC_STORE_ID_TOKEN = False
OIDC_STORE_ACCESS_TOKEN = False
OIDC_AUTHENTICATION_CALLBACK_URL = "innlogging:callback"
INVITASJON_GYLDIG = timedelta(days=7)
# Signing out sends the browser on to the provider's end_session_endpoint after a form
# post; browsers apply form-action to that redirect, so the providers' origins join it.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += sorted(
    {"/".join(t["discovery_url"].split("/")[:3]) for t in OIDC_TILBYDERE.values()}
)
