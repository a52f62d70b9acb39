"""Webhooks (editors, their own): register, change, delete; the delivery log; redeliver."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from newsapp.api import selectors
from newsapp.api.permissions import Editor
from newsapp.api.serializers import webhooks as s
from newsapp.api.services import webhooks


class WebhookList(generics.GenericAPIView[Any]):
    permission_classes = [Editor]
    serializer_class = s.WebhookSerializer

    @extend_schema(operation_id="webhooks_list", responses=s.WebhookSerializer(many=True),
                   tags=["webhooks"])  # fmt: skip
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.webhooks_of(user=request.user))
        return self.get_paginated_response(s.WebhookSerializer(page, many=True).data)

    @extend_schema(
        operation_id="webhooks_create", request=s.WebhookSerializer,
        responses={201: s.WebhookSerializer}, tags=["webhooks"],
        examples=[
            OpenApiExample(
                "CMS", request_only=True,
                value={"url": "https://cms.example.org/hooks/newsdesk",
                       "events": ["translation.done", "article.approved"]},
            )
        ],
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        form = s.WebhookSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        webhook = webhooks.webhook_create(
            user=request.user, url=data["url"], events=data["events"],
            description=data["description"], active=data["active"],
        )  # fmt: skip
        return Response(
            s.WebhookSerializer(webhook).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("api:webhook-detail", args=[webhook.pk])},
        )


class WebhookDetail(APIView):
    permission_classes = [Editor]

    @extend_schema(operation_id="webhooks_retrieve", responses=s.WebhookSerializer,
                   tags=["webhooks"])  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.WebhookSerializer(selectors.webhook_get(user=request.user, pk=pk)).data)

    @extend_schema(operation_id="webhooks_update", request=s.WebhookUpdateSerializer,
                   responses=s.WebhookSerializer, tags=["webhooks"])  # fmt: skip
    def patch(self, request: Request, pk: int) -> Response:
        webhook = selectors.webhook_get(user=request.user, pk=pk)
        form = s.WebhookUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        webhooks.webhook_update(user=request.user, webhook=webhook, **form.validated_data)
        return Response(s.WebhookSerializer(webhook).data)

    @extend_schema(operation_id="webhooks_destroy", responses={204: None}, tags=["webhooks"])
    def delete(self, request: Request, pk: int) -> Response:
        webhook = selectors.webhook_get(user=request.user, pk=pk)
        webhooks.webhook_delete(user=request.user, webhook=webhook)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookDeliveries(generics.GenericAPIView[Any]):
    permission_classes = [Editor]
    serializer_class = s.DeliverySerializer

    @extend_schema(operation_id="webhooks_deliveries", responses=s.DeliverySerializer(many=True),
                   tags=["webhooks"])  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        webhook = selectors.webhook_get(user=request.user, pk=pk)
        page = self.paginate_queryset(selectors.webhook_deliveries(webhook=webhook))
        return self.get_paginated_response(s.DeliverySerializer(page, many=True).data)


class DeliveryRedeliver(APIView):
    permission_classes = [Editor]

    @extend_schema(operation_id="webhooks_redeliver", request=None,
                   responses={202: s.DeliverySerializer}, tags=["webhooks"],
                   description="Send the delivery's event again (a new delivery, same "
                               "event id and body).")  # fmt: skip
    def post(self, request: Request, pk: int, delivery_pk: int) -> Response:
        webhook = selectors.webhook_get(user=request.user, pk=pk)
        delivery = selectors.delivery_get(webhook=webhook, pk=delivery_pk)
        again = webhooks.delivery_redeliver(user=request.user, delivery=delivery)
        return Response(s.DeliverySerializer(again).data, status=status.HTTP_202_ACCEPTED)
