"""Lifetime value: BG/NBD for purchases and "still active", Gamma-Gamma for spend, fitted by maximum likelihood.

No maintained library fits this stack (lifetimes is archived since 2020,
pymc-marketing needs PyMC and PyTensor), so the two likelihoods are written
here with SciPy (docs/insights.md, "Lifetime value"):

- BG/NBD: Fader, Hardie & Lee (2005), "Counting your customers the easy way",
  equation 6; P(alive) and conditional expected purchases, equation 10, whose
  Gaussian hypergeometric function is taken after Euler's transformation so
  that frequent buyers neither overflow nor cancel.
- Gamma-Gamma: Fader & Hardie (2013), "The Gamma-Gamma model of monetary
  value", equations 1 and 5.

Customers are summarised as lifetimes does: frequency x = distinct purchase
days − 1, recency t_x = last − first day, age T = as_of − first day. Both fits
minimise the mean negative log-likelihood over log-parameters with BFGS and
its analytic gradient, on the distinct summaries weighted by their counts.
"""
from dataclasses import asdict, dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, digamma, expit, gammaln, hyp2f1

MIN_REPEAT_BUYERS = 20
"""Below this many customers with a repeat purchase the fits say little: the CLV columns stay empty."""
DAYS_PER_WEEK = 7
DAYS_PER_MONTH = 30


@dataclass(frozen=True)
class BGNBD:
    """Fitted BG/NBD parameters (time in the unit of the data) and how the fit went."""

    r: float
    alpha: float
    a: float
    b: float
    converged: bool
    message: str = ""
    log_likelihood: float = 0.0  # mean per customer

    def to_json(self):
        """The parameters and the fit's outcome as a JSON-able dict."""
        return _json(asdict(self))


@dataclass(frozen=True)
class GammaGamma:
    """Fitted Gamma-Gamma parameters (spend in the unit of the data) and how the fit went."""

    p: float
    q: float
    v: float
    converged: bool
    message: str = ""
    log_likelihood: float = 0.0

    def to_json(self):
        """The parameters and the fit's outcome as a JSON-able dict."""
        return _json(asdict(self))


def _finite(value):
    """`value`, or None for a non-finite float: JSON columns refuse NaN and infinity."""
    return None if isinstance(value, float) and not np.isfinite(value) else value


def _json(values):
    """`values` with non-finite floats as None."""
    return {key: _finite(value) for key, value in values.items()}


def _summaries(*columns):
    """The distinct rows of `columns` as float arrays, and how many customers share each."""
    rows, counts = np.unique(np.column_stack([np.asarray(c, dtype=float) for c in columns]), axis=0,
                             return_counts=True)
    return [rows[:, k] for k in range(rows.shape[1])], counts.astype(float)


def _bgnbd_loss(log_params, x, t_x, T, weight, levels, level):
    """Mean negative BG/NBD log-likelihood and its gradient in the log-parameters.

    The special functions depend on x alone: they are taken once per distinct
    x (`levels`, `level` indexing them per summary), not once per customer.
    """
    r, alpha, a, b = np.exp(log_params)
    repeat = x > 0
    log_main = (gammaln(r + levels) - gammaln(r) + betaln(a, b + levels) - betaln(a, b))[level] + r * np.log(alpha)
    log_t = np.log(alpha + t_x)
    log_T = np.log(alpha + T)
    a3 = -(r + x) * log_T
    a4 = np.where(repeat, np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * log_t, -np.inf)
    tail = np.logaddexp(a3, a4)
    w3, w4 = np.exp(a3 - tail), np.exp(a4 - tail)
    ab = digamma(a + b)
    d_r = (digamma(r + levels) - digamma(r))[level] + np.log(alpha) - w3 * log_T - w4 * log_t
    d_alpha = r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + t_x))
    d_a = (ab - digamma(a + b + levels))[level] + w4 / a
    d_b = (ab + digamma(b + levels) - digamma(b) - digamma(a + b + levels))[level] - w4 / (b + np.maximum(x, 1) - 1)
    total = weight.sum()
    gradient = np.array([r * (weight @ d_r), alpha * (weight @ d_alpha), a * (weight @ d_a), b * (weight @ d_b)])
    return -(weight @ (log_main + tail)) / total, -gradient / total


