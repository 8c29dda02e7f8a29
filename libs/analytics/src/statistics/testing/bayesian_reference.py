"""Expected values for bayesian.spec.ts by SciPy adaptive quadrature (not the code under test).

Run: python3 libs/analytics/src/statistics/testing/bayesian_reference.py   (Python 3.11, SciPy 1.17.1)
"""
# P(p_v > p_c) = ∫ f_v(x) F_c(x) dx under Beta(1+s, 1+f) posteriors, by scipy.integrate.quad over the variant's bulk.
from scipy import stats, integrate
import math
def post(s, n): return 1 + s, 1 + n - s
def window(a, b, w=20):
    m = a / (a + b); sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    return max(0.0, m - w * sd), min(1.0, m + w * sd)
def p_best(arms, i):
    ps = [post(*arm) for arm in arms]
    a, b = ps[i]
    lo, hi = window(a, b)
    f = lambda x: stats.beta.pdf(x, a, b) * math.prod(stats.beta.cdf(x, *ps[j]) for j in range(len(ps)) if j != i)
    pts = sorted({min(hi, max(lo, p)) for (aa, bb) in ps for p in window(aa, bb, 3)} | {a / (a + b)})
    v, err = integrate.quad(f, lo, hi, points=pts, epsabs=1e-14, epsrel=1e-12, limit=500)
    return v, err
for c, v in [((0, 0), (0, 0)), ((0, 0), (1, 1)), ((100, 1000), (120, 1000)), ((40, 1000), (40, 1000)), ((0, 1000), (5, 1000)),
             ((20000, 1000000), (20500, 1000000)), ((500000, 1000000), (501000, 1000000)), ((3, 10), (900, 1000)), ((1, 12), (0, 7)), ((120, 1000), (100, 1000))]:
    print(c, v, repr(p_best([c, v], 1)))
for arms in [[(100, 1000), (120, 1000), (110, 1000)], [(5, 50), (5, 50), (5, 50)], [(30, 1000), (45, 1000), (20, 200), (400, 10000)]]:
    print(arms, [repr(p_best(arms, i)[0]) for i in range(len(arms))])
