"""Pinyin keys of Chinese names, so that `zgsy` and `zhongguoshiyou` find 中国石油.

pypinyin reads characters with several readings by the phrase they stand in
(its phrase dictionaries know 重庆 chongqing, 长沙 changsha, 厦门 xiamen,
银行 yinhang). PLACE_NAMES adds the few place names it reads wrongly, each
checked against the official romanisation; tests/test_pinyin_search.py keeps
them right.
"""
import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, load_phrases_dict

KEY_LENGTH = 255

# Place names pypinyin's dictionaries read with the everyday reading of a character.
PLACE_NAMES = {
    "单县": [["shàn"], ["xiàn"]],  # Shan County, Shandong (单 as a surname and place is shàn)
    "长治": [["cháng"], ["zhì"]],  # Changzhi, Shanxi
    "朝阳": [["cháo"], ["yáng"]],  # Chaoyang District (Beijing) and Chaoyang City (Liaoning)
    "尉氏": [["yù"], ["shì"]],  # Yushi County, Henan
}
load_phrases_dict(PLACE_NAMES)

_NOT_KEY = re.compile(r"[^0-9a-z]")


def _key(parts):
    text = unicodedata.normalize("NFKC", "".join(parts)).casefold()
    return _NOT_KEY.sub("", text)[:KEY_LENGTH]


@lru_cache(maxsize=4096)
def _segments(name):
    """`name` as pypinyin's pieces: one syllable per Chinese character, other text kept as words.

    Cached: a name's pinyin and initials are always asked for together, and
    pypinyin is most of what storing a customer's keys costs (imports store thousands).
    """
    pieces = []
    for piece in lazy_pinyin(unicodedata.normalize("NFKC", name or ""), style=Style.NORMAL, errors="default"):
        pieces.extend(piece.split())
    return tuple(pieces)


def name_pinyin(name):
    """The full pinyin of `name`, lower case with only letters and digits: 中国石油 is "zhongguoshiyou"."""
    return _key(_segments(name))


def name_initials(name):
    """The initials: the first letter of each syllable, and of each word of other text ("zgsy")."""
    return _key(piece[:1] if piece.isalpha() else piece for piece in _segments(name))


def query_pinyin(query):
    """The pinyin key a search for `query` compares with, when it is Latin letters or digits; else None."""
    text = unicodedata.normalize("NFKC", query or "")
    if not re.fullmatch(r"[0-9A-Za-z\s'\-]+", text):
        return None
    return _key([text]) or None
