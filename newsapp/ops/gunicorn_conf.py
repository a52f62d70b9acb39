"""gunicorn settings for `make run` and production, from the environment:

    gunicorn -c python:newsapp.ops.gunicorn_conf newsapp.wsgi

Threaded workers (gthread): ``WEB_WORKERS`` processes (default: CPUs + 1) of ``WEB_THREADS``
threads (default 4). The request histograms of all workers are merged through files in
``PROMETHEUS_MULTIPROC_DIR`` (default ``var/prometheus``, emptied at start).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from newsapp.env import env_bool, env_choice, env_int, env_str

CPUS = len(os.sched_getaffinity(0))
VAR_DIR = Path(env_str("NEWSAPP_VAR_DIR", str(Path(__file__).resolve().parents[2] / "var")))

bind = [env_str("WEB_ADDR", "127.0.0.1:8000")]
worker_class = "gthread"
workers = env_int("WEB_WORKERS", CPUS + 1, minimum=1)
threads = env_int("WEB_THREADS", 4, minimum=1)
timeout = env_int("WEB_TIMEOUT", 60, minimum=5)
graceful_timeout = 30
keepalive = 5
#: Recycle a worker now and then, so that a slow leak cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500
#: Proxies whose X-Forwarded-* headers are trusted.
forwarded_allow_ips = env_str("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-" if env_bool("WEB_ACCESS_LOG", True) else None
errorlog = "-"
proc_name = "newsdesk-web"

if env_choice("LOG_FORMAT", "text", ("text", "json")) == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }

MULTIPROC_DIR = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(VAR_DIR / "prometheus")))


def on_starting(server: Any) -> None:
    """A fresh master starts with fresh metric files (counters restart from zero, which
    Prometheus handles as a counter reset)."""
    shutil.rmtree(MULTIPROC_DIR, ignore_errors=True)
    MULTIPROC_DIR.mkdir(parents=True, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
