"""Thin API views: validate with a serializer, call a service or selector, serialize."""
