"""Test helpers of the policy feature: a plugin that adds a soft factor, and policy versions written through the API."""
import pytest

from crm_platform.sdk import hookimpl

from plugins.task_dispatch.policy.defaults import DEFAULT_PARAMETERS, DEFAULT_WEIGHTS

FACTOR_PLUGIN = "dispatch_policy_factor"
"""The name the factor plugin is installed under: enable it per workspace like a module."""


class WarrantyFactor:
    """A plugin adding one soft factor, "warranty": 1 for everyone (the policy only lists and weighs it)."""

    @hookimpl
    def task_dispatch_factors(self):
        return [{"key": "warranty", "label": "Warranty work", "description": "Knows the customer's warranty terms.",
                 "score": lambda task, user_ids: [1.0] * len(user_ids)}]


WITH_FACTOR_PLUGIN = pytest.mark.app_config(CRM_PLUGINS={FACTOR_PLUGIN: WarrantyFactor()})
"""Mark a test to run with the factor plugin installed (enable it with enable_plugin)."""


def save_version(api_client, tenant="acme", user="admin", **body):
    """PUT the policy as `user` of `tenant`; asserts it was saved and returns the policy in force."""
    response = api_client(tenant, user).put("/api/v1/dispatch/policy", json=body)
    assert response.status_code == 200, response.json
    return response.json


def policy_form(**changes):
    """The settings form as the page fills it for the defaults (auto_assign unticked), with `changes`."""
    values = {f"weight_{key}": str(weight) for key, weight in DEFAULT_WEIGHTS.items()}
    values.update({key: str(value) for key, value in DEFAULT_PARAMETERS.items() if key != "auto_assign"})
    values.update({"note": "", **changes})
    return values
