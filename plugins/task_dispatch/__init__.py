"""Task dispatch: employee profiles, skill-scored recommendations with explanations, optimal batch assignment.

A bundled plugin shaped like any third-party one (the plugin guide in docs/): it imports only
`crm_platform.sdk`, and is registered through the `crm_platform.plugins` entry point.
See docs/dispatch.md.
"""
