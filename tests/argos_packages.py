"""Build small but real Argos Translate packages at test time (see newsapp.mt.argos.synth).

Run by hand: python -m tests.argos_packages OUT en ko
"""

from newsapp.mt.argos.synth import (
    CORPUS,
    REAL_EN_KO,
    TINY,
    ModelShape,
    build_model,
    build_package,
    train_sentencepiece,
)

__all__ = [
    "CORPUS",
    "REAL_EN_KO",
    "TINY",
    "ModelShape",
    "build_model",
    "build_package",
    "train_sentencepiece",
]

if __name__ == "__main__":  # pragma: no cover - manual use
    import sys
    from pathlib import Path

    print(build_package(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
