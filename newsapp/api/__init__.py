"""The REST API (``/api/v1/``), personal API tokens and signed webhooks.

Views are thin: they validate with serializers and call the apps' services and selectors,
so the API and the pages share one permission layer (``newsapp.core.roles``) and one set of
rules. The specification is in ``docs/api.md``.
"""
