"""Writes of the API app: ``tokens`` (personal API tokens) and ``webhooks`` (registration,
signed deliveries, the event subscriptions)."""
