"""The core's tests use the fixtures that plugin test suites use too."""
pytest_plugins = ["crm_platform.testing", "crm_platform.testing.routing"]
