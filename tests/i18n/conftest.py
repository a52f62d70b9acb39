"""The language checks render pages in Korean: the test client's LocaleMiddleware leaves the
language active in the thread, so each test here hands the next one (any module's) English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _interface_language_reset() -> Iterator[None]:
    yield
    translation.deactivate()
