"""The customer pool (公海): customers without an owner that members of the pool's unit may claim (docs/pool.md)."""
