"""/healthz: database, Redis and workers, as JSON; 503 when any is down."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from newsapp import queue


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, dict[str, object]] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True}
    except DatabaseError as exc:
        checks["database"] = {"ok": False, "error": str(exc)}
    redis_ok, detail = queue.redis_ping()
    checks["redis"] = {"ok": redis_ok} if redis_ok else {"ok": False, "error": detail}
    workers = queue.workers_ping(timeout=1.0) if redis_ok else []
    checks["workers"] = {"ok": bool(workers), "names": workers}
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse({"ok": healthy, "checks": checks}, status=200 if healthy else 503)
