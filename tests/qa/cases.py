"""Table of translation pairs in news style (Yonhap, AP, EFE) with the QA codes each must
raise, written out by hand: () for a correct translation, the codes for a wrong one.

222 pairs in four directions (en→ko, ko→en, en→es, es→en): 110 correct, 112 wrong.
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    direction: str
    source: str
    target: str
    codes: tuple[str, ...] = ()
    truncated: bool = False


EN_KO = [
    # --- correct ------------------------------------------------------------------------
    Case(
        "en-ko",
        "North Korea fired four rounds of ballistic missiles on Monday.",
        "북한은 월요일 탄도미사일을 네 차례 발사했다.",
    ),
    Case(
        "en-ko",
        "The United States will provide $5 billion in aid.",
        "미국은 50억 달러의 원조를 제공할 예정이다.",
    ),
    Case("en-ko", "The city has 1.2 million residents.", "이 도시의 인구는 120만 명이다."),
    Case(
        "en-ko",
        "About 28,500 American troops are stationed in South Korea.",
        "주한미군 2만8천500명이 한국에 주둔하고 있다.",
    ),
    Case("en-ko", "The budget is 656.9 trillion won.", "예산은 656조9천억 원이다."),
    Case("en-ko", "The company will invest 300 billion won.", "이 회사는 3천억 원을 투자한다."),
    Case(
        "en-ko",
        "Tens of thousands of people gathered in Gwanghwamun.",
        "광화문에 수만 명이 모였다.",
    ),
    Case(
        "en-ko",
        "Seventy percent of respondents opposed the plan.",
        "응답자의 70퍼센트가 이 계획에 반대했다.",
    ),
    Case("en-ko", "The G7 leaders condemned the launch.", "G7 정상들은 이번 발사를 규탄했다."),
    Case(
        "en-ko",
        "Two B-52H bombers flew over the peninsula.",
        "B-52H 폭격기 2대가 한반도 상공을 비행했다.",
    ),
    Case("en-ko", "The council adopted Resolution 2397.", "안보리는 결의 2397호를 채택했다."),
    Case("en-ko", "The Hwasong-18 was launched from Pyongyang.", "화성-18형이 평양에서 발사됐다."),
    Case("en-ko", "The missile flew 1,000 km.", "미사일은 1천㎞를 비행했다."),
    Case("en-ko", "The talks will be held on Jan. 5.", "회담은 1월 5일 열린다."),
    Case("en-ko", "The summit took place in November 2017.", "정상회담은 2017년 11월에 열렸다."),
    Case(
        "en-ko",
        "Kirby said Monday that the launch was a violation.",
        "커비 대변인은 27일(현지시간) 이번 발사가 위반이라고 말했다.",
    ),
    Case(
        "en-ko",
        "Kirby said Monday that the launch was a violation.",
        "커비 대변인은 월요일 이번 발사가 위반이라고 말했다.",
    ),
    Case("en-ko", "A soldier was wounded.", "군인 한 명이 다쳤다."),
    Case("en-ko", "The drills will run for two weeks.", "훈련은 2주간 진행된다."),
    Case(
        "en-ko",
        "Exports rose 5.2 percent to $54.6 billion.",
        "수출은 5.2% 증가한 546억 달러를 기록했다.",
    ),
    Case(
        "en-ko",
        "He is the seventh person to hold the post.",
        "그는 이 자리에 오른 일곱 번째 인물이다.",
    ),
    Case("en-ko", "The launch was detected at 7:11 a.m.", "발사는 오전 7시 11분 포착됐다."),
    Case("en-ko", "Polls close at 6 p.m.", "투표는 오후 6시에 마감된다."),
    Case("en-ko", "Prices rose 3 to 4 percent.", "물가는 3∼4% 올랐다."),
    Case("en-ko", "The deal is worth 5 to 6 billion dollars.", "계약 규모는 50억∼60억 달러다."),
    Case("en-ko", "Dozens of people were injured.", "수십 명이 다쳤다."),
    Case(
        "en-ko", "The population fell by 2.3 percent over a decade.", "인구는 10년간 2.3% 줄었다."
    ),
    Case(
        "en-ko",
        "Both sides agreed to meet again in two weeks.",
        "양측은 2주 뒤 다시 만나기로 했다.",
    ),
    # --- wrong --------------------------------------------------------------------------
    Case(
        "en-ko",
        "The United States will provide $5 billion in aid.",
        "미국은 5억 달러의 원조를 제공할 예정이다.",
        ("number-changed",),
    ),
    Case(
        "en-ko",
        "The city has 1.2 million residents.",
        "이 도시의 인구는 12만 명이다.",
        ("number-changed",),
    ),
    Case(
        "en-ko",
        "About 28,500 American troops are stationed in South Korea.",
        "주한미군 2만5천800명이 한국에 주둔하고 있다.",
        ("number-changed",),
    ),
    Case(
        "en-ko",
        "The budget is 656.9 trillion won.",
        "예산은 656조9천만 원이다.",
        ("number-changed",),
    ),
    Case(
        "en-ko",
        "The company will invest 300 billion won.",
        "이 회사는 3천억 달러를 투자한다.",
        ("unit-mismatch",),
    ),
    Case(
        "en-ko",
        "Seventy percent of respondents opposed the plan.",
        "응답자의 17%가 이 계획에 반대했다.",
        ("number-changed",),
    ),
    Case(
        "en-ko",
        "The G7 leaders condemned the launch.",
        "G8 정상들은 이번 발사를 규탄했다.",
        ("code-changed",),
    ),
    Case(
        "en-ko",
        "Two B-52H bombers flew over the peninsula.",
        "B-52 폭격기 2대가 한반도 상공을 비행했다.",
        ("code-changed",),
    ),
    Case(
        "en-ko",
        "The council adopted Resolution 2397.",
        "안보리는 결의 2379호를 채택했다.",
        ("number-changed",),
    ),
    Case(
        "en-ko",
        "The Hwasong-18 was launched from Pyongyang.",
        "화성-17형이 평양에서 발사됐다.",
        ("code-changed",),
    ),
    Case("en-ko", "The missile flew 1,000 km.", "미사일은 100㎞를 비행했다.", ("number-changed",)),
    Case(
        "en-ko", "The talks will be held on Jan. 5.", "회담은 1월 15일 열린다.", ("date-mismatch",)
    ),
    Case(
        "en-ko",
        "The summit took place in November 2017.",
        "정상회담은 2017년 10월에 열렸다.",
        ("date-mismatch",),
    ),
    Case(
        "en-ko",
        "Kirby said Monday that the launch was a violation.",
        "커비 대변인은 화요일 이번 발사가 위반이라고 말했다.",
        ("weekday-mismatch",),
    ),
    Case(
        "en-ko",
        "North Korea fired four rounds of ballistic missiles on Monday.",
        "북한은 월요일 탄도미사일을 세 차례 발사했다.",
        ("number-changed",),
    ),
    Case(
        "en-ko",
        "Two of the four launches failed.",
        "4차례 발사 중 3차례가 실패했다.",
        ("number-changed",),
    ),
    Case(
        "en-ko", "The drills will run for two weeks.", "훈련은 3주간 진행된다.", ("number-changed",)
    ),
    Case(
        "en-ko",
        "Exports rose 5.2 percent to $54.6 billion.",
        "수출은 5.2% 증가한 5천460억 달러를 기록했다.",
        ("number-changed",),
    ),
    Case(
        "en-ko",
        "He is the seventh person to hold the post.",
        "그는 이 자리에 오른 여섯 번째 인물이다.",
        ("number-changed",),
    ),
    Case(
        "en-ko",
        "The launch was detected at 7:11 a.m.",
        "발사는 오전 7시 21분 포착됐다.",
        ("number-changed",),
    ),
    Case("en-ko", "Prices rose 3 to 4 percent.", "물가는 3∼5% 올랐다.", ("number-changed",)),
    Case(
        "en-ko",
        "The missile flew 1,000 km and reached an altitude of 6,000 km.",
        "미사일은 1천㎞를 비행했다.",
        ("number-missing",),
    ),
    Case(
        "en-ko",
        "Police arrested three suspects.",
        "경찰은 용의자 3명과 공범 2명을 체포했다.",
        ("number-added",),
    ),
    Case("en-ko", "The talks collapsed.", "", ("empty",)),
    Case(
        "en-ko",
        "The talks collapsed after three hours.",
        "The talks collapsed after three hours.",
        ("untranslated",),
    ),
    Case(
        "en-ko",
        "He said the talks would resume.",
        "그는 회담이 회담이 재개될 것이라고 말했다.",
        ("doubled-word",),
    ),
    Case(
        "en-ko",
        "The ministry (MOFA) said so.",
        "외교부(MOFA는 그렇게 말했다.",
        ("unbalanced-brackets",),
    ),
    Case(
        "en-ko",
        'He said "we are ready" on Monday.',
        '그는 월요일 "우리는 준비됐다고 말했다.',
        ("unbalanced-quotes",),
    ),
]

KO_EN = [
    # --- correct ------------------------------------------------------------------------
    Case(
        "ko-en",
        "북한은 18일 탄도미사일 2발을 발사했다.",
        "North Korea fired two ballistic missiles on Thursday.",
    ),
    Case(
        "ko-en",
        "정부는 50억 달러를 지원하기로 했다.",
        "The government decided to provide $5 billion.",
    ),
    Case("ko-en", "사망자는 120만 명으로 늘었다.", "The death toll rose to 1.2 million."),
    Case(
        "ko-en",
        "예산은 656조9천억 원으로 확정됐다.",
        "The budget was finalized at 656.9 trillion won.",
    ),
    Case("ko-en", "이 회사는 3천억 원을 투자한다.", "The company will invest 300 billion won."),
    Case("ko-en", "병력 2만8천500명이 주둔하고 있다.", "Some 28,500 troops are stationed there."),
    Case("ko-en", "수만 명이 거리로 나왔다.", "Tens of thousands of people took to the streets."),
    Case("ko-en", "투표율은 70%를 넘었다.", "Turnout exceeded 70 percent."),
    Case("ko-en", "주요 7개국(G7) 정상들이 성명을 냈다.", "The G7 leaders issued a statement."),
    Case("ko-en", "B-52H 전략폭격기 1대가 전개됐다.", "A B-52H strategic bomber was deployed."),
    Case(
        "ko-en", "안보리는 결의 2397호를 채택했다.", "The Security Council adopted Resolution 2397."
    ),
    Case("ko-en", "화성-18형은 고체연료 ICBM이다.", "The Hwasong-18 is a solid-fuel ICBM."),
    Case("ko-en", "미사일은 약 1천㎞를 비행했다.", "The missile flew about 1,000 kilometers."),
    Case("ko-en", "회담은 1월 5일 열린다.", "The talks will be held on Jan. 5."),
    Case(
        "ko-en",
        "북한은 2017년 11월 화성-15형을 발사했다.",
        "North Korea launched the Hwasong-15 in November 2017.",
    ),
    Case("ko-en", "국방부는 월요일 이같이 밝혔다.", "The defense ministry said this on Monday."),
    Case("ko-en", "북한은 네 차례 미사일을 발사했다.", "North Korea launched missiles four times."),
    Case("ko-en", "이들 4차례 발사 가운데 2차례는 실패했다.", "Two of those four launches failed."),
    Case("ko-en", "훈련은 이틀간 진행됐다.", "The drills lasted two days."),
    Case("ko-en", "수출은 546억 달러로 5.2% 늘었다.", "Exports rose 5.2 percent to $54.6 billion."),
    Case(
        "ko-en",
        "북한은 2017년 9월 6차 핵실험을 했다.",
        "North Korea conducted its sixth nuclear test in September 2017.",
    ),
    Case(
        "ko-en", "합참은 오전 7시 11분 발사를 포착했다.", "The JCS detected the launch at 7:11 a.m."
    ),
    Case("ko-en", "물가는 3∼4% 상승할 전망이다.", "Prices are expected to rise 3 to 4 percent."),
    Case("ko-en", "수십 명이 부상했다.", "Dozens of people were injured."),
    Case("ko-en", "한 관계자는 이같이 말했다.", "An official said so."),
    Case(
        "ko-en",
        "부상자 20여 명이 병원으로 옮겨졌다.",
        "About 20 injured people were taken to hospitals.",
    ),
    Case("ko-en", "양국 정상은 90분간 회담했다.", "The two leaders talked for 90 minutes."),
    # --- wrong --------------------------------------------------------------------------
    Case(
        "ko-en",
        "북한은 18일 탄도미사일 2발을 발사했다.",
        "North Korea fired three ballistic missiles on Thursday.",
        ("number-changed",),
    ),
    Case(
        "ko-en",
        "정부는 50억 달러를 지원하기로 했다.",
        "The government decided to provide $500 million.",
        ("number-changed",),
    ),
    Case(
        "ko-en",
        "사망자는 120만 명으로 늘었다.",
        "The death toll rose to 12 million.",
        ("number-changed",),
    ),
    Case(
        "ko-en",
        "예산은 656조9천억 원으로 확정됐다.",
        "The budget was finalized at 656.9 billion won.",
        ("number-changed",),
    ),
    Case(
        "ko-en",
        "이 회사는 3천억 원을 투자한다.",
        "The company will invest $300 billion.",
        ("unit-mismatch",),
    ),
    Case(
        "ko-en",
        "병력 2만8천500명이 주둔하고 있다.",
        "Some 2,850 troops are stationed there.",
        ("number-changed",),
    ),
    Case("ko-en", "투표율은 70%를 넘었다.", "Turnout exceeded 17 percent.", ("number-changed",)),
    Case(
        "ko-en",
        "주요 7개국(G7) 정상들이 성명을 냈다.",
        "The G20 leaders issued a statement.",
        ("code-changed",),
    ),
    Case(
        "ko-en",
        "안보리는 결의 2397호를 채택했다.",
        "The Security Council adopted Resolution 2379.",
        ("number-changed",),
    ),
    Case(
        "ko-en",
        "화성-18형은 고체연료 ICBM이다.",
        "The Hwasong-17 is a solid-fuel ICBM.",
        ("code-changed",),
    ),
    Case(
        "ko-en",
        "미사일은 약 1천㎞를 비행했다.",
        "The missile flew about 1,000 miles.",
        ("unit-mismatch",),
    ),
    Case(
        "ko-en", "회담은 1월 5일 열린다.", "The talks will be held on Jan. 6.", ("date-mismatch",)
    ),
    Case(
        "ko-en",
        "북한은 2017년 11월 화성-15형을 발사했다.",
        "North Korea launched the Hwasong-15 in November 2016.",
        ("date-mismatch",),
    ),
    Case(
        "ko-en",
        "국방부는 월요일 이같이 밝혔다.",
        "The defense ministry said this on Sunday.",
        ("weekday-mismatch",),
    ),
    Case(
        "ko-en",
        "북한은 네 차례 미사일을 발사했다.",
        "North Korea launched missiles five times.",
        ("number-changed",),
    ),
    Case(
        "ko-en",
        "이들 4차례 발사 가운데 2차례는 실패했다.",
        "Three of those four launches failed.",
        ("number-changed",),
    ),
    Case("ko-en", "훈련은 이틀간 진행됐다.", "The drills lasted three days.", ("number-changed",)),
    Case(
        "ko-en",
        "수출은 546억 달러로 5.2% 늘었다.",
        "Exports rose 5.2 percent to $5.46 billion.",
        ("number-changed",),
    ),
    Case(
        "ko-en",
        "북한은 2017년 9월 6차 핵실험을 했다.",
        "North Korea conducted its seventh nuclear test in September 2017.",
        ("number-changed",),
    ),
    Case(
        "ko-en",
        "합참은 오전 7시 11분 발사를 포착했다.",
        "The JCS detected the launch at 7:11 p.m.",
        ("number-changed",),
    ),
    Case(
        "ko-en",
        "물가는 3∼4% 상승할 전망이다.",
        "Prices are expected to rise 3 to 5 percent.",
        ("number-changed",),
    ),
    Case(
        "ko-en",
        "사상자는 사망 3명, 부상 12명이다.",
        "Three people were killed.",
        ("number-missing",),
    ),
    Case(
        "ko-en",
        "경찰은 2명을 체포했다.",
        "Police arrested two people and questioned 15 others.",
        ("number-added",),
    ),
    Case("ko-en", "회담이 결렬됐다.", "   ", ("empty",)),
    Case(
        "ko-en",
        "북한은 오늘 미사일을 발사했다고 밝혔다.",
        "북한은 오늘 미사일을 발사했다고 밝혔다.",
        ("untranslated",),
    ),
    Case(
        "ko-en",
        "그는 회담이 재개될 것이라고 말했다.",
        "He said the the talks would resume.",
        ("doubled-word",),
    ),
    Case(
        "ko-en",
        "외교부(장관 조태열)는 성명을 냈다.",
        "The foreign ministry (led by Cho Tae-yul issued a statement.",
        ("unbalanced-brackets",),
    ),
    Case(
        "ko-en",
        "그는 회담 결과를 설명했다.",
        "He explained the outcome of the",
        ("truncated",),
        truncated=True,
    ),
]

EN_ES = [
    # --- correct ------------------------------------------------------------------------
    Case(
        "en-es",
        "The United States pledged $5 billion.",
        "Estados Unidos prometió 5.000 millones de dólares.",
    ),
    Case(
        "en-es",
        "The United States pledged $5 billion.",
        "Estados Unidos prometió 5 mil millones de dólares.",
    ),
    Case(
        "en-es",
        "The city has 1.2 million residents.",
        "La ciudad tiene 1,2 millones de habitantes.",
    ),
    Case(
        "en-es",
        "About 28,500 troops are stationed there.",
        "Unos 28.500 soldados están desplegados allí.",
    ),
    Case(
        "en-es", "The debt reached 1.6 trillion euros.", "La deuda alcanzó 1,6 billones de euros."
    ),
    Case("en-es", "Inflation rose 3.2 percent.", "La inflación subió un 3,2 %."),
    Case(
        "en-es",
        "Seventy percent of voters backed the measure.",
        "El 70 por ciento de los votantes apoyó la medida.",
    ),
    Case("en-es", "The G7 summit opened on Friday.", "La cumbre del G7 se inauguró el viernes."),
    Case("en-es", "The summit will be held on Jan. 5.", "La cumbre se celebrará el 5 de enero."),
    Case(
        "en-es",
        "The agreement was signed in November 2016.",
        "El acuerdo se firmó en noviembre de 2016.",
    ),
    Case("en-es", "Four people died in the attack.", "Cuatro personas murieron en el ataque."),
    Case("en-es", "Twenty-five soldiers were wounded.", "Veinticinco soldados resultaron heridos."),
    Case(
        "en-es",
        "The ship sank 50 kilometers off the coast.",
        "El barco se hundió a 50 kilómetros de la costa.",
    ),
    Case(
        "en-es",
        "Tens of thousands of people marched on Sunday.",
        "Decenas de miles de personas marcharon el domingo.",
    ),
    Case("en-es", "The meeting starts at 4 p.m.", "La reunión comienza a las 16.00 horas."),
    Case("en-es", "Spain won the World Cup in 2010.", "España ganó el Mundial en 2010."),
    Case("en-es", "It was the seventh test this year.", "Fue el séptimo ensayo de este año."),
    Case("en-es", "A soldier was killed.", "Un soldado murió."),
    Case("en-es", "The plane carried 132 people.", "El avión llevaba a 132 personas."),
    Case(
        "en-es",
        "Resolution 2397 was adopted unanimously.",
        "La resolución 2397 fue aprobada por unanimidad.",
    ),
    Case("en-es", "The F-35A jets arrived on Tuesday.", "Los cazas F-35A llegaron el martes."),
    Case("en-es", "Prices rose 3 to 4 percent.", "Los precios subieron entre un 3 y un 4 %."),
    Case("en-es", "The company employs 140,000 people.", "La compañía emplea a 140.000 personas."),
    Case(
        "en-es", "The budget is 450 million euros.", "El presupuesto es de 450 millones de euros."
    ),
    Case("en-es", "Hundreds of people were evacuated.", "Cientos de personas fueron evacuadas."),
    Case(
        "en-es",
        "The festival runs from July 6 to 14.",
        "La fiesta se celebra del 6 al 14 de julio.",
    ),
    Case("en-es", "The talks lasted 12 hours.", "Las conversaciones duraron 12 horas."),
    # --- wrong --------------------------------------------------------------------------
    Case(
        "en-es",
        "The United States pledged $5 billion.",
        "Estados Unidos prometió 5 millones de dólares.",
        ("number-changed",),
    ),
    Case(
        "en-es",
        "The United States pledged $5 billion.",
        "Estados Unidos prometió 5 billones de dólares.",
        ("number-changed",),
    ),
    Case(
        "en-es",
        "The city has 1.2 million residents.",
        "La ciudad tiene 12 millones de habitantes.",
        ("number-changed",),
    ),
    Case(
        "en-es",
        "About 28,500 troops are stationed there.",
        "Unos 2.850 soldados están desplegados allí.",
        ("number-changed",),
    ),
    Case(
        "en-es",
        "The debt reached 1.6 trillion euros.",
        "La deuda alcanzó 1,6 billones de dólares.",
        ("unit-mismatch",),
    ),
    Case(
        "en-es", "Inflation rose 3.2 percent.", "La inflación subió un 2,3 %.", ("number-changed",)
    ),
    Case(
        "en-es",
        "The missile flew 6,000 kilometers.",
        "El misil voló 6,000 kilómetros.",
        ("number-format",),
    ),
    Case(
        "en-es",
        "The G7 summit opened on Friday.",
        "La cumbre del G20 se inauguró el viernes.",
        ("code-changed",),
    ),
    Case(
        "en-es",
        "The summit will be held on Jan. 5.",
        "La cumbre se celebrará el 5 de junio.",
        ("date-mismatch",),
    ),
    Case(
        "en-es",
        "The agreement was signed in November 2016.",
        "El acuerdo se firmó en noviembre de 2019.",
        ("date-mismatch",),
    ),
    Case(
        "en-es",
        "Four people died in the attack on Monday.",
        "Cuatro personas murieron en el ataque del martes.",
        ("weekday-mismatch",),
    ),
    Case(
        "en-es",
        "Four people died in the attack.",
        "Cinco personas murieron en el ataque.",
        ("number-changed",),
    ),
    Case(
        "en-es",
        "Twenty-five soldiers were wounded.",
        "Veinte soldados resultaron heridos.",
        ("number-changed",),
    ),
    Case(
        "en-es",
        "The meeting starts at 4 p.m.",
        "La reunión comienza a las 14.00 horas.",
        ("number-changed",),
    ),
    Case(
        "en-es",
        "It was the seventh test this year.",
        "Fue el sexto ensayo de este año.",
        ("number-changed",),
    ),
    Case(
        "en-es",
        "Resolution 2397 was adopted unanimously.",
        "La resolución 2379 fue aprobada por unanimidad.",
        ("number-changed",),
    ),
    Case(
        "en-es",
        "The F-35A jets arrived on Tuesday.",
        "Los cazas F-16 llegaron el martes.",
        ("code-changed",),
    ),
    Case(
        "en-es",
        "The company employs 140,000 people.",
        "La compañía emplea a 14.000 personas.",
        ("number-changed",),
    ),
    Case(
        "en-es",
        "The budget is 450 million euros.",
        "El presupuesto es de 450.000 euros.",
        ("number-changed",),
    ),
    Case(
        "en-es",
        "Two people died and 15 were injured.",
        "Dos personas murieron.",
        ("number-missing",),
    ),
    Case(
        "en-es",
        "Police arrested 14 people.",
        "La policía detuvo a 14 personas y a 3 menores.",
        ("number-added",),
    ),
    Case(
        "en-es",
        "The festival runs from July 6 to 14.",
        "La fiesta se celebra del 6 al 14 de junio.",
        ("date-mismatch", "date-mismatch"),
    ),
    Case(
        "en-es",
        "The talks lasted 12 hours.",
        "Las conversaciones duraron 21 horas.",
        ("number-changed",),
    ),
    Case("en-es", "The vote is on Sunday.", "", ("empty",)),
    Case(
        "en-es",
        "The vote is on Sunday, officials said.",
        "The vote is on Sunday, officials said.",
        ("untranslated",),
    ),
    Case(
        "en-es",
        "The president said he would resign.",
        "El presidente dijo que que dimitiría.",
        ("doubled-word",),
    ),
    Case(
        "en-es",
        "The president (who is 70) resigned.",
        "El presidente (que tiene 70 años dimitió.",
        ("unbalanced-brackets",),
    ),
    Case(
        "en-es",
        'He called the plan "absurd" on Monday.',
        "Calificó el plan de «absurdo el lunes.",
        ("unbalanced-quotes",),
    ),
]

ES_EN = [
    # --- correct ------------------------------------------------------------------------
    Case(
        "es-en",
        "El Gobierno aprobó un plan de 3.000 millones de euros.",
        "The government approved a 3 billion euro plan.",
    ),
    Case("es-en", "La deuda alcanzó 1,57 billones de euros.", "Debt reached 1.57 trillion euros."),
    Case("es-en", "Unas 200.000 personas se manifestaron.", "Some 200,000 people demonstrated."),
    Case("es-en", "La inflación se situó en el 3,1 %.", "Inflation stood at 3.1 percent."),
    Case(
        "es-en",
        "El 40 % de los jóvenes vive con sus padres.",
        "Forty percent of young people live with their parents.",
    ),
    Case(
        "es-en",
        "El terremoto ocurrió a las 14.35 hora local.",
        "The earthquake struck at 2:35 p.m. local time.",
    ),
    Case("es-en", "El papa cumplió 87 años el 17 de diciembre.", "The pope turned 87 on Dec. 17."),
    Case(
        "es-en",
        "La cumbre se celebrará del 9 al 11 de julio.",
        "The summit will be held July 9-11.",
    ),
    Case(
        "es-en",
        "El acuerdo se firmó el 12 de diciembre de 2015.",
        "The agreement was signed on Dec. 12, 2015.",
    ),
    Case("es-en", "Cuatro personas murieron el sábado.", "Four people died on Saturday."),
    Case("es-en", "Veinticinco soldados resultaron heridos.", "Twenty-five soldiers were wounded."),
    Case("es-en", "La policía detuvo a 14 personas.", "Police arrested 14 people."),
    Case("es-en", "El G7 condenó el lanzamiento.", "The G7 condemned the launch."),
    Case("es-en", "La resolución 2397 fue aprobada.", "Resolution 2397 was adopted."),
    Case("es-en", "Miles de personas huyeron.", "Thousands of people fled."),
    Case(
        "es-en", "Decenas de miles de personas marcharon.", "Tens of thousands of people marched."
    ),
    Case("es-en", "Fue el séptimo ensayo nuclear.", "It was the seventh nuclear test."),
    Case("es-en", "Un avión con 72 personas se estrelló.", "A plane carrying 72 people crashed."),
    Case("es-en", "La población supera los 6,8 millones.", "The population exceeds 6.8 million."),
    Case("es-en", "El euro se cambiaba a 1,0850 dólares.", "The euro traded at $1.0850."),
    Case("es-en", "El túnel tiene 57 kilómetros.", "The tunnel is 57 kilometers long."),
    Case(
        "es-en",
        "La empresa ganó 11.076 millones de euros.",
        "The company earned 11.08 billion euros.",
    ),
    Case("es-en", "El partido será a las 21.00 horas.", "The match will be at 9 p.m."),
    Case("es-en", "Los precios subieron un 2 % en 2024.", "Prices rose 2 percent in 2024."),
    Case(
        "es-en",
        "La sonda llegó a Plutón nueve años después.",
        "The probe reached Pluto nine years later.",
    ),
    Case(
        "es-en",
        "El Senado aprobó la reforma por 38 votos contra 33.",
        "The Senate approved the reform 38-33.",
    ),
    Case("es-en", "El ciclón dejó al menos 21 muertos.", "The cyclone killed at least 21 people."),
    Case(
        "es-en",
        "Los dos países firmaron el acuerdo el 1 de enero de 1994.",
        "The two countries signed the agreement on Jan. 1, 1994.",
    ),
    # --- wrong --------------------------------------------------------------------------
    Case(
        "es-en",
        "El Gobierno aprobó un plan de 3.000 millones de euros.",
        "The government approved a 3 trillion euro plan.",
        ("number-changed",),
    ),
    Case(
        "es-en",
        "La deuda alcanzó 1,57 billones de euros.",
        "Debt reached 1.57 billion euros.",
        ("number-changed",),
    ),
    Case(
        "es-en",
        "Unas 200.000 personas se manifestaron.",
        "Some 20,000 people demonstrated.",
        ("number-changed",),
    ),
    Case(
        "es-en",
        "La inflación se situó en el 3,1 %.",
        "Inflation stood at 31 percent.",
        ("number-changed",),
    ),
    Case(
        "es-en",
        "El 40 % de los jóvenes vive con sus padres.",
        "Fourteen percent of young people live with their parents.",
        ("number-changed",),
    ),
    Case(
        "es-en",
        "El terremoto ocurrió a las 14.35 hora local.",
        "The earthquake struck at 2:53 p.m. local time.",
        ("number-changed",),
    ),
    Case(
        "es-en",
        "El papa cumplió 87 años el 17 de diciembre.",
        "The pope turned 87 on Dec. 7.",
        ("date-mismatch",),
    ),
    Case(
        "es-en",
        "El acuerdo se firmó el 12 de diciembre de 2015.",
        "The agreement was signed on Dec. 12, 2016.",
        ("date-mismatch",),
    ),
    Case(
        "es-en",
        "Cuatro personas murieron el sábado.",
        "Four people died on Sunday.",
        ("weekday-mismatch",),
    ),
    Case(
        "es-en",
        "Cuatro personas murieron el sábado.",
        "Three people died on Saturday.",
        ("number-changed",),
    ),
    Case(
        "es-en",
        "Veinticinco soldados resultaron heridos.",
        "Fifteen soldiers were wounded.",
        ("number-changed",),
    ),
    Case(
        "es-en",
        "La policía detuvo a 14 personas.",
        "Police arrested 41 people.",
        ("number-changed",),
    ),
    Case(
        "es-en", "El G7 condenó el lanzamiento.", "The G8 condemned the launch.", ("code-changed",)
    ),
    Case(
        "es-en",
        "La resolución 2397 fue aprobada.",
        "Resolution 2379 was adopted.",
        ("number-changed",),
    ),
    Case(
        "es-en",
        "Fue el séptimo ensayo nuclear.",
        "It was the sixth nuclear test.",
        ("number-changed",),
    ),
    Case(
        "es-en",
        "La población supera los 6,8 millones.",
        "The population exceeds 68 million.",
        ("number-changed",),
    ),
    Case(
        "es-en", "El túnel tiene 57 kilómetros.", "The tunnel is 57 miles long.", ("unit-mismatch",)
    ),
    Case(
        "es-en",
        "El partido será a las 21.00 horas.",
        "The match will be at 8 p.m.",
        ("number-changed",),
    ),
    Case(
        "es-en",
        "El precio subió un 5 % y el paro bajó un 2 %.",
        "The price rose 5 percent.",
        ("number-missing",),
    ),
    Case(
        "es-en",
        "La policía detuvo a 14 personas.",
        "Police arrested 14 people, including 3 minors.",
        ("number-added",),
    ),
    Case(
        "es-en",
        "Las elecciones se celebran el domingo 23 de julio.",
        "The election is on Sunday, July 24.",
        ("date-mismatch",),
    ),
    Case(
        "es-en",
        "La empresa ganó 11.076 millones de euros.",
        "The company earned 11.76 billion euros.",
        ("number-changed",),
    ),
    Case(
        "es-en",
        "El ciclón dejó al menos 21 muertos.",
        "The cyclone killed at least 12 people.",
        ("number-changed",),
    ),
    Case("es-en", "El Gobierno dimitió.", "", ("empty",)),
    Case(
        "es-en",
        "El Gobierno aprobó el plan el martes.",
        "El Gobierno aprobó el plan el martes.",
        ("untranslated",),
    ),
    Case(
        "es-en",
        "El presidente habló con la prensa.",
        "The president spoke to to the press.",
        ("doubled-word",),
    ),
    Case(
        "es-en",
        "El ministro (de Defensa) dimitió.",
        "The minister (of Defense resigned.",
        ("unbalanced-brackets",),
    ),
    Case(
        "es-en",
        "La acusación dijo que era «inaceptable».",
        'The prosecution called it "unacceptable.',
        ("unbalanced-quotes",),
    ),
]

CASES = EN_KO + KO_EN + EN_ES + ES_EN
