"""Which engine translates which pair, from ``settings.MT_ENGINES`` (in order of preference).

An entry is the name of a registered engine (``settings.MT_ENGINE_CLASSES``: "argos",
"apertium"); an unknown name is a configuration error, never an import of arbitrary code.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from newsapp.mt.base import MTEngine, MTError, Pair, UnsupportedPairError

_instances: dict[str, MTEngine] = {}


def unknown_engines() -> list[str]:
    """Names in ``MT_ENGINES`` that no engine is registered under (a system check reports them)."""
    return [name for name in settings.MT_ENGINES if name not in settings.MT_ENGINE_CLASSES]


def _load(entry: str) -> MTEngine:
    engine = _instances.get(entry)
    if engine is None:
        path = settings.MT_ENGINE_CLASSES.get(entry)
        if path is None:
            known = ", ".join(sorted(settings.MT_ENGINE_CLASSES))
            raise ImproperlyConfigured(
                f"MT_ENGINES names {entry!r}, which is not a registered engine ({known})."
            )
        engine = import_string(path)()
        _instances[entry] = engine
    return engine


def enabled_engines() -> list[MTEngine]:
    engines = []
    for entry in settings.MT_ENGINES:
        try:
            engines.append(_load(entry))
        except ImportError:
            continue  # an engine whose module is absent simply offers no pairs
    return engines


def get_engine(name: str) -> MTEngine:
    for engine in enabled_engines():
        if engine.name == name:
            return engine
    raise UnsupportedPairError(
        _("The engine %(name)s is not enabled (MT_ENGINES).") % {"name": repr(name)}
    )


@dataclass(frozen=True)
class PairOffer:
    source: str
    target: str
    engines: tuple[str, ...]


def available_pairs() -> list[PairOffer]:
    """Every pair some enabled engine can translate, with engines in preference order."""
    offers: dict[Pair, list[str]] = {}
    for engine in enabled_engines():
        try:
            pairs = engine.available_pairs()
        except MTError:
            continue
        for pair in pairs:
            offers.setdefault(pair, []).append(engine.name)
    return [PairOffer(s, t, tuple(names)) for (s, t), names in sorted(offers.items())]


def installed_languages() -> set[str]:
    return {code for offer in available_pairs() for code in (offer.source, offer.target)}


def engine_for_pair(source: str, target: str, preferred: str = "") -> MTEngine:
    """The engine to use for ``source``→``target``; ``preferred`` forces one engine."""
    engines = enabled_engines()
    if preferred:
        engines = [e for e in engines if e.name == preferred]
        if not engines:
            raise UnsupportedPairError(
                _("The engine %(name)s is not enabled.") % {"name": repr(preferred)}
            )
    for engine in engines:
        try:
            if (source, target) in engine.available_pairs():
                return engine
        except MTError:
            continue
    hints = " ".join(e.install_hint(source, target) for e in engines) or _("No engine is enabled.")
    raise UnsupportedPairError(
        _("No installed engine translates %(source)s→%(target)s. %(hints)s")
        % {"source": source, "target": target, "hints": hints}
    )


def fingerprint(engine: MTEngine, source: str, target: str) -> str:
    """What decides ``engine``'s output for the pair (its ``fingerprint`` when it has one, else
    its name): a part of the MT cache key, so that a new package version misses the cache."""
    method = getattr(engine, "fingerprint", None)
    if method is None:
        return engine.name
    return str(method(source, target))


def reset() -> None:
    """Forget engine instances (tests, and after installing packages)."""
    _instances.clear()
