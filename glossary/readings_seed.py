"""Hangul readings of Latin and digit terms: the seed for the glossary terms' ``reading`` field.

A plain table, not used by the rules in ``glossary.korean``: the data migration that adds
``Term.reading`` fills it from here (matching a term's text case-insensitively), and from
then on editors own the readings in the database. Callers pass a term's reading to
``korean.final_sound``/``agree``/``substitute``/``find_term`` as ``reading=``.
"""

from __future__ import annotations

from typing import Final

# Keys as newspapers write them; values as they are read aloud (NATO 나토, G7 지세븐).
READINGS: Final[dict[str, str]] = {
    # organisations and programmes read as words
    "NATO": "나토", "APEC": "에이펙", "ASEAN": "아세안", "UNESCO": "유네스코",
    "UNICEF": "유니세프", "OPEC": "오펙", "NASA": "나사", "SALT": "솔트",
    "START": "스타트", "AUKUS": "오커스", "QUAD": "쿼드", "BRICS": "브릭스",
    "FIFA": "피파", "COVID": "코비드", "KOSPI": "코스피", "KOSDAQ": "코스닥",
    "NASDAQ": "나스닥", "THAAD": "사드", "SOFA": "소파", "RIMPAC": "림팩",
    "IPEF": "아이펙", "Interpol": "인터폴",
    # acronyms spelled out (listed for clarity; the letter rule gives the same)
    "AP": "에이피", "CNN": "씨엔엔", "BBC": "비비씨", "IMF": "아이엠에프",
    "DMZ": "디엠지", "SLBM": "에스엘비엠", "ICBM": "아이시비엠", "UN": "유엔",
    "EU": "이유", "IAEA": "아이에이이에이", "WHO": "더블유에이치오", "FBI": "에프비아이",
    "NSC": "엔에스씨", "UAE": "유에이이", "OECD": "오이시디",
    # letter-digit tokens read in English
    "G2": "지투", "G7": "지세븐", "G8": "지에이트", "G20": "지트웬티", "P5": "피파이브",
    "5G": "파이브지", "K-pop": "케이팝",
    # companies and media
    "Google": "구글", "Apple": "애플", "Samsung": "삼성", "Hyundai": "현대",
    "Yonhap": "연합", "Reuters": "로이터", "Bloomberg": "블룸버그", "Pentagon": "펜타곤",
    "Kremlin": "크렘린", "iPhone": "아이폰", "Microsoft": "마이크로소프트",
    "Amazon": "아마존", "Tesla": "테슬라", "Nvidia": "엔비디아", "OpenAI": "오픈에이아이",
    "ChatGPT": "챗지피티", "YouTube": "유튜브", "Facebook": "페이스북",
    "Netflix": "넷플릭스", "TikTok": "틱톡", "Meta": "메타", "Intel": "인텔",
    "Boeing": "보잉", "Huawei": "화웨이",
    # people
    "Biden": "바이든", "Trump": "트럼프", "Kirby": "커비", "Putin": "푸틴", "Xi": "시",
    "Zelensky": "젤렌스키", "Blinken": "블링컨", "Macron": "마크롱", "Kishida": "기시다",
    "Netanyahu": "네타냐후", "Guterres": "구테흐스", "Musk": "머스크",
    # places
    "Seoul": "서울", "Pyongyang": "평양", "Washington": "워싱턴", "Beijing": "베이징",
    "Tokyo": "도쿄", "Moscow": "모스크바", "Kyiv": "키이우", "Gaza": "가자",
    "Hamas": "하마스", "Hezbollah": "헤즈볼라", "Chile": "칠레", "Rome": "로마",
    "Ukraine": "우크라이나", "Brexit": "브렉시트",
}  # fmt: skip
