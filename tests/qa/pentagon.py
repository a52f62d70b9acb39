"""The Pentagon story's figures, in English and in a right and a deliberately wrong Korean
version, for the QA tests and (later) the editor's browser test and screenshot.

The sentences carrying the figures the issue names ("four rounds", "two of those four
launches", "November 2017", "January 2021", "Monday") are written here; bench/pentagon_story.txt
holds a different briefing without them, so its own figure sentences (Nov. 28, 70 minutes,
6,000 kilometers, 7:11 a.m., two hours, Thursday, 200 kilometers, seventh) follow.
"""

from __future__ import annotations

from typing import NamedTuple


class Sentence(NamedTuple):
    english: str
    korean_right: str
    korean_wrong: str
    #: The codes the wrong Korean version must raise, in any order.
    wrong_codes: tuple[str, ...]


SENTENCES = [
    Sentence(
        "North Korea has fired four rounds of intercontinental ballistic missiles this year, "
        "the Pentagon said Monday.",
        "미 국방부는 월요일 북한이 올해 대륙간탄도미사일(ICBM)을 네 차례 발사했다고 밝혔다.",
        "미 국방부는 화요일 북한이 올해 대륙간탄도미사일(ICBM)을 세 차례 발사했다고 밝혔다.",
        ("number-changed", "weekday-mismatch"),
    ),
    Sentence(
        "Pentagon spokesman John Kirby said two of those four launches appeared to involve the "
        "new solid-fuel Hwasong-18.",
        "존 커비 국방부 대변인은 이들 네 차례 발사 가운데 두 차례가 신형 고체연료 화성-18형과 "
        "관련된 것으로 보인다고 말했다.",
        "존 커비 국방부 대변인은 이들 네 차례 발사 가운데 세 차례가 신형 고체연료 화성-18형과 "
        "관련된 것으로 보인다고 말했다.",
        ("number-changed",),
    ),
    Sentence(
        "The North last tested a missile of that range in November 2017.",
        "북한이 그 정도 사거리의 미사일을 마지막으로 시험발사한 것은 2017년 11월이다.",
        "북한이 그 정도 사거리의 미사일을 마지막으로 시험발사한 것은 2017년 12월이다.",
        ("date-mismatch",),
    ),
    Sentence(
        "Kirby said the U.S. assessment of the program had not changed since January 2021.",
        "커비 대변인은 이 프로그램에 대한 미국의 평가가 2021년 1월 이후 바뀌지 않았다고 말했다.",
        "커비 대변인은 이 프로그램에 대한 미국의 평가가 2012년 1월 이후 바뀌지 않았다고 말했다.",
        ("date-mismatch",),
    ),
    # From bench/pentagon_story.txt.
    Sentence(
        "WASHINGTON, Nov. 28 (Yonhap) -- The United States on Tuesday urged North Korea to "
        "immediately cease its provocations and return to dialogue, after Pyongyang fired what "
        "appeared to be an intercontinental ballistic missile into waters off its east coast.",
        "(워싱턴=연합뉴스) 미국은 28일(현지시간) 북한이 동해상으로 대륙간탄도미사일(ICBM)로 보이는 "
        "미사일을 발사하자 도발을 즉각 중단하고 대화에 복귀할 것을 촉구했다.",
        "(워싱턴=연합뉴스) 미국은 29일(현지시간) 북한이 동해상으로 대륙간탄도미사일(ICBM)로 보이는 "
        "미사일을 발사하자 도발을 즉각 중단하고 대화에 복귀할 것을 촉구했다.",
        ("date-mismatch",),
    ),
    Sentence(
        "The missile flew for about 70 minutes and reached an altitude of more than 6,000 "
        "kilometers, according to Japanese officials.",
        "일본 당국자들에 따르면 미사일은 약 70분간 비행했으며 고도 6천㎞ 이상까지 올라갔다.",
        "일본 당국자들에 따르면 미사일은 약 17분간 비행했으며 고도 600㎞ 이상까지 올라갔다.",
        ("number-changed", "number-changed"),
    ),
    Sentence(
        "South Korea's Joint Chiefs of Staff said the launch was detected at 7:11 a.m. from an "
        "area near Pyongyang.",
        "합동참모본부는 오전 7시 11분께 평양 인근에서 발사를 포착했다고 밝혔다.",
        "합동참모본부는 오후 7시 11분께 평양 인근에서 발사를 포착했다고 밝혔다.",
        ("number-changed",),
    ),
    Sentence(
        "In Seoul, the presidential office said National Security Council officials met for "
        "two hours to review the launch and discuss joint responses with Washington.",
        "서울에서는 대통령실이 국가안전보장회의(NSC) 관계자들이 두 시간 동안 회의를 열어 이번 "
        "발사를 점검하고 미국과의 공동 대응을 논의했다고 밝혔다.",
        "서울에서는 대통령실이 국가안전보장회의(NSC) 관계자들이 세 시간 동안 회의를 열어 이번 "
        "발사를 점검하고 미국과의 공동 대응을 논의했다고 밝혔다.",
        ("number-changed",),
    ),
    Sentence(
        "The defense ministry said South Korean and US forces would stage combined air drills "
        "over the Yellow Sea on Thursday, involving stealth fighters and strategic bombers.",
        "국방부는 한미 양국 군이 목요일 서해 상공에서 스텔스 전투기와 전략폭격기가 참여하는 "
        "연합공중훈련을 실시한다고 밝혔다.",
        "국방부는 한미 양국 군이 금요일 서해 상공에서 스텔스 전투기와 전략폭격기가 참여하는 "
        "연합공중훈련을 실시한다고 밝혔다.",
        ("weekday-mismatch",),
    ),
    Sentence(
        "Japan's chief cabinet secretary told reporters in Tokyo that the missile appeared to "
        "have landed inside Japan's exclusive economic zone, about 200 kilometers west of "
        "Hokkaido.",
        "일본 관방장관은 도쿄에서 기자들에게 미사일이 홋카이도 서쪽 약 200㎞ 지점의 일본 "
        "배타적경제수역(EEZ) 안에 떨어진 것으로 보인다고 말했다.",
        "일본 관방장관은 도쿄에서 기자들에게 미사일이 홋카이도 서쪽 약 2천㎞ 지점의 일본 "
        "배타적경제수역(EEZ) 안에 떨어진 것으로 보인다고 말했다.",
        ("number-changed",),
    ),
    Sentence(
        "Some experts believe the North may be preparing for its seventh nuclear test.",
        "일부 전문가들은 북한이 7차 핵실험을 준비하고 있을 수 있다고 본다.",
        "일부 전문가들은 북한이 6차 핵실험을 준비하고 있을 수 있다고 본다.",
        ("number-changed",),
    ),
]

#: The figures the issue names, as they appear in the English sentences.
ISSUE_FIGURES = (
    "four rounds",
    "two of those four launches",
    "November 2017",
    "January 2021",
    "Monday",
)


def english() -> str:
    return " ".join(s.english for s in SENTENCES)


def korean(*, right: bool) -> str:
    return " ".join(s.korean_right if right else s.korean_wrong for s in SENTENCES)
