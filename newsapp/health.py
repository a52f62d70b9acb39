"""/healthz: database, Redis, workers and the sweeper; 503 when any is down.

Anonymous callers get the verdict only (``{"ok": false}``); a staff session or the
monitoring token (newsapp.ops.auth) also gets each check and the reasons for a 503.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from newsapp import queue
from newsapp.ops.auth import monitoring_authorised

Check = dict[str, object]


def _database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return {"ok": False, "error": str(exc), "reason": f"database unreachable: {exc}"}
    return {"ok": True}


def sweeper_check() -> Check:
    """Down when no sweep finished within SWEEPER_STALE_INTERVALS intervals."""
    limit = settings.SWEEPER_STALE_INTERVALS * settings.SWEEPER_INTERVAL_SECONDS
    heartbeat = queue.sweep_heartbeat()
    if heartbeat is None:
        return {
            "ok": False,
            "error": "no sweep recorded",
            "reason": f"no sweep recorded (none finished, or Redis cannot be read); "
            f"is beat running beside a worker? Limit {limit} s",
        }
    at, host = heartbeat
    age = round(time.time() - at, 1)
    if age > limit:
        return {
            "ok": False,
            "age_seconds": age,
            "host": host,
            "error": "sweeper stale",
            "reason": f"no sweep for {age:.0f} s (limit {limit} s: "
            f"{settings.SWEEPER_STALE_INTERVALS} × SWEEPER_INTERVAL_SECONDS); "
            f"is beat running beside a worker?",
        }
    return {"ok": True, "age_seconds": age, "host": host}


@login_not_required
@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Check] = {"database": _database()}
    redis_ok, detail = queue.redis_ping()
    checks["redis"] = (
        {"ok": True}
        if redis_ok
        else {"ok": False, "error": detail, "reason": f"Redis unreachable: {detail}"}
    )
    workers = queue.workers_ping(timeout=1.0) if redis_ok else []
    checks["workers"] = {"ok": bool(workers), "names": workers}
    if not workers:
        checks["workers"]["reason"] = "no worker answered a ping within 1 s"
    checks["sweeper"] = sweeper_check() if redis_ok else {
        "ok": False, "error": "unknown", "reason": "sweeper unknown: Redis unreachable",
    }  # fmt: skip
    healthy = all(check["ok"] for check in checks.values())
    status = 200 if healthy else 503
    if not monitoring_authorised(request):
        return JsonResponse({"ok": healthy}, status=status)
    reasons = [str(check.pop("reason")) for check in checks.values() if "reason" in check]
    return JsonResponse({"ok": healthy, "checks": checks, "reasons": reasons}, status=status)
