"""The analysis itself, pure and database-free: numpy arrays in, numpy arrays out (docs/insights.md).

- history.py   — `History`: purchases as arrays (customer id, day, amount in cents), exact per-customer sums,
                 the analysis period and its halves.
- abc.py       — ABC classes by cumulative share of the period's revenue, ties by customer id.
- rfm.py       — recency, frequency, monetary scores 1..5 by quintiles, tied values sharing a score.
- segments.py  — named RFM segments from ordered rules ("champions: R5 F4-5"), first match wins.
- layers.py    — the loyalty pyramid's eight layers from RFM, trend, complaints and the advocate mark.
- cdi.py       — half on half: the revenue trend and the customer development index.
- clv.py       — BG/NBD and Gamma-Gamma fitted with SciPy, probability alive, expected purchases, CLV
                 (lifetimes' conventions; checked against its CDNOW figures).
- analyse.py   — `analyse(...)`: all of the above for one workspace as of one day, column by column.
"""
