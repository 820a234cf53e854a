"""The insights page and its API: the pyramid, the Pareto curve, class and segment sizes, the transitions
between layers month to month, and the customers to act on, every figure counting only the customers the
viewer may see (a rep's own, a manager's unit subtree, everyone for executives)."""
