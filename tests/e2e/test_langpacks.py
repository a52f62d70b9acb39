"""Browser flow: an editor with the language-pack permission uploads an .argosmodel, the real
worker installs it (progress on the page), the pair appears without a reload, and the pack is
removed after a confirmation. A bad archive is refused with the validator's message; a
translator sees no upload form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from playwright.sync_api import expect

from newsapp.articles.models import LanguagePackUpload, Segment
from newsapp.articles.services.intake import article_create
from newsapp.mt import argos
from tests.argos_packages import build_package
from tests.e2e.browser import Desk

pytestmark = pytest.mark.e2e

BAD_REQUEST_CONSOLE_ERROR = (
    "Failed to load resource: the server responded with a status of 400 (Bad Request)"
)


@pytest.fixture
def no_en_de() -> Iterator[None]:
    """The packages folder is shared by the browser tests: en→de is gone before and after."""
    argos.remove("en", "de")
    yield
    argos.remove("en", "de")


def test_flow_upload_install_and_remove_a_language_pack(
    desk: Desk, editor: User, translator: User, tmp_path: Path, no_en_de: None
) -> None:
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="articles", codename="manage_langpacks")
    )
    package = build_package(tmp_path / "build", "en", "de", seed=5)
    bad = tmp_path / "broken.argosmodel"
    bad.write_text("this is not a zip archive")
    assert ("en", "de") not in {(p.source, p.target) for p in argos.installed_packages()}

    tab = desk.open(editor.username)
    tab.goto("/language-packs/")
    page = tab.page
    pairs = page.locator("#pairs")
    expect(pairs).not_to_contain_text("German")
    expect(page.get_by_role("heading", name="Upload a package")).to_be_visible()
    expect(page.locator("#upload-progress")).to_be_hidden()
    tab.shoot("langpacks-manager", narrow=True)

    # A bad archive: the validator's message, next to the field; nothing is queued.
    page.get_by_label("Argos package (.argosmodel)").set_input_files(str(bad))
    with tab.expecting_console_error(BAD_REQUEST_CONSOLE_ERROR):  # the form answers 400
        page.get_by_role("button", name="Upload and install").click()
        expect(page.locator("#package-errors")).to_contain_text(
            "broken.argosmodel is not an Argos package (not a zip archive)."
        )
    assert not LanguagePackUpload.objects.exists()
    expect(page.locator("#upload-progress")).to_be_hidden()
    tab.shoot("langpacks-refused", narrow=True)

    # A real package: accepted, then installed by the worker while the page polls.
    # A real package, over a slow line (about 3 s) so that the upload's progress shows.
    page.get_by_label("Argos package (.argosmodel)").set_input_files(str(package))
    cdp = tab.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": 120_000},
    )
    with page.expect_request(re.compile(r"/language-packs/upload/$")) as sent:
        page.get_by_role("button", name="Upload and install").click()
        progress = page.locator("#upload-progress-text")
        expect(progress).to_contain_text(re.compile(r"Uploading: \d+% of 0\.4 MB"))
        expect(page.get_by_role("button", name="Upload and install")).to_be_disabled()
        expect(page.locator("#package-errors")).to_be_hidden()  # it was about broken.argosmodel
        tab.shoot("langpacks-uploading")
    assert sent.value.headers.get("x-requested-with") == "XMLHttpRequest"
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    cdp.detach()
    expect(page.locator(".messages")).to_contain_text(
        f"{package.name} (en→de) passed the checks; it is being installed."
    )
    upload = LanguagePackUpload.objects.get()
    card = page.locator(f"#upload-{upload.pk}")
    expect(card).to_contain_text(package.name)
    desk.wait(
        lambda: LanguagePackUpload.objects.get(pk=upload.pk).status == "installed",
        what="the worker to install the upload",
    )
    expect(card).to_contain_text("Installed en→de (version 0.1).")
    expect(card.locator(".badge")).to_have_text("Installed")
    expect(card).not_to_have_attribute("data-poll", re.compile(".*"))
    # The pairs table follows without a reload (the card's final answer triggers it).
    expect(pairs).to_contain_text("German")
    expect(page.locator("#argos-packs")).to_contain_text("English (en) → German (de)")
    tab.shoot("langpacks-installed", narrow=True)

    # The running worker translates with it at once (no restart).
    article = article_create(
        author=translator, title="Talks", text="The ministers met in Seoul.",
        source_language="en", target_languages=["de"], engine="argos",
    )  # fmt: skip
    desk.wait(lambda: article.translations.get().status == "done", what="the en→de translation")
    body = article.translations.get().segments.exclude(kind=Segment.Kind.HEADLINE)  # "Talks" is 0
    assert body.get().machine_text

    # The translator sees the new pair, and no upload form.
    reader = desk.open(translator.username)
    reader.goto("/language-packs/")
    expect(reader.page.locator("#pairs")).to_contain_text("German")
    expect(reader.page.get_by_role("heading", name="Upload a package")).to_have_count(0)
    expect(reader.page.get_by_role("link", name="Remove…")).to_have_count(0)
    reader.shoot("langpacks-translator", narrow=True)

    # Removal asks first, then removes.
    page.locator("#argos-packs tr", has_text="English (en) → German (de)").get_by_role(
        "link", name="Remove…"
    ).click()
    expect(page.get_by_role("heading", name="Remove the Argos package en→de?")).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        "No translation waiting or running uses this pair."
    )
    tab.shoot("langpacks-remove-confirm", narrow=True)
    page.get_by_role("button", name="Remove en→de").click()
    expect(page.locator(".messages")).to_contain_text("Removed the Argos package en→de.")
    expect(pairs).not_to_contain_text("German")
    assert ("en", "de") not in {(p.source, p.target) for p in argos.installed_packages()}
    tab.shoot("langpacks-removed")
    desk.assert_clean()
