"""A customer's place: province, city and district codes that hold together, and its sales region.

The customer service calls `settle_location` on every create and change (the
API, the pages and imports alike): the codes are checked against each other,
and the region follows the province when the workspace groups that province
into a region; otherwise it is one of the workspace's regions, or none.
"""
from flask_babel import gettext as _
from marshmallow import ValidationError

from crm_platform.regions import divisions
from crm_platform.regions.sales_regions import region_names, region_of_province
from crm_platform.workspace.settings import current_tenant

LOCATION_FIELDS = ("province_code", "city_code", "district_code")
# A changed division clears the ones below it, unless they are given too.
_BELOW = {"province_code": ("city_code", "district_code"), "city_code": ("district_code",)}


def _messages():
    """The words for divisions.location_problems' keys, per field."""
    return {
        ("province_code", "unknown"): _("Not a province of China."),
        ("city_code", "unknown"): _("Not a city of China."),
        ("district_code", "unknown"): _("Not a district of China."),
        ("city_code", "outside"): _("This city is not in the chosen province."),
        ("district_code", "outside"): _("This district is not in the chosen city."),
    }


def check_codes(values):
    """Raise a ValidationError when `values`' province, city and district codes do not hold together."""
    problems = divisions.location_problems(*(values.get(field) for field in LOCATION_FIELDS))
    if problems:
        words = _messages()
        raise ValidationError({field: [words[(field, key)]] for field, key in problems.items()})


def check_region(name, allowed_stale=None):
    """Raise a ValidationError unless `name` is empty, a workspace region, or the customer's current value."""
    if name and name != allowed_stale and name not in region_names(current_tenant()):
        raise ValidationError({"region": [_("Not one of the workspace's sales regions: %(names)s.",
                                            names=", ".join(region_names(current_tenant())))]})


def settle_location(data, customer=None):
    """Check the location in `data` (a customer's validated input) and set its region in place; returns `data`.

    For a change, `customer` is the customer as it is: what `data` leaves out
    keeps its value, except that a new province clears an old city and
    district (and a new city an old district).
    """
    for field in LOCATION_FIELDS:
        if field in data:
            data[field] = data[field] or None
    if customer is not None:
        for field, below in _BELOW.items():
            if field in data and data[field] != getattr(customer, field):
                for lower in below:
                    data.setdefault(lower, None)
    current = {field: getattr(customer, field, None) for field in LOCATION_FIELDS}
    merged = {field: data.get(field, current[field]) for field in LOCATION_FIELDS}
    check_codes(merged)
    if "region" in data:
        data["region"] = data["region"] or None
    touched = customer is None or "region" in data or any(field in data for field in LOCATION_FIELDS)
    derived = region_of_province(current_tenant(), merged["province_code"]) if merged["province_code"] else None
    # A change of other fields leaves the region alone, even if admins regrouped the provinces since.
    if derived and touched:
        data["region"] = derived
    elif "region" in data:
        check_region(data["region"], getattr(customer, "region", None))
    return data


def location_names(customer):
    """The customer's division names as (province, city, district), None where unset."""
    return tuple(divisions.name(getattr(customer, field)) for field in LOCATION_FIELDS)


def location_text(customer):
    """The customer's divisions as people write them: "浙江省 杭州市 西湖区", "北京市 海淀区" (no city twice)."""
    names = []
    for name in location_names(customer):
        if name and name not in names:
            names.append(name)
    return " ".join(names)