def _fit(loss, start, data):
    """BFGS on `loss` from log-parameters `start`; (parameters, converged, message, mean log-likelihood)."""
    result = minimize(loss, np.log(start), args=data, jac=True, method="BFGS", options={"gtol": 1e-9, "maxiter": 2000})
    params = np.exp(result.x)
    # BFGS may stop on "precision loss" at the optimum itself: a vanishing gradient is what converged means.
    converged = bool(np.all(np.isfinite(params)) and np.isfinite(result.fun) and np.abs(result.jac).max() < 1e-5)
    return params, converged, str(result.message), float(-result.fun)


def fit_bgnbd(frequency, recency, T):
    """The BG/NBD fitted to customers' (frequency, recency, T), recency and T in one time unit."""
    (x, t_x, age), weight = _summaries(frequency, recency, T)
    levels, level = np.unique(x, return_inverse=True)
    params, converged, message, log_likelihood = _fit(_bgnbd_loss, (1.0, 1.0, 1.0, 1.0),
                                                      (x, t_x, age, weight, levels, level.ravel()))
    return BGNBD(*(float(value) for value in params), converged=converged, message=message,
                 log_likelihood=log_likelihood)


def p_alive(model, frequency, recency, T):
    """Probability that each customer is still active: 1 for those without a repeat purchase."""
    x, t_x, T = (np.asarray(value, dtype=float) for value in (frequency, recency, T))
    log_odds = (np.log(model.a) - np.log(model.b + np.maximum(x, 1) - 1)
                + (model.r + x) * (np.log(model.alpha + T) - np.log(model.alpha + t_x)))
    return np.where(x > 0, expit(-log_odds), 1.0)


def expected_purchases(model, t, frequency, recency, T):
    """Each customer's expected number of purchases in the next `t` (FHL 2005, eq. 10)."""
    x, t_x, T = (np.asarray(value, dtype=float) for value in (frequency, recency, T))
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    z = t / (alpha + T + t)
    # 2F1(r+x, b+x; a+b+x−1; z)·(1−z)^(r+x) = (1−z)^(a−1)·2F1(a+b−1−r, a−1; a+b+x−1; z)  (Euler)
    bracket = 1 - (1 - z) ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)
    return (a + b + x - 1) / (a - 1) * bracket * p_alive(model, x, t_x, T)


def _gamma_gamma_loss(log_params, x, m, weight, levels, level):
    """Mean negative Gamma-Gamma log-likelihood and its gradient in the log-parameters (special functions per x)."""
    p, q, v = np.exp(log_params)
    px = p * x
    log_xm_v = np.log(x * m + v)
    log_m, log_x = np.log(m), np.log(x)
    pl = p * levels
    ll = ((gammaln(pl + q) - gammaln(pl) - gammaln(q))[level] + q * np.log(v) + (px - 1) * log_m + px * log_x
          - (px + q) * log_xm_v)
    d_p = x * ((digamma(pl + q) - digamma(pl))[level] + log_m + log_x - log_xm_v)
    d_q = (digamma(pl + q) - digamma(q))[level] + np.log(v) - log_xm_v
    d_v = q / v - (px + q) / (x * m + v)
    total = weight.sum()
    gradient = np.array([p * (weight @ d_p), q * (weight @ d_q), v * (weight @ d_v)])
    return -(weight @ ll) / total, -gradient / total


