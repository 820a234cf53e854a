"""The monthly report email: on the workspace's first working day of each month every manager gets their team's
performance report for the month before (reports/performance.py) through the mail jobs; each user may opt out.
"""
