"""Expected values for experiment-verdict.spec.ts, computed with SciPy (not with the code under test).

Run: python3 libs/analytics/src/statistics/testing/experiment_reference.py   (Python 3.11, SciPy 1.17.1)
"""
import math
from statistics import NormalDist

from scipy import integrate, stats
from scipy.optimize import brentq
from scipy.stats.contingency import relative_risk

N = NormalDist()
ARMS = {  # key: (recipients, clicks, conversions, revenue sum, revenue sum of squares)
    'A': (10000, 500, 100, 5000.0, 500000.0),
    'B': (10050, 610, 130, 6800.0, 680000.0),
    'C': (9950, 480, 95, 4500.0, 470000.0),
}
CONTROL, CHALLENGERS, CONFIDENCE, POWER = 'A', ['B', 'C'], 0.95, 0.8
ALPHA = 1 - CONFIDENCE
M = len(CHALLENGERS)
ALPHA_M = ALPHA / M                  # Holm's first step / Bonferroni
INTERVAL_CONFIDENCE = 1 - ALPHA_M    # lift intervals


def wilson(k, n, c=CONFIDENCE):
    ci = stats.binomtest(k, n).proportion_ci(c, 'wilson')
    return k / n, ci.low, ci.high


def z_test_p(x0, n0, x1, n1):
    return stats.chi2_contingency([[x0, n0 - x0], [x1, n1 - x1]], correction=False).pvalue


def katz(x0, n0, x1, n1):
    r = relative_risk(x1, n1, x0, n0)
    ci = r.confidence_interval(INTERVAL_CONFIDENCE)
    return r.relative_risk - 1, ci.low - 1, ci.high - 1


def window(a, b, w=20):
    m = a / (a + b)
    sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    return max(0.0, m - w * sd), min(1.0, m + w * sd)


def p_best(arms, i):
    ps = [(1 + s, 1 + n - s) for s, n in arms]
    a, b = ps[i]
    lo, hi = window(a, b)
    f = lambda x: stats.beta.pdf(x, a, b) * math.prod(stats.beta.cdf(x, *ps[j]) for j in range(len(ps)) if j != i)
    return integrate.quad(f, lo, hi, epsabs=1e-14, epsrel=1e-12, limit=500)[0]


def rate_mde(p1, nc, nv, up):
    za, zb = N.inv_cdf(1 - ALPHA_M / 2), N.inv_cdf(POWER)

    def slack(p2):
        pb = (nc * p1 + nv * p2) / (nc + nv)
        return za * math.sqrt(pb * (1 - pb) * (1 / nc + 1 / nv)) + zb * math.sqrt(p1 * (1 - p1) / nc + p2 * (1 - p2) / nv) - abs(p2 - p1)

    root = brentq(slack, p1 + 1e-12, 1) if up else brentq(slack, 0, p1 - 1e-12)
    return abs(root - p1)


def required_rate(p1, p2):
    za, zb = N.inv_cdf(1 - ALPHA_M / 2), N.inv_cdf(POWER)
    pb = (p1 + p2) / 2
    return math.ceil((za * math.sqrt(2 * pb * (1 - pb)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p1 - p2) ** 2)


def summary(key):
    n, _, _, s, ss = ARMS[key]
    return n, s / n, (ss - s * s / n) / (n - 1)


def holm(ps):
    order = sorted(range(len(ps)), key=lambda i: ps[i])
    out, running = [None] * len(ps), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(ps) - rank) * ps[i]))
        out[i] = running
    return out


def rate_metric(index, name):
    print(f'--- {name}')
    arms = [(ARMS[k][index], ARMS[k][0]) for k in [CONTROL] + CHALLENGERS]
    for k, (s, n) in zip([CONTROL] + CHALLENGERS, arms):
        print(k, 'rate/wilson', [repr(float(v)) for v in wilson(s, n)])
    print('p best', [repr(p_best(arms, i)) for i in range(len(arms))])
    x0, n0 = arms[0]
    ps = [z_test_p(x0, n0, *arms[i + 1]) for i in range(M)]
    adj = holm(ps)
    for i, k in enumerate(CHALLENGERS):
        x1, n1 = arms[i + 1]
        p1, p2 = x0 / n0, x1 / n1
        chance = p_best([(x0, n0), (x1, n1)], 1)
        mde = rate_mde(p1, n0, n1, p2 >= p1)
        print(k, 'diff', repr(p2 - p1), 'p', repr(float(ps[i])), 'holm', repr(float(adj[i])), 'lift', [repr(float(v)) for v in katz(x0, n0, x1, n1)],
              'chance', repr(chance), 'mde', repr(mde), 'required', required_rate(p1, p2))


def revenue_metric():
    print('--- revenue per recipient')
    for k in [CONTROL] + CHALLENGERS:
        n, m, v = summary(k)
        half = stats.t.ppf(1 - ALPHA / 2, n - 1) * math.sqrt(v / n)
        # The arm's interval is on the log scale (delta method), so it never goes below 0 (non_negative_mean_reference.py).
        spread = math.exp(half / m)
        print(k, 'mean/interval (log scale)', repr(m), repr(m / spread), repr(m * spread), 'plain t', repr(m - half), repr(m + half))
    nc, mc, vc = summary(CONTROL)
    ps, rows = [], []
    for k in CHALLENGERS:
        nv, mv, vv = summary(k)
        se = math.sqrt(vc / nc + vv / nv)
        p = stats.ttest_ind_from_stats(mv, math.sqrt(vv), nv, mc, math.sqrt(vc), nc, equal_var=False).pvalue
        z = N.inv_cdf(1 - ALPHA_M / 2)
        lse = math.sqrt(vc / (nc * mc * mc) + vv / (nv * mv * mv))
        ratio = mv / mc
        zsum = N.inv_cdf(1 - ALPHA_M / 2) + N.inv_cdf(POWER)
        ps.append(p)
        rows.append((k, mv - mc, p, [ratio - 1, ratio * math.exp(-z * lse) - 1, ratio * math.exp(z * lse) - 1], N.cdf((mv - mc) / se), zsum * se,
                     math.ceil(zsum ** 2 * (vc + vv) / (mv - mc) ** 2)))
    for (k, d, p, lift, chance, mde, req), a in zip(rows, holm(ps)):
        print(k, 'diff', repr(d), 'p', repr(float(p)), 'holm', repr(float(a)), 'lift', [repr(x) for x in lift], 'chance', repr(chance), 'mde', repr(mde), 'required', req)


rate_metric(1, 'click rate')
rate_metric(2, 'conversion rate')
revenue_metric()
srm = stats.chisquare([ARMS[k][0] for k in ARMS])
print('srm', repr(float(srm.statistic)), repr(float(srm.pvalue)))
