"""The inline markup subset: parsing, rendering, placeholders for the translation pipeline."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsapp.intake.inline import (
    InlineTag,
    InlineText,
    TagKind,
    escape_inline,
    join_inline,
    mask,
    normalise,
    parse_inline,
    render_inline,
    text_to_html,
    unmask,
)

EM, STRONG, LINK = TagKind.EM, TagKind.STRONG, TagKind.LINK


def test_parse_gives_plain_text_and_tag_offsets() -> None:
    inline = parse_inline(
        "Fines for **Seúl** and *Tokyo*, see [the rules](https://ex.org/r?a=1&b=2)."
    )
    assert inline.plain == "Fines for Seúl and Tokyo, see the rules."
    assert inline.tags == (
        InlineTag(10, 14, STRONG),
        InlineTag(19, 24, EM),
        InlineTag(30, 39, LINK, "https://ex.org/r?a=1&b=2"),
    )
    assert inline.plain[10:14] == "Seúl"
    assert inline.plain[30:39] == "the rules"


def test_literal_markdown_characters_are_escaped_and_come_back() -> None:
    plain = r"# Fines: 3 * 4 = 12, [not a link](x), <b>, a_b_c, back\slash & `code`"
    text = escape_inline(plain)
    assert text.startswith("# Fines: 3 \\* 4")
    assert parse_inline(text) == InlineText(plain)
    assert render_inline(InlineText(plain)) == text


def test_line_breaks_are_backslash_newline() -> None:
    inline = InlineText("Line one\nLine two")
    assert render_inline(inline) == "Line one\\\nLine two"
    assert parse_inline("Line one\\\nLine two") == inline
    assert text_to_html("Line one\\\nLine two") == "Line one<br>\nLine two"


def test_unsafe_link_addresses_are_not_links() -> None:
    assert parse_inline("[click](javascript:alert(1))").tags == ()
    inline = normalise("click", [InlineTag(0, 5, LINK, "https://ok.example/")])
    html = text_to_html(render_inline(inline))
    assert html == '<a href="https://ok.example/">click</a>'
    assert "<script>" not in text_to_html(escape_inline("<script>x</script>"))


def test_normalise_trims_merges_and_uncrosses() -> None:
    inline = normalise(
        "bold words here",
        [InlineTag(0, 4, STRONG), InlineTag(5, 10, STRONG), InlineTag(2, 13, EM)],
    )
    # The two strong spans (separated by a space) merged; the crossing em was split to nest.
    assert inline.tags == (
        InlineTag(0, 10, STRONG),
        InlineTag(2, 10, EM),
        InlineTag(11, 13, EM),
    )
    padded = normalise("  padded text \n next ", [InlineTag(0, 9, EM)])
    assert padded == InlineText("padded text\nnext", (InlineTag(0, 6, EM),))


def test_punctuation_next_to_a_letter_narrows_the_tag() -> None:
    """**"평양"**은 cannot be written in Markdown; the quotes go outside the strong span."""
    inline = InlineText('"평양"은 말했다', (InlineTag(0, 4, STRONG),))
    text = render_inline(inline)
    assert text == '"**평양**"은 말했다'
    assert parse_inline(text).tags == (InlineTag(1, 3, STRONG),)


def test_slice_and_join_keep_tags_across_sentences() -> None:
    inline = parse_inline("He said **no. Then he left** the room.")
    first = inline.slice(0, 11)
    second = inline.slice(12, len(inline.plain))
    assert render_inline(first) == "He said **no.**"
    assert render_inline(second) == "**Then he left** the room."
    assert join_inline([first, second], " ") == inline


def test_mask_and_unmask_restore_tags_around_the_translation() -> None:
    masked = mask("The **Seoul** summit [ended](https://ex.org/a) *today*.")
    assert masked.text == "The ⟦1⟧Seoul⟦2⟧ summit ⟦3⟧ended⟦4⟧ ⟦5⟧today⟦6⟧."
    # A translation that reorders the words keeps each tag on its words.
    result = unmask("⟦5⟧오늘⟦6⟧ ⟦1⟧서울⟦2⟧ 정상회의가 ⟦3⟧끝났다⟦4⟧.", masked)
    assert result.ok
    assert result.text == "*오늘* **서울** 정상회의가 [끝났다](https://ex.org/a)."


def test_mask_numbering_can_follow_other_placeholders() -> None:
    masked = mask("a **b** c", placeholder="[X{n}X]", first=7)
    assert masked.text == "a [X7X]b[X8X] c"
    assert unmask("A [X7X]B[X8X] C", masked).text == "A **B** C"


def test_unmask_reports_lost_and_disordered_tags_and_never_leaves_placeholders() -> None:
    masked = mask("The **Seoul** summit *ended*.")
    result = unmask("La ⟦2⟧Seúl⟦1⟧ cumbre ⟦3⟧terminó.", masked)
    assert not result.ok
    assert result.problems == (
        "The strong markup came back out of order.",
        "The em markup was lost in translation.",
    )
    assert result.text == "La Seúl cumbre terminó."
    assert "⟦" not in result.text


def test_unmask_drops_a_duplicated_placeholder_tag() -> None:
    masked = mask("*a* b")
    result = unmask("⟦1⟧a⟦2⟧ ⟦1⟧b", masked)
    assert result.problems == ("The em markup was lost in translation.",)
    assert result.text == "a b"


def test_unmask_escapes_markdown_characters_the_engine_produced() -> None:
    masked = mask("**Fines** rise")
    assert unmask("⟦1⟧Fines⟦2⟧ rise 3*4 [x]", masked).text == "**Fines** rise 3\\*4 \\[x\\]"


# --- Properties ---------------------------------------------------------------------------

WORDS = [
    "Seoul",
    "summit",
    "ends",
    "Kirby",
    "said",
    '"We',
    'call"',
    "(AP)",
    "U.S.",
    "평양은",
    "7:11",
    "a.m.,",
]


@st.composite
def word_aligned(draw: st.DrawFn) -> InlineText:
    """Text of real-looking words with tags over whole words, as editors apply them."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
    starts, position = [], 0
    for word in words:
        starts.append(position)
        position += len(word) + 1
    tags = []
    for _ in range(draw(st.integers(0, 3))):
        first = draw(st.integers(0, len(words) - 1))
        last = draw(st.integers(first, len(words) - 1))
        kind = draw(st.sampled_from(list(TagKind)))
        tags.append(
            InlineTag(
                starts[first],
                starts[last] + len(words[last]),
                kind,
                "https://ex.org/p" if kind is LINK else "",
            )
        )
    return normalise(" ".join(words), tags)


