"""Engines are chosen by registered name; MT_ENGINES cannot import arbitrary code."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from newsapp.mt import registry


@pytest.fixture(autouse=True)
def _fresh_registry() -> object:
    registry.reset()
    yield
    registry.reset()


def test_a_dotted_path_is_not_an_engine(settings: object) -> None:
    settings.MT_ENGINES = ["os.system"]  # type: ignore[attr-defined]
    with pytest.raises(ImproperlyConfigured, match=r"'os\.system', which is not a registered"):
        registry.enabled_engines()
    assert registry.unknown_engines() == ["os.system"]


def test_the_system_check_reports_unknown_engines(settings: object) -> None:
    settings.MT_ENGINES = ["apertium", "tests.fakes.FakeEngine"]  # type: ignore[attr-defined]
    with pytest.raises(SystemCheckError, match=r"newsapp\.E001"):
        call_command("check")


def test_registered_names_load(settings: object) -> None:
    settings.MT_ENGINES = ["fake", "apertium"]  # type: ignore[attr-defined]
    assert [engine.name for engine in registry.enabled_engines()] == ["fake", "apertium"]
