from hypothesis import given
from hypothesis import strategies as st

from newsapp.articles import text
from tests.factories import STORY, STORY_PARAGRAPHS, STORY_SENTENCES


def test_story_segments_by_sentence_and_paragraph() -> None:
    segments = text.segment(STORY, "en")
    assert len(segments) == STORY_SENTENCES
    assert [s.paragraph_index for s in segments] == [0, 0, 1, 1, 1, 2]
    assert segments[1].source == (
        "Pentagon Press Secretary John Kirby said Pyongyang's launches threaten the region."
    )
    assert segments[1].separator == ""
    assert segments[0].separator == " "


def test_assemble_round_trips_paragraphs() -> None:
    segments = text.segment(STORY, "en")
    rebuilt = text.assemble((s.paragraph_index, s.source, s.separator) for s in segments)
    assert rebuilt == STORY
    assert len(text.paragraphs(rebuilt)) == STORY_PARAGRAPHS


def test_windows_newlines_and_extra_blank_lines() -> None:
    raw = "First one. Second one.\r\n\r\n\r\n  Third para.\r\nSame para line.\r\n"
    segments = text.segment(raw, "en")
    rebuilt = text.assemble((s.paragraph_index, s.source, s.separator) for s in segments)
    assert rebuilt == "First one. Second one.\n\nThird para.\nSame para line."


words = st.text(alphabet="abcdefghij KLMNO", min_size=1, max_size=30).map(str.strip).filter(bool)
sentence = st.builds(lambda w: w[0].upper() + w[1:] + ".", words)
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)


@given(st.lists(paragraph, min_size=1, max_size=5))
def test_paragraph_count_survives_any_text(paragraph_list: list[str]) -> None:
    source = "\n\n".join(paragraph_list)
    segments = text.segment(source, "en")
    rebuilt = text.assemble((s.paragraph_index, s.source, s.separator) for s in segments)
    assert len(text.paragraphs(rebuilt)) == len(paragraph_list)
    assert rebuilt.replace(" ", "") == source.replace(" ", "")
