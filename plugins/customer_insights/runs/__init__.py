"""Computing the figures: a nightly job per workspace with progress, monthly snapshots, and the runs' record.

pipeline.py reads the workspace's purchases (workspace currency only), customers, open complaints (asked of the
service module through `service_support_open_complaints`, none when it is off) and advocates, calls
engine.analyse(...) and replaces the workspace's Score rows in set-based statements; at a month's end the
layers, classes and segments as of its last day go into Snapshot rows. API: start a run, see runs and their
progress and fitted model parameters."""
