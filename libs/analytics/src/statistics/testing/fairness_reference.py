"""Expected values for fairness-assembly.spec.ts, computed with SciPy (not with the code under test).

Run: python3 libs/analytics/src/statistics/testing/fairness_reference.py   (Python 3, SciPy 1.17)

The fixture is a business's areas: (key, eligible, enrolled, messaged, offered). Groups under the
minimum (10) are merged into "other"; while "other" is non-empty and still under 10 the smallest shown
area joins it (the unknown line only when no area is left). Each line's reached count is tested against the overall rate with a one-sided exact
binomial test (scipy.stats.binomtest, alternative='less'), then Holm-adjusted (written out below).
"""
import json
import math

from scipy import stats


def holm(ps):
    """Holm 1979 step-down, written out here (statsmodels is not installed on every machine)."""
    m, order = len(ps), sorted(range(len(ps)), key=lambda i: ps[i])
    adj, run = [0.0] * m, 0.0
    for rank, i in enumerate(order):
        run = max(run, min(1.0, (m - rank) * ps[i]))
        adj[i] = run
    return adj

MIN = 10
AREAS = [  # key, eligible, enrolled, messaged, offered
    ('A', 120, 100, 90, 30),
    ('B', 80, 66, 60, 25),
    ('C', 60, 20, 14, 2),     # the skipped neighbourhood
    ('D', 40, 33, 30, 12),
    ('E', 4, 3, 3, 2),        # under the minimum
    ('F', 3, 1, 1, 1),        # under the minimum
    (None, 25, 18, 15, 3),    # no location
]


def merge(rows):
    rows = sorted(rows, key=lambda r: (r[1], str(r[0])))
    other, shown = None, []
    add = lambda a, b: ('other', *[x + y for x, y in zip(a[1:], b[1:])])
    for r in rows:
        if r[1] < MIN:
            other = r if other is None else add(other, r)
            other = ('other', *other[1:])
        else:
            shown.append(r)
    # Topping "other" up takes the smallest located group first; the unknown line only when nothing else is left.
    while other is not None and 0 < other[1] < MIN and shown:
        named = [r for r in shown if r[0] is not None]
        other = add(other, shown.pop(shown.index(named[0] if named else shown[0])))
    return shown, other


shown, other = merge(AREAS)
lines = sorted([r for r in shown if r[0] is not None], key=lambda r: (-r[1], r[0]))
lines += [('unknown', *r[1:]) for r in shown if r[0] is None]
lines += [other] if other else []
N = sum(r[1] for r in AREAS)
out = {'lines': [r[0] for r in lines], 'eligible': [r[1] for r in lines]}
for m, col in (('enrolments', 2), ('messages', 3), ('offers', 4)):
    X = sum(r[col] for r in AREAS)
    p0 = X / N
    ps = [stats.binomtest(r[col], r[1], p0, alternative='less').pvalue for r in lines]
    adj = holm(ps)
    out[m] = [{'share': r[col] / X, 'ratio': (r[col] / X) / (r[1] / N), 'p': p, 'adjusted': float(a), 'flagged': bool(a < 0.05 and (r[col] / X) / (r[1] / N) < 1)}
              for r, p, a in zip(lines, ps, adj)]
out['binomCdf'] = [(k, n, p, stats.binom.cdf(k, n, p)) for k, n, p in [(2, 60, 0.22), (0, 10, 0.3), (7, 10, 0.3), (150, 100000, 0.0015), (30, 40, 0.9)]]
R = 6378137.0
inv = lambda x, y: (math.degrees(x / R), math.degrees(2 * math.atan(math.exp(y / R)) - math.pi / 2))
cx, cy, size = -8238, 4970, 1000
(w, s), (e, n) = inv(cx * size, cy * size), inv((cx + 1) * size, (cy + 1) * size)
out['bbox'] = [round(w, 7), round(s, 7), round(e, 7), round(n, 7)]
print(json.dumps(out, indent=1))
