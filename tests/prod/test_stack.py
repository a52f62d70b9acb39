"""`make run` as a newcomer runs it, in a fresh copy: README's commands, static files with DEBUG
off, `kill -9` of each process, the editor in Chromium against gunicorn, and Ctrl-C.

The tests share one stack and run in file order (the last one stops it).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, HEIGHT, WIDE, Tab
from tests.pgcluster import free_port
from tests.processes import log_tail, wait_for
from tests.prod.conftest import report
from tests.prod.stack import PROGRAMS, Stack, fresh_copy, http_get, readme_commands

pytestmark = pytest.mark.prod

STORY = (
    "The Security Council will meet on Friday. Diplomats expect a statement.\n\n"
    "Markets in Asia were calm on Wednesday. The won rose slightly against the dollar."
)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    base = tmp_path_factory.mktemp("stack")
    (base / "home").mkdir()
    root = fresh_copy(base / "newsdesk")
    stack = Stack(root, base / "home", free_port(), free_port(), base / "make-run.log")
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


def test_started_with_debug_off_a_private_key_and_demo_logins(stack: Stack) -> None:
    key = stack.root / "var" / "secret_key"
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert len(key.read_text().strip()) >= 50
    assert set(stack.logins) == {"translator", "editor"}
    status, body, _ = http_get(stack.url + "/no/such/page/")
    assert status == 404
    assert b"URLconf" not in body, "a DEBUG 404 page: DEBUG is on"
    wait_for(lambda: all(stack.running(p) for p in PROGRAMS), 30, interval=0.5,
             what="every program to be RUNNING")  # fmt: skip
    wait_for(stack.healthy, 60, interval=0.5, what="/healthz 200 (workers and a first sweep)")


def test_readme_commands_work_as_written(stack: Stack) -> None:
    commands = readme_commands(stack.root / "README.md")
    makes = [c for c in commands if c.startswith("make ")]
    assert makes == ["make run", "make test"], "README shows exactly two set-up commands"
    outputs: list[tuple[str, str]] = []
    for command in commands:
        if command in makes:  # `make run` is what serves this stack; `make test` runs this test
            continue
        result = subprocess.run(
            ["bash", "-c", command], cwd=stack.root, env=stack.env(),
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        output = result.stdout + result.stderr
        assert "Traceback" not in output, f"{command}:\n{output}"
        if command.endswith("langpacks install en ko"):
            # No package index is reachable from the test (stack.NO_INDEX): a clear message.
            assert result.returncode == 1, output
            assert "Cannot reach the Argos package index" in output
            assert "langpacks install --file" in output
        else:
            assert result.returncode == 0, f"{command} exited {result.returncode}:\n{output}"
        outputs.append((command, output))
    listed = [out for cmd, out in outputs if cmd.endswith("langpacks list")]
    assert len(listed) == 2
    assert "en -> es" in listed[0]
    assert "en -> ko" not in listed[0]
    assert "en -> ko" in listed[1], "the demo package was installed before the second list"
    [translated] = [out for cmd, out in outputs if "translate_file" in cmd]
    assert " el " in translated or " la " in translated, translated[:300]
    remaining = subprocess.run(
        [".venv/bin/python", "manage.py", "langpacks", "list"], cwd=stack.root, env=stack.env(),
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "ko" not in remaining, "`langpacks remove ko` removed the demo package"


def test_static_files_are_served_hashed_and_compressed(stack: Stack) -> None:
    status, body, _ = http_get(stack.url + "/login/")
    assert status == 200
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', body)
    assert any(b"htmx" in asset for asset in assets), assets
    for asset in assets:
        assert re.search(rb"\.[0-9a-f]{12}\.(css|js)$", asset), f"not a hashed name: {asset!r}"
        status, content, headers = http_get(stack.url + asset.decode())
        assert status == 200, asset
        assert content
        assert "immutable" in headers.get("Cache-Control", "")
        assert headers.get("Content-Encoding") == "gzip", headers
    assert http_get(stack.url + "/static/js/nothing.js")[0] == 404


def test_kill_9_of_each_process_is_followed_by_its_restart(
    stack: Stack, request: pytest.FixtureRequest
) -> None:
    figures = []
    for program in PROGRAMS:
        old = stack.pid(program)
        assert old, stack.supervisorctl("status")
        killed = time.monotonic()
        os.kill(old, signal.SIGKILL)
        wait_for(lambda: http_get(stack.url + "/login/", timeout=2)[0] == 200, 30, interval=0.1,
                 what=f"the desk to serve after {program} was killed")  # fmt: skip
        serving = time.monotonic() - killed
        wait_for(lambda p=program, o=old: stack.pid(p) not in (0, o), 30, interval=0.1,  # type: ignore[misc]
                 what=f"{program} to be restarted")  # fmt: skip
        respawned = time.monotonic() - killed
        wait_for(lambda p=program: stack.running(p), 30, interval=0.2,  # type: ignore[misc]
                 what=f"{program} to be RUNNING again")  # fmt: skip
        figures.append(
            f"{program}: serving after {serving:.1f}s, respawned {respawned:.1f}s, "
            f"RUNNING {time.monotonic() - killed:.1f}s"
        )
    supervisor_log = (stack.root / "var/log/supervisord.log").read_text()
    for program in PROGRAMS:
        assert f"exited: {program} (terminated by SIGKILL; not expected)" in supervisor_log
        assert supervisor_log.count(f"spawned: '{program}'") >= 2
    wait_for(stack.healthy, 60, interval=0.5, what="/healthz 200 after the kills")
    report(request.config, "kill -9 under make run: " + "; ".join(figures))


def test_editor_works_in_chromium_against_gunicorn(stack: Stack) -> None:
    """Log in, submit, watch htmx progress to Done, then post-edit a sentence in place."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests")
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": WIDE, "height": HEIGHT}, locale="en-US")
        context.set_default_timeout(20_000)
        try:
            tab = Tab(context, stack.url, "translator")
            tab.login("translator", stack.logins["translator"])
            assert tab.page.evaluate("typeof window.htmx") == "object", "htmx did not load"
            font = tab.page.evaluate("getComputedStyle(document.body).fontFamily")
            assert "Noto Sans KR" in font, f"app.css did not load: {font}"
            tab.page.get_by_role("navigation").get_by_role("link", name="New article").click()
            tab.page.get_by_label("Headline").fill("Council meets")
            tab.page.locator("#id_text").fill(STORY)
            for box in tab.page.locator("input[name=target_languages]").all():
                box.set_checked(box.get_attribute("value") == "es")
            tab.page.get_by_role("button", name="Translate").click()
            card = tab.page.locator("article.translation")
            expect(card).to_have_count(1)
            expect(card.locator(".badge")).to_have_text("Done", timeout=90_000)
            expect(card).not_to_have_attribute("hx-trigger", re.compile(".*"))
            card.get_by_role("link", name="Edit").click()
            first = tab.page.locator("[id^=seg-]:not(.ed-kind-headline)").first  # the body
            first.locator("a.ed-text").click()
            textarea = first.locator("textarea")
            expect(textarea).to_be_focused()
            tab.page.keyboard.press("Control+A")
            tab.page.keyboard.type("El Consejo se reúne el viernes.")
            tab.page.keyboard.press("Control+Enter")
            expect(first).to_have_class(re.compile(r"\bed-confirmed\b"))
            tab.page.reload()
            expect(tab.page.locator("[id^=seg-]:not(.ed-kind-headline)").first).to_contain_text(
                "El Consejo se reúne el viernes."
            )
            assert not tab.errors, tab.errors
        finally:
            context.close()
            browser.close()


def test_ctrl_c_stops_everything(stack: Stack, request: pytest.FixtureRequest) -> None:
    seconds = stack.interrupt()
    assert stack.process is not None
    log = log_tail(stack.log, 30)
    assert "received SIGINT indicating exit request" in log
    wait_for(lambda: not stack.leftovers(), 15, what="every process of the stack to exit")
    assert http_get(stack.url + "/login/")[0] == 0
    report(request.config, f"Ctrl-C stopped the stack in {seconds:.1f}s")
