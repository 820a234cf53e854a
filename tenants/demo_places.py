"""Where the demo's customers are: real cities with their division codes, area codes and the branch covering them.

Shared by the English and the Chinese demo. Each customer's province, city and
district are real administrative divisions (crm_platform/regions), its landline
carries its city's area code, and its sales region follows from the province.
"""
from stdnum.cn import uscc

from crm_platform.regions import divisions

# (city code, English name, area code) per default sales region, with the
# branch whose reps cover it and how many customers in a hundred are there.
CITIES = {
    "华东": ("east", 32, [("310100", "Shanghai", "021"), ("320100", "Nanjing", "025"), ("330100", "Hangzhou", "0571"),
                          ("320500", "Suzhou", "0512"), ("340100", "Hefei", "0551"), ("370100", "Jinan", "0531"),
                          ("370200", "Qingdao", "0532"), ("350200", "Xiamen", "0592"), ("360100", "Nanchang", "0791")]),
    "华南": ("east", 22, [("440100", "Guangzhou", "020"), ("440300", "Shenzhen", "0755"),
                          ("441900", "Dongguan", "0769"), ("450100", "Nanning", "0771"), ("460100", "Haikou", "0898")]),
    "华中": ("east", 12, [("420100", "Wuhan", "027"), ("430100", "Changsha", "0731"), ("410100", "Zhengzhou", "0371")]),
    "华北": ("north", 18, [("110100", "Beijing", "010"), ("120100", "Tianjin", "022"),
                           ("130100", "Shijiazhuang", "0311"), ("140100", "Taiyuan", "0351"),
                           ("150100", "Hohhot", "0471")]),
    "西南": ("north", 8, [("510100", "Chengdu", "028"), ("500100", "Chongqing", "023"), ("530100", "Kunming", "0871")]),
    "西北": ("north", 5, [("610100", "Xi'an", "029"), ("620100", "Lanzhou", "0931")]),
    "东北": ("north", 3, [("210100", "Shenyang", "024"), ("210200", "Dalian", "0411"), ("220100", "Changchun", "0431"),
                          ("230100", "Harbin", "0451")]),
}
# The English demo names the default regions in English; the provinces stay the same.
ENGLISH_REGIONS = {"华东": "East China", "华南": "South China", "华中": "Central China", "华北": "North China",
                   "西南": "Southwest China", "西北": "Northwest China", "东北": "Northeast China"}
# Mainland mobile prefixes of the three operators (139 xxxx xxxx).
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
                   "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181",
                   "182", "183", "185", "186", "187", "188", "189", "191", "198", "199")


def mobile(rng):
    """A valid mainland mobile number, e.g. 13912345678."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"


def credit_code(rng, district):
    """A Unified Social Credit Code a company registered in `district` (a 6-digit division) could have.

    91 (a company registered with market regulation), the 6-digit division
    code, a 9-character organisation code (8 digits and the GB 11714 check
    character), then the code's own check character (python-stdnum).
    """
    body = f"{rng.randint(0, 99_999_999):08d}"
    check = 11 - sum(int(digit) * weight for digit, weight in zip(body, (3, 7, 9, 10, 5, 8, 4, 2))) % 11
    check_char = {10: "X", 11: "0"}.get(check, str(check))
    code = f"91{district}{body}{check_char}"
    return code + uscc.calc_check_digit(code)


def landline(rng, area_code):
    """A landline in the city's area code, as Chinese business cards write it: 0571-87654321."""
    return f"{area_code}-{rng.randint(2, 8)}{rng.randint(0, 9_999_999):07d}"


def place(rng, weights):
    """A random (region key, branch, city code, English city name, area code, district code or None)."""
    region = rng.choices(list(weights), weights=list(weights.values()))[0]
    branch, _weight, cities = CITIES[region]
    city, english, area_code = rng.choice(cities)
    districts = divisions.children(city)
    district = rng.choice(districts)[0] if districts else None
    return region, branch, city, english, area_code, district


def region_weights():
    """{region key: weight} of the demo's customers."""
    return {region: weight for region, (_branch, weight, _cities) in CITIES.items()}


def demo_regions(english):
    """The demo workspace's sales regions: the defaults, in English names for the English demo."""
    from crm_platform.regions.sales_regions import DEFAULT_REGIONS

    return [{"name": ENGLISH_REGIONS[r["name"]] if english else r["name"], "provinces": list(r["provinces"])}
            for r in DEFAULT_REGIONS]