def fit_gamma_gamma(frequency, monetary):
    """The Gamma-Gamma fitted to repeat buyers' (frequency > 0, mean repeat spend > 0)."""
    frequency, monetary = np.asarray(frequency, dtype=float), np.asarray(monetary, dtype=float)
    if len(frequency) == 0 or (frequency <= 0).any() or (monetary <= 0).any():
        raise ValueError("Gamma-Gamma fits customers with repeat purchases and a positive mean spend only")
    (x, m), weight = _summaries(frequency, monetary)
    start = (1.0, 1.0, float(np.average(m, weights=weight)))
    levels, level = np.unique(x, return_inverse=True)
    params, converged, message, log_likelihood = _fit(_gamma_gamma_loss, start, (x, m, weight, levels, level.ravel()))
    return GammaGamma(*(float(value) for value in params), converged=converged, message=message,
                      log_likelihood=log_likelihood)


def expected_spend(model, frequency, monetary):
    """Each customer's expected spend per purchase (FH 2013, eq. 5); the population mean v·p/(q−1) when x = 0."""
    x = np.asarray(frequency, dtype=float)
    m = np.where(x > 0, np.nan_to_num(np.asarray(monetary, dtype=float)), 0.0)
    return model.p * (model.v + x * m) / (model.p * x + model.q - 1)


def discounted_value(model, spend, months, annual_rate, frequency, recency, T, days_per_unit=DAYS_PER_WEEK):
    """(CLV, expected purchases over the horizon): Σ_m spend × (E[X(t_m)] − E[X(t_m−1)]) / (1+i)^m.

    t_m = 30·m days (in the model's unit of `days_per_unit` days), i the
    monthly rate (1 + annual_rate)^(1/12) − 1.
    """
    monthly = (1 + annual_rate) ** (1 / 12) - 1
    value, before = np.zeros(len(spend)), np.zeros(len(spend))
    for month in range(1, months + 1):
        after = expected_purchases(model, DAYS_PER_MONTH * month / days_per_unit, frequency, recency, T)
        value += spend * (after - before) / (1 + monthly) ** month
        before = after
    return value, before


def _why(reason, text, **figures):
    """A left_out entry: a stable `reason` code (for translated messages), its English `text`, its figures."""
    return {"reason": reason, "text": text, **figures}


def _empty(size):
    """A masked column of `size` floats, and one of int64 cents: a figure nobody has."""
    return (np.ma.masked_array(np.zeros(size), mask=np.ones(size, dtype=bool)),
            np.ma.masked_array(np.zeros(size, dtype=np.int64), mask=np.ones(size, dtype=bool)))


def _cents(values, valid):
    """Masked int64 cents rounded from float cents, masked where not `valid` or not finite."""
    valid = valid & np.isfinite(values)
    return np.ma.masked_array(np.where(valid, np.rint(np.where(valid, values, 0)), 0).astype(np.int64), mask=~valid)


def summarise(groups, as_of):
    """(frequency, recency, T, monetary) per customer of history.ByCustomer, lifetimes' conventions.

    frequency = distinct purchase days − 1; recency = last − first day and
    T = as_of − first day, in weeks; monetary = mean revenue of the repeat
    purchase days in currency units (the first day left out, 0 without a repeat).
    Customers who never bought get zeros.
    """
    bought = groups.bought
    first_day, last_day = groups.first_day(), groups.last_day()
    x = np.maximum(groups.sum(groups.new_day()) - 1, 0)
    t_x = np.where(bought, (last_day - first_day).astype(np.int64), 0) / DAYS_PER_WEEK
    age = np.where(bought, (np.datetime64(as_of, "D") - first_day).astype(np.int64), 0) / DAYS_PER_WEEK
    on_first_day = groups.day == first_day[groups.position]
    repeat_cents = groups.sum(groups.cents) - groups.sum(np.where(on_first_day, groups.cents, 0))
    monetary = np.where(x > 0, repeat_cents / np.maximum(x, 1), 0.0) / 100
    return x, t_x, age, monetary


