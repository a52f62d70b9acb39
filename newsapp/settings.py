"""Settings for the newsroom translation desk. Every value comes from the environment.

The full list, with defaults, is in ``.env.example`` and ``docs/configuration.md``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsapp.env import env_bool, env_choice, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("NEWSAPP_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", False)
#: `make run` writes a generated key here on first start (mode 0600, newsapp.ops.secret), so
#: that every process it starts, and every `manage.py` command run by hand, reads the same key.
SECRET_KEY_FILE = VAR_DIR / "secret_key"
SECRET_KEY = env_secret(
    "DJANGO_SECRET_KEY",
    "insecure-dev-key-change-me" if DEBUG else None,
    fallback_file=SECRET_KEY_FILE,
)
if not DEBUG and SECRET_KEY.startswith("insecure-"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a real secret when DEBUG is off")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
#: Demo logins (`seed_demo`) with DEBUG off: `make run` sets this for a local desk only.
DEMO_USERS = env_bool("NEWSAPP_DEMO_USERS", False)

# --- Web tier: HTTPS behind a proxy, static files, passwords, monitoring --------------------
#: Served behind a TLS-terminating proxy that sets X-Forwarded-Proto (production).
HTTPS = env_bool("DJANGO_HTTPS", False)
# SECURE_PROXY_SSL_HEADER (X-Forwarded-Proto with HTTPS on): "Web security" block below.
SECURE_SSL_REDIRECT = HTTPS
#: Probes inside the network speak plain HTTP to the web tier.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
#: Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 17 ms per login
#: here against 190 ms for PBKDF2 at Django's 1,000,000 iterations. Older hashes are
#: upgraded at the next login. Measured in docs/benchmarks.md.
PASSWORD_HASHERS = [
    "newsapp.ops.hashers.Argon2Hasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
#: A token for /healthz details and /metrics (``Authorization: Bearer …``); staff sessions
#: need none. Empty: only staff see them.
MONITORING_TOKEN = env_secret("MONITORING_TOKEN", "")

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
    "newsapp.ops",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "newsapp.api",
    "newsapp.accounts",
]

MIDDLEWARE = [
    "newsapp.ops.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "newsapp.accounts.middleware.PreferencesMiddleware",
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

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
_SQLITE = DATABASE_URL.startswith("sqlite:")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # PostgreSQL: keep connections for a minute, checked before reuse (a restarted
        # server or a dropped link costs one failed check, not a failed request).
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if _SQLITE else 60, minimum=0),
        conn_health_checks=not _SQLITE,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A worker cut off from the network mid-transaction would keep its row locks until TCP
    # gives up (minutes); the server ends such a session after this many seconds instead.
    _idle = env_int("DATABASE_IDLE_IN_TRANSACTION_TIMEOUT", 30, minimum=0)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c idle_in_transaction_session_timeout={_idle * 1000}"
    )
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

#: All four of Django's validators (issue 20): not like the username, at least 8 characters,
#: not a common password, not all digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "articles:list"
LOGOUT_REDIRECT_URL = "login"

# --- interface language and time (docs/i18n.md) ---
#: The interface speaks English and Korean. A user's saved preference wins, then the language
#: cookie (set by the header's switcher), then the browser's Accept-Language, then this.
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
LANGUAGES = [("en", "English"), ("ko", "한국어")]
#: Catalogues: the project's own (templates/, the shared packages), then each app's locale/.
LOCALE_PATHS = [BASE_DIR / "locale"]
#: Our date and number formats per language (newsapp/formats/ko: 2026년 12월 2일 오후 4시 34분).
FORMAT_MODULE_PATH = ["newsapp.formats"]
#: The default time zone; each user may choose their own on the preferences page.
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing one before collectstatic
#: With DEBUG off, WhiteNoise serves `collectstatic`'s output: compressed, with hashed names
#: cached for a year. With DEBUG on (development, tests), the plain storage needs no manifest.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

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
#: Work that may wait (term candidates): a worker must listen to it (make run's does).
BACKGROUND_QUEUE = "background"
CELERY_TASK_ROUTES = {
    "newsapp.articles.tasks.translation_run_task": {"queue": MT_QUEUE},
    "newsapp.articles.tasks.translation_reenforce_task": {"queue": MT_QUEUE},
    # Term candidates (with engine suggestions) never delay a translation: their own queue.
    "newsapp.articles.tasks.candidates_extract_task": {"queue": BACKGROUND_QUEUE},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Translation pipeline ------------------------------------------------------------------
ARTICLE_MAX_CHARS = env_int("ARTICLE_MAX_CHARS", 100_000, minimum=1)
#: One engine call (and one saved batch of progress) holds at most this many sentences and
#: this much source text: fewer, larger calls cost less per sentence (docs/benchmarks.md).
TRANSLATION_BATCH_SEGMENTS = env_int("TRANSLATION_BATCH_SEGMENTS", 200, minimum=1)
TRANSLATION_BATCH_CHARS = env_int("TRANSLATION_BATCH_CHARS", 6000, minimum=1)
#: Machine translations are cached by content (engine, package, settings, pair, sentence and
#: the glossary entries that apply): repeated wire copy is translated once.
MT_CACHE = env_bool("MT_CACHE", True)
#: Cache entries unused for this many days are forgotten (daily).
MT_CACHE_DAYS = env_int("MT_CACHE_DAYS", 90, minimum=1)
#: Sentences one worker run translates before handing the translation back to the queue, so
#: that short articles are not stuck behind a long one.
TRANSLATION_RUN_SEGMENTS = env_int("TRANSLATION_RUN_SEGMENTS", 400, minimum=1)
#: A running translation whose lease has expired is taken over by the sweeper.
TRANSLATION_LEASE_SECONDS = env_int("TRANSLATION_LEASE_SECONDS", 120, minimum=5)
TRANSLATION_MAX_ATTEMPTS = env_int("TRANSLATION_MAX_ATTEMPTS", 3, minimum=1)
#: Queued translations older than this are re-enqueued by the sweeper.
TRANSLATION_QUEUED_GRACE_SECONDS = env_int("TRANSLATION_QUEUED_GRACE_SECONDS", 60, minimum=1)
SWEEPER_INTERVAL_SECONDS = env_int("SWEEPER_INTERVAL_SECONDS", 30, minimum=1)
#: A glossary change is applied as a small delta at once and the full matcher rebuilt in a
#: background thread (off: rebuilt on the spot, as the tests do).
GLOSSARY_BACKGROUND_REBUILD = env_bool("GLOSSARY_BACKGROUND_REBUILD", True)
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
#: "auto" (CUDA when CTranslate2 sees a GPU, else CPU), "cpu" or "cuda".
MT_DEVICE = env_str("MT_DEVICE", "auto").strip().lower()
if MT_DEVICE not in {"auto", "cpu", "cuda"}:
    raise ImproperlyConfigured(f"MT_DEVICE must be auto, cpu or cuda, got {MT_DEVICE!r}")
#: Empty: int8 on CPU, int8_float16 on CUDA (newsapp.mt.argos.device).
MT_COMPUTE_TYPE = env_str("MT_COMPUTE_TYPE", "")
#: Language-pack archives: caps on what one may extract, and where downloads may come from.
ARGOS_MAX_EXTRACTED_MB = env_int("ARGOS_MAX_EXTRACTED_MB", 2048, minimum=1)
ARGOS_MAX_COMPRESSION_RATIO = env_int("ARGOS_MAX_COMPRESSION_RATIO", 20, minimum=1)
ARGOS_MAX_DOWNLOAD_MB = env_int("ARGOS_MAX_DOWNLOAD_MB", 1024, minimum=1)
#: Empty: argostranslate's own index (https).
ARGOS_INDEX_URL = env_str("ARGOS_INDEX_URL", "")
#: URL prefixes that may be fetched over plain http (a local mirror); https is always allowed.
ARGOS_HTTP_MIRRORS = env_list("ARGOS_HTTP_MIRRORS", [])
APERTIUM_BINARY = env_str("APERTIUM_BINARY", "apertium")
APERTIUM_TIMEOUT_SECONDS = env_int("APERTIUM_TIMEOUT_SECONDS", 60, minimum=1)

#: "json": one JSON object per line (for a log shipper); "text": plain lines.
LOG_FORMAT = env_choice("LOG_FORMAT", "text", ("text", "json"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
#: Celery keeps Django's logging (and so its format) instead of installing its own handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT == "text"

#: Every worker host may run beat beside its worker: the sweep takes a short Redis lock
#: (newsapp.queue.sweep_lock), so extra ticks are skipped, never raced. Ticks queued while
#: no worker consumed expire after ten intervals (at least a minute), so that a long outage
#: does not leave hundreds of them; a tick waiting behind a translation must not expire.
CELERY_BEAT_SCHEDULE = {
    "prune-mt-cache": {
        "task": "newsapp.articles.tasks.mt_cache_prune_task",
        "schedule": 24 * 3600.0,
    },
    "sweep-translations": {
        "task": "newsapp.articles.tasks.translations_sweep_task",
        "schedule": float(SWEEPER_INTERVAL_SECONDS),
        "options": {"expires": float(max(60, 10 * SWEEPER_INTERVAL_SECONDS))},
    },
    "sweep-webhook-deliveries": {
        "task": "newsapp.api.tasks.webhook_deliveries_sweep_task",
        "schedule": 60.0,
    },
}
#: /healthz reports the sweeper down when its last run is older than this many intervals.
SWEEPER_STALE_INTERVALS = 3

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

# --- Web security (issue 20): logins, production overrides, Content-Security-Policy ----------
#: Each HTTPS setting follows DJANGO_HTTPS unless its own variable says otherwise.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", SECURE_SSL_REDIRECT)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", SESSION_COOKIE_SECURE)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", CSRF_COOKIE_SECURE)
#: "HEADER,value" (e.g. ``X-Forwarded-Proto,https``) or empty for none.
_proxy_ssl = env_str(
    "DJANGO_SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto,https" if HTTPS else ""
).strip()
SECURE_PROXY_SSL_HEADER: tuple[str, str] | None = None
if _proxy_ssl:
    _header, _sep, _value = (part.strip() for part in _proxy_ssl.partition(","))
    if not (_header and _sep and _value):
        raise ImproperlyConfigured(
            f"DJANGO_SECURE_PROXY_SSL_HEADER must be 'Header-Name,value', got {_proxy_ssl!r}"
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _header.upper().replace("-", "_"), _value)
#: A secret key must be long and varied when DEBUG is off (``make run`` generates one).
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 10
if not DEBUG and (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH or len(set(SECRET_KEY)) < SECRET_KEY_MIN_DISTINCT
):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is too weak: it needs at least {SECRET_KEY_MIN_LENGTH} characters "
        f"and {SECRET_KEY_MIN_DISTINCT} different ones (python -m newsapp.ops.secret FILE "
        "generates one)"
    )

#: The admin site admits superusers only (newsapp.ops.adminsite).
INSTALLED_APPS = [
    "newsapp.ops.adminsite.DeskAdminConfig" if app == "django.contrib.admin" else app
    for app in INSTALLED_APPS
]
#: Login throttling (django-axes): a username and address pair is locked out after
#: LOGIN_FAILURE_LIMIT failures for LOGIN_COOLOFF_MINUTES, on the desk and admin logins.
INSTALLED_APPS += ["axes", "csp"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE += ["csp.middleware.CSPMiddleware", "axes.middleware.AxesMiddleware"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "newsapp.ops.auth.lockout_response"
#: Proxies in front of the web tier that append to X-Forwarded-For (0: trust no header, use
#: the connection's address; a client can then not reset its count with a forged header).
LOGIN_PROXY_COUNT = env_int("LOGIN_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "newsapp.ops.auth.client_ip"
AXES_VERBOSE = False

#: Content-Security-Policy on every response: scripts and styles from this site only (no
#: inline code, no eval). The API's ReDoc page alone adds inline styles (newsapp.api.urls).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- editor ---
#: Sentences per page of the segment editor (the whole translation's progress is always shown).
EDITOR_PAGE_SEGMENTS = env_int("EDITOR_PAGE_SEGMENTS", 200, minimum=10)
# --- desk: finding work, notifications, waiting explained ---
INSTALLED_APPS += ["newsapp.notifications"]
TEMPLATES[0]["OPTIONS"]["context_processors"] += [  # type: ignore[index]
    "newsapp.context_processors.desk_counts",
]
#: How long the navigation's review-queue count and the list's filter choices are cached.
DESK_COUNTS_CACHE_SECONDS = env_int("DESK_COUNTS_CACHE_SECONDS", 15, minimum=0)
#: A queued translation no worker has claimed after this many seconds says so on its card.
WORKER_WAIT_NOTICE_SECONDS = env_int("WORKER_WAIT_NOTICE_SECONDS", 5, minimum=1)
#: How long the answer to "is any worker alive?" (shown to editors) is cached.
WORKER_PING_CACHE_SECONDS = env_int("WORKER_PING_CACHE_SECONDS", 10, minimum=0)
#: E-mail each notification too (to users with an address); Django's mail settings apply.
NOTIFICATIONS_EMAIL = env_bool("NOTIFICATIONS_EMAIL", False)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "newsdesk@localhost")
# --- intake ---
#: The same story (same content hash) submitted again within this many minutes asks for
#: confirmation and links the first; 0 turns the check off.
INTAKE_DUPLICATE_WARN_MINUTES = env_int("INTAKE_DUPLICATE_WARN_MINUTES", 60, minimum=0)
#: Largest upload the intake form reads (bytes).
INTAKE_MAX_UPLOAD_BYTES = env_int("INTAKE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1)

# --- feeds (docs/intake.md) ---
INSTALLED_APPS += ["newsapp.feeds"]
#: How often beat looks for feeds due a poll (each feed has its own interval).
FEEDS_TICK_SECONDS = env_int("FEEDS_TICK_SECONDS", 60, minimum=5)
FEEDS_TIMEOUT_SECONDS = env_int("FEEDS_TIMEOUT_SECONDS", 10, minimum=1)
FEEDS_MAX_BYTES = env_int("FEEDS_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
#: Items taken from one answer at most (the newest first, as feeds list them).
FEEDS_MAX_ITEMS = env_int("FEEDS_MAX_ITEMS", 30, minimum=1)
#: Feeds on private, loopback and link-local addresses (an internal wire server; tests).
FEEDS_ALLOW_PRIVATE_NETWORKS = env_bool("FEEDS_ALLOW_PRIVATE_NETWORKS", False)
#: A poll holds its feed this long at most (a crashed poll frees it then).
FEEDS_CLAIM_SECONDS = env_int("FEEDS_CLAIM_SECONDS", 300, minimum=30)
CELERY_TASK_ROUTES["newsapp.feeds.tasks.feed_poll_task"] = {"queue": BACKGROUND_QUEUE}
CELERY_BEAT_SCHEDULE["poll-feeds"] = {
    "task": "newsapp.feeds.tasks.feeds_poll_due_task",
    "schedule": float(FEEDS_TICK_SECONDS),
    "options": {"expires": float(max(60, 5 * FEEDS_TICK_SECONDS))},
}

# --- fairness between people ---
#: Sentences one person may have waiting for the engine (queued or running) before a new
#: article is refused with a message; 0: no limit.
USER_QUEUED_SENTENCES_MAX = env_int("USER_QUEUED_SENTENCES_MAX", 20000, minimum=0)
# --- Security: inputs (glossary imports) ---
#: Rows (CSV lines, TBX entries) a glossary import may hold; counted at upload, before parsing.
GLOSSARY_IMPORT_MAX_ROWS = env_int("GLOSSARY_IMPORT_MAX_ROWS", 50_000, minimum=1)
#: Files with more rows are planned and applied by a background task (on BACKGROUND_QUEUE).
GLOSSARY_IMPORT_INLINE_ROWS = env_int("GLOSSARY_IMPORT_INLINE_ROWS", 1_000, minimum=0)
CELERY_TASK_ROUTES["glossary.tasks.import_batch_plan_task"] = {"queue": BACKGROUND_QUEUE}
CELERY_TASK_ROUTES["glossary.tasks.import_batch_apply_task"] = {"queue": BACKGROUND_QUEUE}
#: API bodies: DRF's parsers, with every text value cleaned (newsapp.api.parsers).
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "newsapp.api.parsers.JSONParser",
    "newsapp.api.parsers.MultiPartParser",
    "newsapp.api.parsers.FormParser",
]
