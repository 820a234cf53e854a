"""Which column of a file goes to which field: the suggestion from headers, and checking a mapping.

The customer fields and their header synonyms are here; another import kind
brings its own (imports/kinds.py), and the same suggest and resolve serve it.
"""
import re

from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import ValidationError

FIELD_LABELS = {
    "name": _l("Name"), "kind": _l("Kind"), "status": _l("Status"), "level": _l("Level"),
    "region": _l("Region"), "owner": _l("Owner (user email)"), "phone": _l("Phone"), "email": _l("Email"),
    "address": _l("Address"), "care_date": _l("Care date (birthday or founding date)"), "tags": _l("Tags"),
    "notes": _l("Notes"), "credit_code": _l("Unified Social Credit Code"),
    "industry": _l("Industry"), "source": _l("Source"), "mobile": _l("Mobile"),
    "wechat": _l("WeChat ID"), "website": _l("Website"), "province": _l("Province (name or code)"),
    "city": _l("City (name or code)"), "district": _l("District (name or code)"),
}
FIELDS = tuple(FIELD_LABELS)

# Header names each field is suggested for, best first, as normal() writes them:
# field names (our own export's headers), English labels and the headers Chinese
# spreadsheets use.
# owner_email comes before owner because our export's "owner" column holds names.
_SYNONYMS = {
    "name": ("name", "customer name", "company name", "customer", "company", "account", "account name",
             "名称", "客户名称", "公司名称", "客户", "公司", "姓名"),
    "kind": ("kind", "type", "customer type", "类型", "客户类型"),
    "status": ("status", "customer status", "状态", "客户状态"),
    "level": ("level", "grade", "customer level", "级别", "等级", "客户级别", "客户等级"),
    "region": ("region", "area", "地区", "区域"),
    "owner": ("owner email", "owner", "负责人邮箱", "负责人"),
    "phone": ("phone", "telephone", "tel", "phone number", "电话", "联系电话", "电话号码", "座机", "固定电话"),
    "mobile": ("mobile", "mobile phone", "cell", "cell phone", "手机", "手机号", "手机号码", "移动电话"),
    "wechat": ("wechat", "wechat id", "weixin", "微信", "微信号"),
    "website": ("website", "web site", "homepage", "url", "网站", "网址", "官网", "公司网站", "主页"),
    "industry": ("industry", "sector", "行业", "所属行业"),
    "source": ("source", "lead source", "customer source", "来源", "客户来源"),
    "province": ("province", "省", "省份", "所在省份"),
    "city": ("city", "市", "城市", "所在城市"),
    "district": ("district", "county", "区", "区县", "县区"),
    "email": ("email", "e mail", "email address", "mail", "邮箱", "电子邮件", "电子邮箱", "邮件"),
    "address": ("address", "地址", "联系地址", "详细地址"),
    "care_date": ("care date", "birthday", "founding date", "anniversary", "date of birth",
                  "生日", "成立日期", "纪念日"),
    "tags": ("tags", "tag", "labels", "标签"),
    "notes": ("notes", "note", "remarks", "comments", "备注", "说明"),
    "credit_code": ("credit code", "unified social credit code", "uscc", "统一社会信用代码", "信用代码",
                    "社会信用代码"),
}


def _custom_fields():
    """The workspace's customer custom fields; none outside a workspace (checking a mapping in tests or tools)."""
    from crm_platform.custom_fields.values import definitions
    from crm_platform.tenancy import current_tenant_id

    return definitions("customer") if current_tenant_id() is not None else []


def field_labels():
    """{field: label} of the customer fields and of this workspace's customer custom fields (as cf_<key>)."""
    return {**FIELD_LABELS, **{field.param: field.label for field in _custom_fields()}}


def customer_synonyms():
    """Header names each customer field is suggested for, custom fields (their key and label) included."""
    return {**_SYNONYMS, **{field.param: (normal(field.param), normal(field.key), normal(field.label))
                            for field in _custom_fields()}}


def normal(header):
    """A header as compared: lower case, no required-marks or colons, separators as single spaces."""
    text = re.sub(r"[*:：]", "", str(header)).lower()
    return " ".join(re.sub(r"[_\-.]", " ", text).split())


def suggest(headers, synonyms=None):
    """The mapping {header: field} suggested by the header names (customer fields by default); each field at most once.

    `synonyms` is {field: header names as normal() writes them}, best first.
    """
    by_normal = {}
    for header in headers:
        by_normal.setdefault(normal(header), header)
    mapping = {}
    for field, names in (customer_synonyms() if synonyms is None else synonyms).items():
        for name in names:
            header = by_normal.get(name)
            if header is not None and header not in mapping:
                mapping[header] = field
                break
    return mapping


def resolve(headers, given=None, require_name=True, kind=None):
    """The mapping to use for ImportKind `kind` (customers by default): the suggestion, overridden by `given`.

    `given` is {header: field or None}; a field it assigns takes precedence
    over a suggested column for it. Raises ValidationError on the `mapping`
    field: an unknown header or field, two columns for one field, or (with
    `require_name`) no column for a required field, such as a customer's name.
    """
    if kind is None:
        from crm_platform.imports.customers import CUSTOMERS as kind
    suggested = suggest(headers, kind.synonyms())
    if given is None:
        mapping = suggested
    else:
        if not isinstance(given, dict):
            raise _problem(_("The mapping must be a JSON object of column header to field name (or null)."))
        unknown = [str(header) for header in given if header not in headers]
        if unknown:
            raise _problem(_("These columns are not in the file: %(names)s.", names=", ".join(unknown)))
        known = tuple(kind.field_labels())
        bad = sorted({str(field) for field in given.values() if field is not None and field not in known})
        if bad:
            raise _problem(_("Unknown fields: %(names)s. Fields are: %(fields)s.",
                             names=", ".join(bad), fields=", ".join(known)))
        chosen = [field for field in given.values() if field]
        twice = sorted({field for field in chosen if chosen.count(field) > 1})
        if twice:
            raise _problem(_("Each field takes one column; more than one column goes to: %(names)s.",
                             names=", ".join(twice)))
        mapping = {header: field for header, field in suggested.items()
                   if header not in given and field not in chosen}
        mapping.update({header: field for header, field in given.items() if field})
    missing = [field for field in kind.required() if field not in mapping.values()] if require_name else []
    if missing:
        raise _problem(kind.mapping_problem(missing))
    return {header: mapping[header] for header in headers if header in mapping}


def _problem(message):
    """A ValidationError on the `mapping` field."""
    return ValidationError({"mapping": [message]})
