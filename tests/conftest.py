"""The core's tests use the fixtures that plugin test suites use too, and every page they render keeps the CSP."""
pytest_plugins = ["crm_platform.testing", "crm_platform.testing.routing", "csp_support"]
