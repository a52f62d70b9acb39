"""Production settings: the generated secret key, `check --deploy`, Argon2 logins, JSON logs."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from newsapp.env import env_secret
from newsapp.ops.secret import ensure_secret_key
from tests.processes import ROOT


def documented_production_env() -> dict[str, str]:
    """The ``export`` lines of the block under "### Production environment" in
    docs/configuration.md (values are examples; the secret key file is the test's own)."""
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    section = text.split("### Production environment", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    env = {}
    for line in block.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        env[name.strip()] = value.split("#", 1)[0].strip()
    assert env.get("DJANGO_HTTPS") == "1", env
    return env


PRODUCTION_ENV = documented_production_env()


def manage(*args: str, env: dict[str, str], var: Path) -> subprocess.CompletedProcess[str]:
    """``manage.py`` in a clean environment: nothing from the test run leaks in."""
    base = {"PATH": os.environ["PATH"], "HOME": str(var), "NEWSAPP_VAR_DIR": str(var)}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_secret_key_is_generated_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"
    assert ensure_secret_key(path) is True
    key = path.read_text().strip()
    assert len(key) >= 50  # what `check --deploy` asks for
    assert len(set(key)) >= 5
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ensure_secret_key(path) is False
    assert path.read_text().strip() == key


def test_env_secret_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fallback = tmp_path / "secret_key"
    monkeypatch.delenv("K", raising=False)
    monkeypatch.delenv("K_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="or run `make run` once"):
        env_secret("K", fallback_file=fallback)
    assert env_secret("K", "dev", fallback_file=fallback) == "dev"
    fallback.write_text("from-var\n")
    assert env_secret("K", "dev", fallback_file=fallback) == "from-var"
    monkeypatch.setenv("K", "from-env")
    assert env_secret("K", fallback_file=fallback) == "from-env"
    (tmp_path / "file").write_text("from-file\n")
    monkeypatch.setenv("K_FILE", str(tmp_path / "file"))
    assert env_secret("K", fallback_file=fallback) == "from-file"


def test_manage_py_reads_the_generated_key_with_debug_off(tmp_path: Path) -> None:
    """What README's commands do after `make run`: no DJANGO_SECRET_KEY in the environment."""
    failed = manage("check", env={}, var=tmp_path)
    assert failed.returncode == 1
    assert "must be set, or run `make run` once" in failed.stderr
    ensure_secret_key(tmp_path / "secret_key")
    done = manage("check", env={}, var=tmp_path)
    assert done.returncode == 0, done.stderr


def test_check_deploy_is_clean_in_the_documented_production_environment(tmp_path: Path) -> None:
    ensure_secret_key(tmp_path / "key")
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY_FILE": str(tmp_path / "key")}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, var=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    # Without HTTPS (a local `make run`), the same check names what production must add.
    key_only = {"DJANGO_SECRET_KEY_FILE": env["DJANGO_SECRET_KEY_FILE"]}
    local = manage("check", "--deploy", env=key_only, var=tmp_path)
    for warning in ("W004", "W008", "W012", "W016"):
        assert f"security.{warning}" in local.stdout + local.stderr


def test_json_logs(tmp_path: Path) -> None:
    ensure_secret_key(tmp_path / "secret_key")
    code = "import logging; logging.getLogger('newsapp.test').warning('hello %s', 'world')"
    result = manage("shell", "-c", code, env={"LOG_FORMAT": "json"}, var=tmp_path)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stderr.strip().splitlines()[-1])
    assert record["message"] == "hello world"
    assert record["level"] == "WARNING"
    assert record["logger"] == "newsapp.test"
    assert {"time", "process"} <= record.keys()
    bad = manage("check", env={"LOG_FORMAT": "xml"}, var=tmp_path)
    assert "LOG_FORMAT must be one of text, json" in bad.stderr


@pytest.mark.django_db
def test_login_upgrades_an_old_pbkdf2_hash_to_argon2(client: Client) -> None:
    user = User.objects.create_user("old", password="x" * 12)
    assert identify_hasher(user.password).algorithm == "argon2"
    user.password = PBKDF2PasswordHasher().encode("y" * 12, "somesalt1234")
    user.save()
    response = client.post("/login/", {"username": "old", "password": "y" * 12})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_weak_secret_key_stops_start_up_with_debug_off(tmp_path: Path) -> None:
    for weak in ("changeme", "ab" * 40, "insecure-dev-key-change-me"):
        result = manage("check", env={"DJANGO_SECRET_KEY": weak}, var=tmp_path)
        assert result.returncode == 1, weak
        assert "DJANGO_SECRET_KEY" in result.stderr, result.stderr
    # Debug on (development, tests) takes any key; a generated one passes with debug off.
    dev = manage("check", env={"DJANGO_SECRET_KEY": "changeme", "DJANGO_DEBUG": "1"}, var=tmp_path)
    assert dev.returncode == 0, dev.stderr
    ensure_secret_key(tmp_path / "key")
    done = manage("check", env={"DJANGO_SECRET_KEY_FILE": str(tmp_path / "key")}, var=tmp_path)
    assert done.returncode == 0, done.stderr


_SHOW = (
    "from django.conf import settings as s; print(repr((s.SECURE_SSL_REDIRECT, "
    "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)))"
)


def test_https_settings_can_be_overridden_one_by_one(tmp_path: Path) -> None:
    ensure_secret_key(tmp_path / "secret_key")

    def shown(**env: str) -> str:
        result = manage("shell", "-c", _SHOW, env=env, var=tmp_path)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert shown() == "(False, False, False, None)"
    assert shown(DJANGO_HTTPS="1") == ("(True, True, True, ('HTTP_X_FORWARDED_PROTO', 'https'))")
    assert shown(DJANGO_HTTPS="1", DJANGO_SECURE_SSL_REDIRECT="0") == (
        "(False, True, True, ('HTTP_X_FORWARDED_PROTO', 'https'))"
    )
    assert (
        shown(
            DJANGO_SESSION_COOKIE_SECURE="1",
            DJANGO_CSRF_COOKIE_SECURE="1",
            DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Scheme, https",
        )
        == "(False, True, True, ('HTTP_X_FORWARDED_SCHEME', 'https'))"
    )
    assert shown(DJANGO_HTTPS="1", DJANGO_SECURE_PROXY_SSL_HEADER="") == (
        "(True, True, True, None)"
    )
    bad = manage("check", env={"DJANGO_SECURE_PROXY_SSL_HEADER": "https"}, var=tmp_path)
    assert bad.returncode == 1
    assert "DJANGO_SECURE_PROXY_SSL_HEADER must be 'Header-Name,value'" in bad.stderr
