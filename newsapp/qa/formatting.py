"""Writing numbers the way each language writes them: for messages, and as the inverse of the
parsers in property tests (format, parse back, same value)."""

from __future__ import annotations

from decimal import Decimal

from .langdata import LanguageData


def plain(value: Decimal) -> str:
    """A value for messages: 5,000,000,000 or 1.5 (no exponent, no trailing zeros)."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return f"{int(normal):,}"
    whole, _, fraction = f"{normal:f}".partition(".")
    return f"{int(whole):,}.{fraction}"


def digits(value: Decimal, lang: LanguageData, *, grouped: bool = True) -> str:
    """The value in the language's digits: 1,234.5 (en, ko) or 1.234,5 (es)."""
    text = plain(value) if grouped else f"{value.normalize():f}"
    group = lang.digits.group[0] if lang.digits.group else ""
    if not grouped:
        return text.replace(".", lang.digits.decimal)
    return text.replace(",", "\0").replace(".", lang.digits.decimal).replace("\0", group)


def scaled(value: Decimal, lang: LanguageData, scale_word: str) -> str:
    """The value as digits and one scale word: 5 billion, 1.2 million, 5.000 millones."""
    words = lang.words
    if words is None:
        raise ValueError(f"{lang.code} has no scale words")
    scale = words.scales[scale_word]
    return f"{digits(value / scale, lang, grouped=True)} {scale_word}"


def korean_mixed(value: int, *, inner: str = "천", spaced: bool = False) -> str:
    """An integer in Korean mixed form: 656조9천억, 2만8천500, 120만, 50억.

    ``inner`` says how the part under 만 in each group is written: "천" (8천500), "digits"
    (8500) or "comma" (8,500). ``spaced`` puts a space between groups (656조 9천억).
    """
    if value < 0:
        raise ValueError("negative")
    if value == 0:
        return "0"
    groups = []
    for unit, size in (("조", 10**12), ("억", 10**8), ("만", 10**4), ("", 1)):
        part, value = divmod(value, size)
        if part:
            groups.append(_under_10000(part, inner) + unit)
    return (" " if spaced else "").join(groups)


def _under_10000(part: int, inner: str) -> str:
    if part >= 10**4:  # 1만 조 and more: written with digits
        return f"{part:,}" if inner == "comma" else str(part)
    if inner == "digits":
        return str(part)
    if inner == "comma":
        return f"{part:,}"
    thousands, rest = divmod(part, 1000)
    return (f"{thousands}천" if thousands else "") + (str(rest) if rest else "")
