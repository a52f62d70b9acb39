"""TMX samples and a helper shared by the memory tests."""

from __future__ import annotations

from newsapp.memory import services
from newsapp.memory.models import TMEntry

#: A TMX file as CAT tools write it: regional codes, two targets in one unit.
SAMPLE_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x"
          adminlang="en-US" srclang="en-US" datatype="plaintext"/>
  <body>
    <tu tuid="a">
      <tuv xml:lang="en-US"><seg>The UN Security Council is expected to meet on Wednesday.</seg>
      </tuv>
      <tuv xml:lang="ko-KR"><seg>유엔 안보리는 수요일에 회의를 열 예정이다.</seg></tuv>
      <tuv xml:lang="ja-JP"><seg>国連安保理は水曜日に会合を開く予定だ。</seg></tuv>
    </tu>
    <tu tuid="b">
      <tuv xml:lang="en-US"><seg>It should use it.</seg></tuv>
      <tuv xml:lang="ko-KR"><seg>그 영향력을 써야 한다.</seg></tuv>
    </tu>
  </body>
</tmx>
""".encode()

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>&lol3;</seg></tuv><tuv xml:lang="ko"><seg>x</seg></tuv></tu>
</body></tmx>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>&secret;</seg></tuv><tuv xml:lang="ko"><seg>x</seg></tuv></tu>
</body></tmx>
"""


def record(source: str, target: str, src: str = "en", tgt: str = "ko") -> TMEntry:
    return services.memory_record(
        source_text=source, target_text=target, source_language=src, target_language=tgt,
        user=None, article_id=None,
    )  # fmt: skip
