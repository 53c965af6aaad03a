"""The health endpoint for load balancers: 200 only when this server can serve the site as deployed."""

import functools
import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from security_service.catalogues import po_files, problems

logger = logging.getLogger(__name__)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return True


def _migrations():
    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


@functools.cache
def _catalogues_at_start():
    # The catalogues ship with the code: what holds when the server starts holds until it is redeployed.
    return all(not problems(path) for path in po_files())


@csrf_exempt  # GET and HEAD only: other methods get 405, not a CSRF 403
@require_safe
@never_cache
def health(request):
    checks = {}
    try:
        checks["database"] = _database()
        checks["migrations"] = _migrations()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        checks.setdefault("database", False)
        checks.setdefault("migrations", False)
    checks["catalogues"] = _catalogues_at_start()
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "failing", "checks": {name: "ok" if ok else "failing" for name, ok in checks.items()}}
    return JsonResponse(body, status=200 if healthy else 503)
