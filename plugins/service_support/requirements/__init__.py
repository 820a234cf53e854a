"""Customer requirements, their votes, answers and the daily review."""
