"""The customer's standard fields beyond the basics: industry, source, mobile, WeChat ID and website.

Industry and source are fixed choice lists (stored as the keys below, shown
translated) so that reports and filters group customers reliably; "other"
catches the rest. Imports also read the English labels and the Chinese words
people write for them (IMPORT_WORDS).
"""
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

INDUSTRY_LABELS = {
    "manufacturing": _l("Manufacturing"), "wholesale": _l("Wholesale and distribution"),
    "retail": _l("Retail"), "energy": _l("Energy"), "software": _l("Software and IT"),
    "telecom": _l("Telecommunications"), "finance": _l("Finance"), "hospitality": _l("Hotels and catering"),
    "instruments": _l("Instruments"), "logistics": _l("Logistics"), "construction": _l("Construction"),
    "healthcare": _l("Healthcare"), "education": _l("Education"), "government": _l("Government"),
    "other": _l("Other"),
}
SOURCE_LABELS = {
    "referral": _l("Referral"), "website": _l("Website"), "exhibition": _l("Trade fair"),
    "cold_call": _l("Cold call"), "advertising": _l("Advertising"), "social_media": _l("Social media"),
    "partner": _l("Partner or channel"), "walk_in": _l("Walk-in"), "other": _l("Other"),
}
INDUSTRIES = tuple(INDUSTRY_LABELS)
# The form and API fields beyond the basics, divisions included.
STANDARD_FIELDS = ("industry", "source", "mobile", "wechat", "website", "province_code", "city_code", "district_code")
SOURCES = tuple(SOURCE_LABELS)

# Lower-case English labels and Chinese words to keys, the same in every locale.
IMPORT_WORDS = {
    "industry": {
        "wholesale and distribution": "wholesale", "software and it": "software", "telecommunications": "telecom",
        "hotels and catering": "hospitality", "制造业": "manufacturing", "制造": "manufacturing",
        "批发": "wholesale", "批发零售": "wholesale", "分销": "wholesale", "贸易": "wholesale",
        "零售": "retail", "能源": "energy", "软件": "software", "软件和信息技术": "software", "it": "software",
        "电信": "telecom", "通信": "telecom", "金融": "finance", "酒店": "hospitality", "餐饮": "hospitality",
        "仪器仪表": "instruments", "仪器": "instruments", "物流": "logistics", "建筑": "construction",
        "建筑业": "construction", "医疗": "healthcare", "医疗卫生": "healthcare", "教育": "education",
        "政府": "government", "其他": "other",
    },
    "source": {
        "trade fair": "exhibition", "cold call": "cold_call", "social media": "social_media",
        "partner or channel": "partner", "walk-in": "walk_in", "转介绍": "referral", "介绍": "referral",
        "客户介绍": "referral", "官网": "website", "网站": "website", "展会": "exhibition", "陌拜": "cold_call",
        "电话营销": "cold_call", "广告": "advertising", "社交媒体": "social_media", "微信": "social_media",
        "合作伙伴": "partner", "渠道": "partner", "上门": "walk_in", "自然到访": "walk_in", "其他": "other",
    },
}


class Website(fields.Str):
    """A web address; "www.example.com" is read as "https://www.example.com", as people type it."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if text and "://" not in text:
            text = "https://" + text
        return text or None


def website_field():
    """The schema field of a customer's website."""
    return Website(allow_none=True, validate=[validate.Length(max=200),
                                              validate.URL(schemes={"http", "https"}, require_tld=True)])
