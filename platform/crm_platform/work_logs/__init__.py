"""Daily work logs and weekly plans: each person writes theirs; managers read their subtree's and comment."""
