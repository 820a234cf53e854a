"""What the customer form's location picker and region select need, rendered on the server.

Without JavaScript the selects still work: the cities are those of the chosen
province and the districts those of the chosen city (save once to narrow down);
static/divisions.js refills them from GET /api/v1/divisions as people choose.
"""
from crm_platform.regions import divisions
from crm_platform.regions.sales_regions import region_names, sales_regions
from crm_platform.workspace.settings import current_tenant


def region_options(current=None):
    """The workspace's region names as (value, label) options, plus `current` when no longer listed."""
    names = region_names(current_tenant())
    if current and current not in names:
        names = [*names, current]
    return [(name, name) for name in names]


def picker_context(values):
    """Template values of the location picker for the form's `values` (codes may be missing)."""
    province, city = values.get("province_code"), values.get("city_code")
    return {
        "province_options": divisions.children(),
        "city_options": divisions.children(province) if province else [],
        "district_options": divisions.children(city) if city else [],
        "region_options": region_options(values.get("region")),
        "province_regions": {code: region["name"] for region in sales_regions(current_tenant())
                             for code in region["provinces"]},
    }
