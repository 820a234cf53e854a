"""Tenant lifecycle: self-service signup, provisioning, and the demo workspace."""
