"""Glossary imports plan with the importer's rights, apply once, and stay bounded
(issue 20 items 1 and 2, issue 11 finding 4)."""

from __future__ import annotations

import re
import threading

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from glossary import io
from glossary.models import Concept, ImportBatch, ImportPlanRow, Term
from glossary.services import imports
from newsapp.core.errors import ServiceError
from newsapp.core.roles import EDITORS
from tests.api.conftest import token_client
from tests.glossary_factories import concept_with_terms

pytestmark = pytest.mark.django_db
Status = Term.Status


@pytest.fixture
def pyongyang() -> Concept:
    concept = concept_with_terms(("en", "Pyongyang"), ("ko", "평양"), subject="places")
    Concept.objects.filter(pk=concept.pk).update(
        definition="Capital of North Korea", external_url="https://example.org/pyongyang"
    )
    concept.refresh_from_db()
    return concept


def _upload(client: Client, csv: str, name: str = "g.csv") -> str:
    response = client.post(reverse("glossary:import"),
                           {"file": SimpleUploadedFile(name, csv.encode())})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


def _confirm(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', page)
    assert digest is not None, page
    return client.post(url, {"digest": digest.group(1)}, follow=True).content.decode()


# --- Item 1: a translator's import cannot change a concept -----------------------------------


def test_translator_import_holds_back_concept_changes_and_proposes_terms(
    translator_client: Client, pyongyang: Concept
) -> None:
    csv = (f"id,subject,definition,url,en,ja\n{pyongyang.pk},military,Vandalised definition,"
           "https://evil.example/,Pyongyang,平壌\n")  # fmt: skip
    url = _upload(translator_client, csv)
    page = translator_client.get(url).content.decode()
    assert "held back (editors only): definition" in page
    assert "held back (editors only): external_url" in page
    assert "1 to update" in page
    _confirm(translator_client, url)
    pyongyang.refresh_from_db()
    assert (pyongyang.definition, pyongyang.subject, pyongyang.external_url) == (
        "Capital of North Korea", "places", "https://example.org/pyongyang",
    )  # fmt: skip
    assert Term.objects.get(language="ja").status == Status.PROPOSED  # the new term: review


def test_translator_row_that_only_changes_the_concept_is_refused(
    translator_client: Client, pyongyang: Concept
) -> None:
    # Without an id: the preferred term finds the concept.
    url = _upload(translator_client, "definition,en\nSomething else entirely,Pyongyang\n")
    page = translator_client.get(url).content.decode()
    assert "1 refused" in page
    assert "Only editors can change a concept&#x27;s definition" in page
    assert 'name="digest"' not in page  # nothing to import
    pyongyang.refresh_from_db()
    assert pyongyang.definition == "Capital of North Korea"


def test_editor_import_still_changes_the_concept(editor_client: Client, pyongyang: Concept) -> None:
    url = _upload(editor_client, f"id,definition,en\n{pyongyang.pk},Capital city,Pyongyang\n")
    assert "held back" not in editor_client.get(url).content.decode()
    _confirm(editor_client, url)
    pyongyang.refresh_from_db()
    assert pyongyang.definition == "Capital city"


def test_translator_import_through_the_api(translator: User, pyongyang: Concept) -> None:
    api: APIClient = token_client(translator)
    csv = (
        f"id,subject,url,en,es\n{pyongyang.pk},military,https://evil.example/,Pyongyang,Pionyang\n"
    )
    upload = SimpleUploadedFile("g.csv", csv.encode())
    preview = api.post("/api/v1/glossary/imports/", {"file": upload}, format="multipart")
    assert preview.status_code == 201, preview.json()
    plan = preview.json()
    assert plan["held_back"] == [
        "row 2: subject not changed (only editors can change it)",
        "row 2: external_url not changed (only editors can change it)",
    ]
    assert plan["status"] == "ready"
    applied = api.post(f"/api/v1/glossary/imports/{plan['id']}/apply/",
                       {"digest": plan["digest"]}, format="json")  # fmt: skip
    assert applied.status_code == 200, applied.json()
    pyongyang.refresh_from_db()
    assert (pyongyang.subject, pyongyang.external_url) == (
        "places",
        "https://example.org/pyongyang",
    )
    assert Term.objects.get(language="es").status == Status.PROPOSED


def test_apply_refuses_a_plan_with_concept_changes_for_a_translator(
    translator: User, pyongyang: Concept
) -> None:
    plan = io.plan_import(io.load(f"id,definition,en\n{pyongyang.pk},New,Pyongyang\n", "csv"),
                          fmt="csv")  # an editor's plan  # fmt: skip
    with pytest.raises(PermissionDenied):
        imports.glossary_import_apply(plan=plan, user=translator, approve=False)
    pyongyang.refresh_from_db()
    assert pyongyang.definition == "Capital of North Korea"


def test_a_role_change_between_preview_and_apply_renews_the_plan(
    translator: User, pyongyang: Concept
) -> None:
    """The digest covers what is held back: an importer who lost the editor role between the
    preview and the confirmation gets the renewed plan, never the editor's."""
    group = Group.objects.get_or_create(name=EDITORS)[0]
    translator.groups.add(group)
    batch = imports.import_batch_create(
        user=User.objects.get(pk=translator.pk), filename="g.csv", approve=False,
        data=f"id,definition,en\n{pyongyang.pk},New,Pyongyang\n".encode(),
    )  # fmt: skip
    translator.groups.remove(group)
    with pytest.raises(ServiceError, match="changed since this preview"):
        imports.import_batch_apply(user=User.objects.get(pk=translator.pk), batch=batch,
                                   digest=batch.plan_digest)  # fmt: skip
    batch.refresh_from_db()
    assert batch.counts["refuse"] == 1
    pyongyang.refresh_from_db()
    assert pyongyang.definition == "Capital of North Korea"


# --- Issue 11 finding 4: a double submit imports once ----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_threads_applying_one_batch_import_once() -> None:
    editor = User.objects.create_user("racing-editor")
    editor.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    csv = "en,ko\n" + "".join(f"City {n},도시 {n}\n" for n in range(40))
    # Proposed terms: no unique constraint stops a second copy (approved ones would collide).
    batch = imports.import_batch_create(user=editor, filename="g.csv", data=csv.encode(),
                                        approve=False)  # fmt: skip
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def apply() -> None:
        try:
            mine = ImportBatch.objects.get(pk=batch.pk)  # each thread read it before either wrote
            user = User.objects.get(pk=editor.pk)
            barrier.wait(timeout=10)
            imports.import_batch_apply(user=user, batch=mine, digest=mine.plan_digest)
            outcomes.append("imported")
        except ServiceError as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["This file was already imported.", "imported"]
    assert Term.objects.count() == 80
    assert Concept.objects.count() == 40


def test_apply_twice_in_a_row_imports_once(editor: User) -> None:
    batch = imports.import_batch_create(user=editor, filename="g.csv", data=b"en\nSeoul\n",
                                        approve=False)  # fmt: skip
    stale_copy = ImportBatch.objects.get(pk=batch.pk)
    imports.import_batch_apply(user=editor, batch=batch, digest=batch.plan_digest)
    stale_copy.status = "ready"  # a copy read before the first apply committed
    with pytest.raises(ServiceError, match="already imported"):
        imports.import_batch_apply(user=editor, batch=stale_copy, digest=stale_copy.plan_digest)
    assert Term.objects.filter(text="Seoul").count() == 1


# --- Item 2: large imports are capped, planned once, stored and paged ------------------------


def test_rows_over_the_cap_are_refused_before_parsing(
    editor: User, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.GLOSSARY_IMPORT_MAX_ROWS = 10  # type: ignore[attr-defined]

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed a file over the cap")

    monkeypatch.setattr(io, "load", never)
    csv = "en\n" + "".join(f"T{n}\n" for n in range(11))
    with pytest.raises(ServiceError, match="has 11 rows; a glossary import takes at most 10"):
        imports.import_batch_create(user=editor, filename="g.csv", data=csv.encode(),
                                    approve=False)  # fmt: skip
    tbx = "<tbx><text><body>" + "<conceptEntry id='x'/>" * 11 + "</body></text></tbx>"
    with pytest.raises(ServiceError, match="has 11 rows"):
        imports.import_batch_create(user=editor, filename="g.tbx", data=tbx.encode(),
                                    approve=False)  # fmt: skip
    # Carriage returns alone end rows too: they are counted.
    with pytest.raises(ServiceError, match="has 11 rows"):
        imports.import_batch_create(user=editor, filename="g.csv", approve=False,
                                    data=csv.replace("\n", "\r").encode())  # fmt: skip
    assert not ImportBatch.objects.exists()


def test_the_cap_message_reaches_the_page(editor_client: Client, settings: object) -> None:
    settings.GLOSSARY_IMPORT_MAX_ROWS = 3  # type: ignore[attr-defined]
    upload = SimpleUploadedFile("g.csv", b"en\nA\nB\nC\nD\n")
    response = editor_client.post(reverse("glossary:import"), {"file": upload})
    assert response.status_code == 200
    assert "has 4 rows; a glossary import takes at most 3" in response.content.decode()


def test_preview_is_stored_paged_and_never_replans(
    editor_client: Client, monkeypatch: pytest.MonkeyPatch, django_assert_max_num_queries: object
) -> None:
    csv = "en,ko\n" + "".join(f"Town {n:03},마을 {n:03}\n" for n in range(250)) + "Bad {x},\n"
    url = _upload(editor_client, csv)
    assert ImportPlanRow.objects.count() == 251

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the preview re-planned the file")

    monkeypatch.setattr(io, "plan_import", never)
    monkeypatch.setattr(io, "load", never)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        first = editor_client.get(url).content.decode()
    assert "250 to create" in first
    assert "Town 000" in first
    assert "Town 099" in first
    assert "Town 100" not in first
    assert "Page 1 of 3" in first
    third = editor_client.get(url, {"page": 3}).content.decode()
    assert "Town 249" in third
    assert "Unknown flag" in third
    refused = editor_client.get(url, {"show": "refuse"}).content.decode()
    assert "Unknown flag" in refused
    assert "Town 000" not in refused


def test_a_large_file_is_planned_and_applied_in_the_background(
    editor: User,
    editor_client: Client,
    settings: object,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: object,
) -> None:
    from glossary import tasks
    from newsapp import queue

    settings.GLOSSARY_IMPORT_INLINE_ROWS = 5  # type: ignore[attr-defined]
    published: list[tuple[str, tuple[object, ...]]] = []
    monkeypatch.setattr(
        queue, "publish", lambda task, *args: published.append((task, args)) or True
    )
    csv = "en,ko\n" + "".join(f"Village {n},동네 {n}\n" for n in range(8))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        upload = SimpleUploadedFile("big.csv", csv.encode())
        response = editor_client.post(reverse("glossary:import"), {"file": upload})
    url = response["Location"]
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows) == ("planning", 8)
    assert published == [(imports.PLAN_TASK, (str(batch.pk),))]
    assert not ImportPlanRow.objects.exists()  # nothing planned in the request
    page = editor_client.get(url).content.decode()
    assert "Checking the file in the background" in page
    assert 'hx-trigger="poll"' in page
    assert tasks.import_batch_plan_task(str(batch.pk)) == "ready"
    assert tasks.import_batch_plan_task(str(batch.pk)) == "skipped"  # redelivered: no-op
    fragment = editor_client.get(url, HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"
    assert 'hx-trigger="poll"' not in fragment.content.decode()
    page = editor_client.get(url).content.decode()
    assert "8 to create" in page
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', page).group(1)  # type: ignore[union-attr]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        done = editor_client.post(url, {"digest": digest}, follow=True).content.decode()
    assert "Importing in the background" in done
    assert published[-1] == (imports.APPLY_TASK, (str(batch.pk), editor.pk))
    assert not Term.objects.exists()
    again = editor_client.post(url, {"digest": digest}, follow=True).content.decode()
    assert "being imported now" in again  # a double submit while it runs: refused
    assert tasks.import_batch_apply_task(str(batch.pk), editor.pk) == "applied"
    assert tasks.import_batch_apply_task(str(batch.pk), editor.pk) == "skipped"
    assert Term.objects.filter(status=Status.PROPOSED).count() == 16
    assert "was imported on" in editor_client.get(url).content.decode()


def test_a_large_file_that_cannot_be_read_fails_with_its_reason(
    editor: User, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsapp import queue

    settings.GLOSSARY_IMPORT_INLINE_ROWS = 1  # type: ignore[attr-defined]
    monkeypatch.setattr(queue, "publish", lambda *args: True)
    batch = imports.import_batch_create(user=editor, filename="g.csv", approve=False,
                                        data=b"en,xx:bogus\nA,B\nC,D\n")  # fmt: skip
    assert imports.import_batch_plan(batch_id=batch.pk) == "failed"
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert "is not id, subject, definition" in batch.error
    with pytest.raises(ServiceError, match="is not id, subject"):
        imports.import_batch_apply(user=editor, batch=batch, digest=batch.plan_digest)


def test_without_workers_a_large_file_says_so(
    editor: User, settings: object, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: object,
) -> None:  # fmt: skip
    from newsapp import queue

    settings.GLOSSARY_IMPORT_INLINE_ROWS = 1  # type: ignore[attr-defined]
    monkeypatch.setattr(queue, "publish", lambda *args: False)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        batch = imports.import_batch_create(user=editor, filename="g.csv", approve=False,
                                            data=b"en\nA\nB\n")  # fmt: skip
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert "background workers cannot be reached" in batch.error


def test_the_import_tasks_exist_under_the_published_names_on_the_background_queue(
    settings: object,
) -> None:
    from newsapp.celery import app

    app.loader.import_default_modules()
    for name in (imports.PLAN_TASK, imports.APPLY_TASK):
        assert name in app.tasks
        route = app.amqp.router.route({}, name)
        assert route["queue"].name == settings.BACKGROUND_QUEUE  # type: ignore[attr-defined]


def test_the_api_shows_an_import_to_its_owner_only(
    translator: User, editor: User, client: Client
) -> None:
    batch = imports.import_batch_create(user=translator, filename="g.csv", approve=False,
                                        data=b"en\nSeoul\nBusan {weird}\n")  # fmt: skip
    url = f"/api/v1/glossary/imports/{batch.pk}/"
    mine = token_client(translator).get(url)
    assert mine.status_code == 200
    body = mine.json()
    assert (body["status"], body["creates"], body["digest"]) == ("ready", 1, batch.plan_digest)
    assert len(body["refused"]) == 1
    assert body["refused"][0].startswith("row 3: Unknown flag “weird” in “Busan {weird}”")
    assert token_client(editor).get(url).status_code == 404
    assert client.get(url).status_code in (401, 403)
