"""A large glossary import through a real Celery worker on the background queue and a real
Redis: upload, the plan appears with its progress, confirm, the worker applies it once."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from glossary.models import ImportBatch, ImportPlanRow, Term
from newsapp import queue
from tests.processes import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_large_import_is_planned_and_applied_by_a_worker(
    redis_server: object,
    make_worker,  # type: ignore[no-untyped-def]
    editor_client: Client,
    settings: object,
) -> None:
    settings.GLOSSARY_IMPORT_INLINE_ROWS = 5  # type: ignore[attr-defined]
    queue.publish_backoff_reset()
    worker = make_worker("imports", queues="background", GLOSSARY_IMPORT_INLINE_ROWS="5")
    csv = "en,ko\n" + "".join(f"Harbour {n},항구 {n}\n" for n in range(30))
    upload = SimpleUploadedFile("harbours.csv", csv.encode())
    response = editor_client.post(reverse("glossary:import"), {"file": upload})
    assert response.status_code == 302
    url = response["Location"]
    batch = ImportBatch.objects.get()

    def status_is(wanted: str) -> bool:
        return ImportBatch.objects.filter(pk=batch.pk, status=wanted).exists()

    try:
        wait_for(lambda: status_is("ready"), timeout=60, interval=0.3, what="the plan")
        page = editor_client.get(url).content.decode()
        assert "30 to create" in page
        assert ImportPlanRow.objects.filter(batch=batch).count() == 30
        digest = re.search(r'name="digest" value="([0-9a-f]{64})"', page)
        assert digest is not None
        editor_client.post(url, {"digest": digest.group(1)})
        wait_for(lambda: status_is("applied"), timeout=60, interval=0.3, what="the import")
    except (TimeoutError, AssertionError):
        pytest.fail(f"worker log:\n{worker.log.read_text()[-3000:]}")
    assert Term.objects.filter(status=Term.Status.PROPOSED).count() == 60
    assert "was imported on" in editor_client.get(url).content.decode()
