"""Argos Translate packages through CTranslate2.

This package is the only code that imports ``argostranslate``, ``ctranslate2`` and
``sentencepiece``: ``engine`` (inference), ``packs`` (listing, installing and downloading
language packs), ``device`` (``MT_DEVICE``), ``synth`` and ``corpus`` (generated real-shape
packages for tests and benchmarks), ``tuning`` (the ``mt_bench`` scan).
"""

from newsapp.mt.argos.engine import ArgosEngine, classify_error, device_choice, forget_models
from newsapp.mt.argos.packs import (
    PackageInfo,
    download_and_install,
    index_packages,
    install_from_file,
    installed_packages,
    remove,
    validate_archive,
)

__all__ = [
    "ArgosEngine",
    "PackageInfo",
    "classify_error",
    "device_choice",
    "download_and_install",
    "forget_models",
    "index_packages",
    "install_from_file",
    "installed_packages",
    "remove",
    "validate_archive",
]
