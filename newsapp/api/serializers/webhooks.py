"""Webhooks and their delivery log."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from newsapp.api.models import Webhook, WebhookDelivery
from newsapp.api.services.webhooks import WEBHOOK_EVENTS


class WebhookSerializer(serializers.ModelSerializer[Webhook]):
    url = serializers.CharField(max_length=500, help_text="Where the events are POSTed.")
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=list(WEBHOOK_EVENTS.items())), min_length=1
    )
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    active = serializers.BooleanField(required=False, default=True)
    secret = serializers.CharField(
        read_only=True, help_text="The HMAC-SHA256 key that signs every delivery."
    )
    deliveries = serializers.SerializerMethodField()

    class Meta:
        model = Webhook
        fields = ["id", "url", "events", "description", "active", "secret", "created_at",
                  "updated_at", "deliveries"]  # fmt: skip
        read_only_fields = ["id", "secret", "created_at", "updated_at", "deliveries"]

    def get_deliveries(self, webhook: Webhook) -> str:
        return reverse("api:webhook-deliveries", args=[webhook.pk])


class WebhookUpdateSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=500, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=list(WEBHOOK_EVENTS.items())),
        min_length=1, required=False,
    )  # fmt: skip
    description = serializers.CharField(required=False, allow_blank=True, max_length=200)
    active = serializers.BooleanField(required=False)


class DeliverySerializer(serializers.ModelSerializer[WebhookDelivery]):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id", "uuid", "event", "event_id", "status", "attempts", "response_code",
            "response_excerpt", "last_error", "created_at", "last_attempt_at",
            "next_attempt_at", "delivered_at", "redelivery_of", "body",
        ]  # fmt: skip
        read_only_fields = fields
