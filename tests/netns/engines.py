"""The Argos engine (real packages, this host's own ARGOS_PACKAGES_DIR) paced like a real model.

The generated test model translates a sentence in about a millisecond; a real en→ko model on
two cores takes 40–100 ms (FACTS.md). ``NETNS_SECONDS_PER_SENTENCE`` (default 0.1) restores
that pace, so that a 50-article run lasts long enough to kill a worker in the middle of it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from newsapp.mt.argos import ArgosEngine


class PacedArgosEngine(ArgosEngine):
    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, avoid: Sequence[str] = ()
    ) -> list[str]:
        time.sleep(float(os.environ.get("NETNS_SECONDS_PER_SENTENCE", "0.1")) * len(sentences))
        return super().translate_batch(sentences, source, target, avoid=avoid)
