"""Service metrics: response and resolution times, SLA compliance, backlog, satisfaction."""
