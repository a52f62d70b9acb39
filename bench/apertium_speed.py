"""How long Apertium takes for one news article: one CLI call per batch vs one per sentence.

Run from the repository root: ``python bench/apertium_speed.py``. It needs Debian's
``apertium`` and ``apertium-eng-spa``. It prints the median seconds per article (about 550
words, split with sentencex) of three runs each way, and how many times faster batching is.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

RUNS = 3

ARTICLE_EN = """\
The Pentagon on Tuesday urged North Korea to stop what it called a dangerous pattern of \
provocations, hours after Pyongyang fired two ballistic missiles into the sea off its east \
coast. Press Secretary John Kirby told reporters at the Pentagon that the launches violated \
several resolutions of the United Nations Security Council and threatened the stability of \
the whole region. He said the United States remained firmly committed to the defense of its \
allies, South Korea and Japan, and would take every step needed to protect them. "We call on \
the DPRK to refrain from further destabilizing actions and to engage in serious and \
sustained diplomacy," Kirby said. The missiles flew about 600 kilometers before landing \
outside Japan's exclusive economic zone, according to officials in Tokyo. South Korea's \
military said it had increased surveillance along the border and was coordinating closely \
with American forces. It was the fourth launch this month and the 12th this year, a pace \
that has alarmed governments across Asia. Analysts said the tests appeared designed to \
improve the accuracy of short-range weapons that could strike military bases and cities \
across the peninsula. Kirby declined to say whether Washington would send additional ships \
or aircraft to the region in response to the latest launches. He noted that the Navy already \
kept a strong presence in the western Pacific and that the United States has about 28,000 \
troops in South Korea. Kirby said China had significant influence over Pyongyang and should \
use that influence to encourage restraint by the government of Kim Jong Un. "Beijing has a \
role to play here, and we fully expect it to play that role," he said. China is North \
Korea's largest trading partner and its main source of food and fuel. Officials in Beijing \
have repeatedly called for calm on all sides, but they have also criticized the joint \
military exercises held by Washington and Seoul. The Security Council is expected to meet \
later this week to discuss the launches. Diplomats said a new statement was unlikely because \
of deep divisions among the five permanent members of the council. Russia and China vetoed a \
resolution last year that would have tightened sanctions on North Korea. The administration \
has said many times that it is open to talks with Pyongyang without any preconditions. North \
Korea has not responded to those offers, and its state media described the latest test as a \
routine drill. Pyongyang accused the United States of raising tension in the region with its \
own exercises and with the deployment of strategic bombers. Kirby rejected that claim and \
said the drills were defensive in nature. He added that the Pentagon would continue to \
consult with allies about the next steps and would not be drawn into a cycle of threats. \
Some members of Congress urged the administration to expand missile defense systems in the \
region, while others called for renewed diplomacy and closer cooperation with China. In \
Seoul, the government convened an emergency meeting of its national security council, and \
Japan's prime minister said his country would respond firmly to any threat. The latest \
launches came a day before a planned visit to Seoul by senior American officials, who are \
expected to discuss the North Korean threat, trade and regional security. Kirby said the \
visit would go ahead as planned.
"""


def _setup_django() -> None:
    """Configure Django from newsapp.settings if the caller has not."""
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def split_sentences(article: str) -> list[str]:
    import sentencex

    return [sentence.strip() for sentence in sentencex.segment("en", article) if sentence.strip()]


def apertium_line(article: str) -> dict[str, Any]:
    """Median seconds to translate ``article`` en→es batched and sentence by sentence."""
    _setup_django()
    from bench.common import median_seconds
    from newsapp.mt.apertium import ApertiumEngine

    engine = ApertiumEngine()
    sentences = split_sentences(article)
    engine.available_pairs()  # mode discovery is not part of a translation

    def batched() -> list[str]:
        return engine.translate_batch(sentences, "en", "es")

    def one_by_one() -> list[str]:
        return [engine.translate_batch([sentence], "en", "es")[0] for sentence in sentences]

    batched_s = median_seconds(batched, RUNS)
    per_sentence_s = median_seconds(one_by_one, RUNS)
    return {
        "words": len(article.split()),
        "sentences": len(sentences),
        "runs": RUNS,
        "batched_s": round(batched_s, 3),
        "per_sentence_s": round(per_sentence_s, 3),
        "speedup": round(per_sentence_s / batched_s, 1),
        "same_output": batched() == one_by_one(),
    }


def main() -> None:
    result = apertium_line(ARTICLE_EN)
    print(
        f"Apertium eng-spa, {result['words']} words in {result['sentences']} sentences, "
        f"median of {result['runs']} runs:"
    )
    print(f"  batched (one call):     {result['batched_s']:.3f} s per article")
    print(f"  one call per sentence:  {result['per_sentence_s']:.3f} s per article")
    print(f"  batching is {result['speedup']}x faster; same output: {result['same_output']}")


if __name__ == "__main__":
    main()
