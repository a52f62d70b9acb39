"""The one error a service raises for a refusal a person can read and act on."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal with a message for the person who asked (shown as is on the page)."""
