"""The error body every refusal uses (``newsapp.api.exceptions``)."""

from __future__ import annotations

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.CharField(
        help_text="Machine-readable: invalid, refused, not_authenticated, authentication_failed, "
        "permission_denied, not_found, conflict, throttled, unsupported_media_type…"
    )
    detail = serializers.CharField(help_text="What went wrong, for a person.")
    errors = serializers.DictField(  # type: ignore[assignment]
        required=False, help_text="Per field (validation errors): the field's messages."
    )