@settings(max_examples=300, deadline=None)
@given(word_aligned())
def test_word_aligned_markup_round_trips_exactly(inline: InlineText) -> None:
    assert parse_inline(render_inline(inline)) == inline


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab xyz,.\"'*_[]()!&<>\\#-1é한\n")), max_size=30),
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from(list(TagKind))),
        max_size=4,
    ),
)
def test_any_markup_keeps_its_text_and_is_stable(
    plain: str, spans: list[tuple[int, int, TagKind]]
) -> None:
    """Whatever tags had to be narrowed or dropped, the text itself never changes, and the
    rendered form is a fixed point."""
    inline = normalise(
        plain,
        [
            InlineTag(min(a, b), max(a, b), k, "https://ex.org/" if k is LINK else "")
            for a, b, k in spans
        ],
    )
    text = render_inline(inline)
    back = parse_inline(text)
    assert back.plain == inline.plain
    assert render_inline(back) == text
    # Every tag that survives is one of the original tags, or a narrower part of one.
    for tag in back.tags:
        assert any(
            (o.kind, o.href) == (tag.kind, tag.href) and o.start <= tag.start and tag.end <= o.end
            for o in inline.tags
        )


@pytest.mark.parametrize(
    "text",
    ["**a** *b*", "[**a** b](https://x.org/)", "a\\\nb *c*", "***x***", "*a **b** c*"],
)
def test_canonical_texts_are_fixed_points(text: str) -> None:
    assert render_inline(parse_inline(text)) == text


@pytest.mark.parametrize(
    ("href", "canonical"),
    [
        ("https://ex.org/a b", "https://ex.org/a%20b"),
        ("https://ex.org/wiki/Seoul_(city)", "https://ex.org/wiki/Seoul_(city)"),
        ("https://ex.org/a)b", "https://ex.org/a)b"),
        ("https://한국.kr/경로", "https://xn--3e0b707e.kr/%EA%B2%BD%EB%A1%9C"),
        ("mailto:desk@ex.org", "mailto:desk@ex.org"),
        ("/relative/path", "/relative/path"),
    ],
)
def test_link_addresses_survive_in_canonical_form(href: str, canonical: str) -> None:
    inline = normalise("the statement", [InlineTag(4, 13, LINK, href)])
    assert inline.tags == (InlineTag(4, 13, LINK, canonical),)
    assert parse_inline(render_inline(inline)) == inline


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", "data:text/html,x", "vbscript:x", "//evil.example/"]
)
def test_unsafe_addresses_lose_the_link_but_keep_the_text(href: str) -> None:
    inline = normalise("click here", [InlineTag(0, 5, LINK, href)])
    assert inline == InlineText("click here")
