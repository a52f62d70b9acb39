"""Glossary test fixtures: every test starts with cold matcher and selector caches."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from glossary import selectors


def _reset() -> None:
    selectors.matcher_cache_clear()
    selectors.approved_cache_clear()
    selectors.glossary_stamp_expire()


@pytest.fixture(autouse=True)
def _fresh_glossary_caches() -> Iterator[None]:
    _reset()
    yield
    _reset()
