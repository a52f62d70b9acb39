"""Numbers spelled out in English and Spanish words, written independently of the QA tables,
for the property tests (spell a number, parse it back, same value)."""

from __future__ import annotations

_EN_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_EN_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _english_under_1000(n: int) -> list[str]:
    words = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [_EN_UNITS[hundreds], "hundred"]
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(_EN_TENS[tens] + (f"-{_EN_UNITS[units]}" if units else ""))
    elif rest >= 10:
        words.append(_EN_TEENS[rest - 10])
    elif rest:
        words.append(_EN_UNITS[rest])
    return words


def english_words(n: int) -> str:
    """A whole number in English words, AP style without "and": 245,312 is "two hundred
    forty-five thousand three hundred twelve"."""
    if n == 0:
        return "zero"
    words: list[str] = []
    for name, size in (("trillion", 10**12), ("billion", 10**9), ("million", 10**6),
                       ("thousand", 10**3), ("", 1)):  # fmt: skip
        part, n = divmod(n, size)
        if part:
            words += _english_under_1000(part) + ([name] if name else [])
    return " ".join(words)


_ES_UNITS = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
_ES_TEENS = [
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
]
_ES_TENS = [
    "_",
    "_",
    "veinte",
    "treinta",
    "cuarenta",
    "cincuenta",
    "sesenta",
    "setenta",
    "ochenta",
    "noventa",
]
_ES_HUNDREDS = [
    "_",
    "ciento",
    "doscientos",
    "trescientos",
    "cuatrocientos",
    "quinientos",
    "seiscientos",
    "setecientos",
    "ochocientos",
    "novecientos",
]


def _spanish_under_1000(n: int) -> list[str]:
    words = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append("cien" if n == 100 else _ES_HUNDREDS[hundreds])
    if rest >= 30:
        tens, units = divmod(rest, 10)
        words.append(_ES_TENS[tens])
        if units:
            words += ["y", _ES_UNITS[units]]
    elif rest >= 10:
        words.append(_ES_TEENS[rest - 10])
    elif rest:
        words.append(_ES_UNITS[rest])
    return words


def spanish_words(n: int) -> str:
    """A whole number below a trillion in Spanish words: 245.312 is "doscientos cuarenta y
    cinco mil trescientos doce"; 5.000.000.000 is "cinco mil millones"."""
    if n == 0:
        return "cero"
    millions, rest = divmod(n, 10**6)
    words: list[str] = []
    if millions:
        thousands_of_millions, units_of_millions = divmod(millions, 1000)
        if thousands_of_millions:
            if thousands_of_millions > 1:
                words += _spanish_under_1000(thousands_of_millions)
            words.append("mil")
        if units_of_millions:
            words += _spanish_under_1000(units_of_millions)
        words.append("millón" if millions == 1 else "millones")
        if millions == 1:
            words[words.index("uno")] = "un"
    thousands, units = divmod(rest, 1000)
    if thousands:
        if thousands > 1:
            words += _spanish_under_1000(thousands)
        words.append("mil")
    if units:
        words += _spanish_under_1000(units)
    return " ".join(words)
