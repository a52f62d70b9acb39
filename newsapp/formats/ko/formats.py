# Korean dates and times as a Korean newsroom writes them: 2026년 12월 2일 오후 4시 34분.
# ("A" is 오전/오후 from Django's Korean catalogue.)
DATE_FORMAT = "Y년 n월 j일"
TIME_FORMAT = "A g시 i분"
DATETIME_FORMAT = "Y년 n월 j일 A g시 i분"
YEAR_MONTH_FORMAT = "Y년 n월"
MONTH_DAY_FORMAT = "n월 j일"
SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "Y. n. j. A g:i"
FIRST_DAY_OF_WEEK = 0
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
