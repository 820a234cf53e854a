"""Service support: tickets with SLA clocks on the Chinese working calendar, return visits, surveys, requirements.

A bundled plugin shaped like any third-party one (the plugin guide in docs/): it imports only
`crm_platform.sdk`, and is registered through the `crm_platform.plugins` entry point.
See docs/service.md.
"""
