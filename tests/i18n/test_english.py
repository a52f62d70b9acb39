"""The page checker finds English a reader sees and leaves data alone."""

from __future__ import annotations

from tests.i18n.english import english_left


def test_english_outside_data_is_found_and_data_is_left_alone() -> None:
    page = (
        '<!doctype html><html lang="ko"><head><title>기사 · Newsdesk</title></head><body>'
        "<h1>기사 Articles</h1>"
        '<p lang="en">Officials in Seoul condemned the launch.</p>'
        '<p><span translate="no">tess</span> 님이 <code>--dry-run</code> 실행</p>'
        '<button title="Close">닫기</button><input type="submit" value="Save">'
        '<select><option value="Asia/Seoul">Asia/Seoul</option>'
        '<option value="">Any</option></select>'
        "<p>XLIFF, TBX, API 내려받기</p><script>const english = 'never shown';</script>"
        '<div lang="en"><p lang="ko">원문 <em>Draft</em></p></div>'
        "</body></html>"
    )
    left = english_left(page)
    words = [entry.split(" ", 1)[0] for entry in left]
    assert words == ["Articles", "Close", "Save", "Any", "Draft"], left
