"""The workspace's sales regions: named groups of provinces, kept in `tenants.settings["sales_regions"]`.

A customer's `region` is the name of one of them. The defaults are the seven
regions Chinese sales teams commonly use; admins rename, regroup, add and
remove regions (a region still used by customers cannot be removed).
"""
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import func, select, update

from crm_platform.extensions import db
from crm_platform.models import AuditEntry, Customer
from crm_platform.regions import divisions

SETTING = "sales_regions"
MAX_REGIONS = 50
MAX_NAME = 100
# The seven large regions and their provinces, as 6-digit codes.
DEFAULT_REGIONS = [
    {"name": "华东", "provinces": ["310000", "320000", "330000", "340000", "350000", "360000", "370000"]},
    {"name": "华南", "provinces": ["440000", "450000", "460000", "810000", "820000"]},
    {"name": "华北", "provinces": ["110000", "120000", "130000", "140000", "150000"]},
    {"name": "华中", "provinces": ["410000", "420000", "430000"]},
    {"name": "西南", "provinces": ["500000", "510000", "520000", "530000", "540000"]},
    {"name": "西北", "provinces": ["610000", "620000", "630000", "640000", "650000"]},
    {"name": "东北", "provinces": ["210000", "220000", "230000"]},
]


def sales_regions(tenant):
    """The workspace's regions as [{"name", "provinces"}], the defaults when it has not set its own."""
    return (tenant.settings or {}).get(SETTING) or DEFAULT_REGIONS


def region_names(tenant):
    """The names of the workspace's regions, in its order."""
    return [region["name"] for region in sales_regions(tenant)]


def region_of_province(tenant, province_code):
    """The name of the workspace region that holds `province_code`, or None."""
    for region in sales_regions(tenant):
        if province_code in region["provinces"]:
            return region["name"]
    return None


def check_regions(regions):
    """Refuse a region list with empty or repeated names, unknown provinces or a province in two regions."""
    if len(regions) > MAX_REGIONS:
        raise ValidationError({SETTING: [_("At most %(count)d regions.", count=MAX_REGIONS)]})
    names, owner = set(), {}
    for region in regions:
        name = region["name"]
        if not name or len(name) > MAX_NAME:
            raise ValidationError({SETTING: [_("A region needs a name of at most 100 characters.")]})
        if name in names:
            raise ValidationError({SETTING: [_("The region %(name)s is listed twice.", name=name)]})
        names.add(name)
        for code in region["provinces"]:
            if not divisions.is_province(code):
                raise ValidationError({SETTING: [_("%(code)s is not a province code.", code=code)]})
            if code in owner:
                raise ValidationError({SETTING: [_("%(province)s is in both %(first)s and %(second)s.",
                                                   province=divisions.name(code), first=owner[code],
                                                   second=name)]})
            owner[code] = name


def save_sales_regions(actor, tenant, regions):
    """Replace the workspace's regions (validated), audited; returns True when something changed.

    A region that customers still have cannot be removed: rename it, or merge
    it into another, with `rename_sales_region`.
    """
    regions = [{"name": r["name"].strip(), "provinces": list(dict.fromkeys(r["provinces"]))} for r in regions]
    check_regions(regions)
    before = sales_regions(tenant)
    if regions == before:
        return False
    kept = {region["name"] for region in regions}
    removed = [region["name"] for region in before if region["name"] not in kept]
    if removed:
        used = db.session.execute(select(Customer.region, func.count()).where(Customer.region.in_(removed))
                                  .group_by(Customer.region)).all()
        if used:
            raise ValidationError({SETTING: [_("Customers are still in %(names)s; rename it or merge it "
                                               "into another region instead of removing it.",
                                               names=", ".join(sorted(name for name, _count in used)))]})
    tenant.settings = {**(tenant.settings or {}), SETTING: regions}
    db.session.add(AuditEntry(actor_id=actor.id, action="update", entity="workspace", entity_id=tenant.id,
                              summary=tenant.name[:200], changes={SETTING: [before, regions]}))
    db.session.commit()
    return True


def rename_sales_region(actor, tenant, old, new):
    """Rename region `old` to `new`, or merge it into `new` when that exists; returns how many customers moved.

    The customers and the provinces of `old` go along. The customers change in
    one UPDATE, so the workspace's audit entry (with the count) records it,
    not one entry per customer.
    """
    new = (new or "").strip()
    regions = sales_regions(tenant)
    names = [region["name"] for region in regions]
    if old not in names:
        raise ValidationError({"from": [_("Not one of the workspace's sales regions.")]})
    if not new or len(new) > MAX_NAME:
        raise ValidationError({"to": [_("A region needs a name of at most 100 characters.")]})
    if new == old:
        return 0
    moving = regions[names.index(old)]["provinces"]
    if new in names:
        result = [{**region, "provinces": region["provinces"] + moving} if region["name"] == new else region
                  for region in regions if region["name"] != old]
    else:
        result = [{**region, "name": new} if region["name"] == old else region for region in regions]
    moved = db.session.execute(update(Customer).where(Customer.region == old).values(region=new)).rowcount
    tenant.settings = {**(tenant.settings or {}), SETTING: result}
    db.session.add(AuditEntry(actor_id=actor.id, action="update", entity="workspace", entity_id=tenant.id,
                              summary=tenant.name[:200],
                              changes={SETTING: [regions, result], "customers_moved": [old, new, moved]}))
    db.session.commit()
    return moved


def regions_text(regions):
    """The regions as the admin page's text: one line per region, "华东: 上海市, 江苏省"."""
    return "\n".join(f"{region['name']}: " + ", ".join(divisions.name(code) or code for code in region["provinces"])
                     for region in regions)


def parse_regions_text(text):
    """The admin page's text as a region list; a ValidationError names the first line it cannot read."""
    regions = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, _sep, rest = line.replace("：", ":").partition(":")
        provinces = []
        for word in rest.replace("，", ",").replace("、", ",").split(","):
            if not word.strip():
                continue
            code = divisions.find(word)
            if code is None:
                raise ValidationError({SETTING: [_("Line %(number)d: %(word)s is not a province.",
                                                   number=number, word=word.strip())]})
            provinces.append(code)
        regions.append({"name": name.strip(), "provinces": provinces})
    return regions