def lifetime_values(groups, as_of, months, annual_rate):
    """({p_alive, expected_purchases, expected_spend_cents, clv_cents}, models) per customer of history.ByCustomer.

    Fitted on every customer's whole history up to as_of (see `summarise`);
    the columns stay masked for customers who never bought, and for everyone
    when a fit is impossible: models["left_out"]["clv"] or ["spend"] says why.
    """
    bought = groups.bought
    x, t_x, age, monetary = summarise(groups, as_of)
    repeat = bought & (x > 0)
    floats, cents = _empty(len(x))
    columns = {"p_alive": floats, "expected_purchases": floats.copy(), "expected_spend_cents": cents,
               "clv_cents": cents.copy()}
    models = {"bgnbd": None, "gamma_gamma": None, "left_out": {},
              "clv": {"months": months, "annual_discount_rate": annual_rate, "time_unit": "week"}}
    if repeat.sum() < MIN_REPEAT_BUYERS:
        models["left_out"]["clv"] = _why(
            "too_few_repeat_buyers", f"{int(repeat.sum())} customers bought on more than one day; the models need "
            f"at least {MIN_REPEAT_BUYERS}", repeat_buyers=int(repeat.sum()), minimum=MIN_REPEAT_BUYERS)
        return columns, models
    bgnbd = fit_bgnbd(x[bought], t_x[bought], age[bought])
    models["bgnbd"] = {**bgnbd.to_json(), "customers": int(bought.sum()), "repeat_buyers": int(repeat.sum())}
    if not bgnbd.converged:
        models["left_out"]["clv"] = _why("bgnbd_not_converged", f"BG/NBD did not converge: {bgnbd.message}")
        return columns, models
    # Expected purchases depend on (x, t_x, T) only: computed once per distinct summary.
    rows, inverse = np.unique(np.column_stack((x[bought], t_x[bought], age[bought])), axis=0, return_inverse=True)
    inverse = inverse.ravel()
    factor, expected = discounted_value(bgnbd, np.ones(len(rows)), months, annual_rate, *rows.T)
    for name, values in (("p_alive", p_alive(bgnbd, *rows.T)), ("expected_purchases", expected)):
        columns[name][bought] = values[inverse]
        columns[name] = np.ma.masked_invalid(columns[name])  # a figure the formulas could not give stays empty
    spend, why = _spend(x, monetary, repeat, models)
    if why:
        models["left_out"]["spend"] = why
        return columns, models
    per_customer = np.zeros(len(x))
    per_customer[bought] = factor[inverse]
    columns["expected_spend_cents"] = _cents(spend * 100, bought)
    columns["clv_cents"] = _cents(spend * 100 * per_customer, bought)
    return columns, models


def _spend(x, monetary, repeat, models):
    """(expected spend per purchase of each customer, None) from a Gamma-Gamma fit, or (None, why not)."""
    spenders = repeat & (monetary > 0)
    if spenders.sum() < MIN_REPEAT_BUYERS:
        return None, _why("too_few_spenders", f"{int(spenders.sum())} customers spent on a repeat purchase day; "
                          f"Gamma-Gamma needs at least {MIN_REPEAT_BUYERS}", spenders=int(spenders.sum()),
                          minimum=MIN_REPEAT_BUYERS)
    gamma = fit_gamma_gamma(x[spenders], monetary[spenders])
    # The model assumes spend independent of frequency; the correlation shows how far that holds.
    correlation = float(np.corrcoef(x[spenders], monetary[spenders])[0, 1])
    models["gamma_gamma"] = {**gamma.to_json(), "customers": int(spenders.sum()),
                             "frequency_spend_correlation": _finite(correlation)}
    if not gamma.converged:
        return None, _why("gamma_gamma_not_converged", f"Gamma-Gamma did not converge: {gamma.message}")
    if gamma.q <= 1:
        return None, _why("unbounded_spend", "Gamma-Gamma has q ≤ 1: its mean spend is unbounded")
    # Repeat buyers who spent nothing get the population's mean, like those who never came back.
    return expected_spend(gamma, np.where(spenders, x, 0), monetary), None
