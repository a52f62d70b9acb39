"""Settings for the newsroom translation desk. Every value comes from the environment.

The full list, with defaults, is in ``.env.example`` and ``docs/configuration.md``.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsapp.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("NEWSAPP_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_secret("DJANGO_SECRET_KEY", "insecure-dev-key-change-me" if DEBUG else None)
if not DEBUG and SECRET_KEY.startswith("insecure-"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a real secret when DEBUG is off")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "newsapp.articles",
    "newsapp.memory",
    "glossary",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "newsapp.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "newsapp.core.middleware.VaryOnHtmxMiddleware",
]

ROOT_URLCONF = "newsapp.urls"
WSGI_APPLICATION = "newsapp.wsgi.application"

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
                "newsapp.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web server and workers write concurrently: WAL and a busy timeout avoid "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# Tests run real worker processes, which need a database file they can open too.
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"]["NAME"] = str(VAR_DIR / "test.sqlite3")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "articles:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"

# --- Queue (Celery on Redis) -------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a worker that loses Redis keeps reconnecting
#: Seconds before Redis redelivers an unacknowledged task. Must exceed the hard time limit.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=60)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 1800, minimum=10)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 1500, minimum=5)
if not CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < CELERY_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured(
        "Need CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < CELERY_VISIBILITY_TIMEOUT"
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # A hung (accepting, not answering) Redis costs a publisher this long, once.
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}
# Publishing from a web request must not hang while Redis is down: fail fast, the sweeper
# enqueues the work later. No retry: redis-py already replaces a connection that went stale
# when Redis restarted, and a retry only doubles the wait on a hung Redis. After a failure
# a process skips publishing for a few seconds (newsapp.queue.publish), so a request that
# queues several languages waits once at most. Measured in tests/fault/test_redis_outage.py.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
QUEUE_UNAVAILABLE_BACKOFF_SECONDS = 2.0
# A running translation keeps its lease in the database when the broker connection drops;
# the copy Redis still holds is a harmless duplicate, so let it finish (the Celery 5 default,
# stated because Celery 6 changes it).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
#: The queue MT work goes to, away from the sweeper's default "celery" queue.
MT_QUEUE = "mt"
CELERY_TASK_ROUTES = {
    "newsapp.articles.tasks.translation_run_task": {"queue": MT_QUEUE},
    "newsapp.articles.tasks.translation_reenforce_task": {"queue": MT_QUEUE},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Translation pipeline ------------------------------------------------------------------
ARTICLE_MAX_CHARS = env_int("ARTICLE_MAX_CHARS", 100_000, minimum=1)
#: Sentences sent to the engine per call; progress is saved after each batch.
TRANSLATION_BATCH_SEGMENTS = env_int("TRANSLATION_BATCH_SEGMENTS", 16, minimum=1)
#: A running translation whose lease has expired is taken over by the sweeper.
TRANSLATION_LEASE_SECONDS = env_int("TRANSLATION_LEASE_SECONDS", 120, minimum=5)
TRANSLATION_MAX_ATTEMPTS = env_int("TRANSLATION_MAX_ATTEMPTS", 3, minimum=1)
#: Queued translations older than this are re-enqueued by the sweeper.
TRANSLATION_QUEUED_GRACE_SECONDS = env_int("TRANSLATION_QUEUED_GRACE_SECONDS", 60, minimum=1)
SWEEPER_INTERVAL_SECONDS = env_int("SWEEPER_INTERVAL_SECONDS", 30, minimum=1)
#: How the glossary (which imports no other app) names the article a term was proposed from.
GLOSSARY_SOURCE_RESOLVER = "newsapp.articles.selectors.articles.article_reference"

# --- Machine translation engines -------------------------------------------------------------
#: The engines the desk knows, by name (the tests register their fakes in tests/settings.py).
MT_ENGINE_CLASSES = {
    "argos": "newsapp.mt.argos.ArgosEngine",
    "apertium": "newsapp.mt.apertium.ApertiumEngine",
}
#: Engines in order of preference for a language pair: names from MT_ENGINE_CLASSES.
MT_ENGINES = env_list("MT_ENGINES", ["argos", "apertium"])
ARGOS_PACKAGES_DIR = env_str("ARGOS_PACKAGES_DIR", str(VAR_DIR / "argos-packages"))
MT_INTER_THREADS = env_int("MT_INTER_THREADS", 2, minimum=1)
MT_INTRA_THREADS = env_int("MT_INTRA_THREADS", 1, minimum=0)
MT_MAX_BATCH_TOKENS = env_int("MT_MAX_BATCH_TOKENS", 512, minimum=1)
MT_BEAM_SIZE = env_int("MT_BEAM_SIZE", 2, minimum=1)
MT_MAX_DECODING_LENGTH = env_int("MT_MAX_DECODING_LENGTH", 256, minimum=1)
MT_COMPUTE_TYPE = env_str("MT_COMPUTE_TYPE", "int8")
APERTIUM_BINARY = env_str("APERTIUM_BINARY", "apertium")
APERTIUM_TIMEOUT_SECONDS = env_int("APERTIUM_TIMEOUT_SECONDS", 60, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

CELERY_BEAT_SCHEDULE = {
    "sweep-translations": {
        "task": "newsapp.articles.tasks.translations_sweep_task",
        "schedule": float(SWEEPER_INTERVAL_SECONDS),
    },
    "sweep-webhook-deliveries": {
        "task": "newsapp.api.tasks.webhook_deliveries_sweep_task",
        "schedule": 60.0,
    },
}

# --- REST API and webhooks (docs/api.md) ------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "newsapp.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["newsapp.api.permissions.DeskMember"],
    "DEFAULT_THROTTLE_CLASSES": [
        "newsapp.api.throttling.TokenRateThrottle",
        "newsapp.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_PAGINATION_CLASS": "newsapp.api.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "newsapp.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "newsapp.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "URL_FORMAT_OVERRIDE": None,  # ?format= is the glossary export's own parameter
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsdesk API",
    "DESCRIPTION": "Articles, translations, glossary, memory and webhooks. See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "PATH_CONVERTER_OVERRIDES": {
        "api_id": {"type": "integer", "minimum": 0, "maximum": 999_999_999_999_999_999}
    },
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "newsapp.api.schema.add_links",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ArticleStatusEnum": "newsapp.articles.models.Article.Status",
        "TranslationStatusEnum": "newsapp.articles.models.Translation.Status",
        "SegmentStateEnum": "newsapp.articles.models.Segment.State",
        "TermStatusEnum": "glossary.models.Term.Status",
        "TermUsageEnum": "glossary.models.Term.Usage",
    },
}
#: Requests per token, and per user over all their tokens and their browser session.
API_THROTTLE_TOKEN_RATE = env_str("API_THROTTLE_TOKEN_RATE", "600/minute")
API_THROTTLE_USER_RATE = env_str("API_THROTTLE_USER_RATE", "1200/minute")
#: POST /api/v1/translate: its own, tighter rate (an engine call per request) and size cap.
API_THROTTLE_TRANSLATE_RATE = env_str("API_THROTTLE_TRANSLATE_RATE", "60/minute")
API_TRANSLATE_MAX_CHARS = env_int("API_TRANSLATE_MAX_CHARS", 5000, minimum=1)
#: Longest lifetime a personal API token may be given (days; 0 allows tokens that never expire).
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365, minimum=0)
#: Webhook URLs on private, loopback or link-local addresses are refused unless this is on.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
#: Attempts per delivery (the first one included), with exponential back-off between them.
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6, minimum=1)
WEBHOOK_RETRY_BACKOFF_SECONDS = env_int("WEBHOOK_RETRY_BACKOFF_SECONDS", 30, minimum=1)
