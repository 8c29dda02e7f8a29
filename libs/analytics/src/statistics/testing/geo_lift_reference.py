"""Expected values for geo-lift/geo-lift-estimator.spec.ts, computed with statsmodels (not with the code under test).

Run: /usr/bin/python3 libs/analytics/src/statistics/testing/geo_lift_reference.py [--write-fixture]
     (Debian's Python 3.11 with numpy 1.24.2 and statsmodels 0.13.5; the pyenv python3 has no statsmodels)

--write-fixture (re)writes geo_lift_fixture.json: 300-odd customers, one row each, drawn with a fixed
seed (clusters = map cells; treated customers have an injected post-period effect). The spec reads the
same file, sums it into cells as the repository's SQL does, and checks its estimator against the figures
printed here: a weighted least-squares regression per customer of
    delta = post - pre * (post_days / pre_days)     on [1, treated]
with comparison customers weighted (treated share of their prior-order bin) / (comparison share), bins
without both groups dropped, and statsmodels' cluster-robust covariance (CR1) by cell with a t interval
on G - 1 degrees of freedom.
"""
import json
import os
import sys

import numpy as np
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, 'geo_lift_fixture.json')
PRE_DAYS, POST_DAYS = 28, 21
BINS = [(0, 0), (1, 1), (2, 2), (3, 4), (5, None)]


def write_fixture():
    rng = np.random.default_rng(22)
    rows = []
    # 9 treated cells, 14 comparison cells, and cell 'm' holding both (a cell straddling the boundary).
    cells = [('t%d' % i, True) for i in range(9)] + [('c%d' % i, False) for i in range(14)] + [('m', True), ('m', False)]
    for cell, treated in cells:
        level = rng.uniform(0.5, 1.5)  # cell-level shock, shared by its customers: why we cluster
        for _ in range(int(rng.integers(6, 16))):
            prior = int(rng.poisson(2.2 if treated else 1.6))
            if not treated and prior >= 5:
                prior = 4  # no comparison customer with 5+: the treated ones there stay unmatched
            rate = (0.02 + 0.02 * prior) * level  # orders per day
            early, late = (int(x) for x in rng.poisson(rate * PRE_DAYS / 2, 2))
            post = int(rng.poisson(rate * POST_DAYS * (1.35 if treated else 1.0)))
            basket = float(np.round(rng.uniform(15, 45), 2))
            rows.append({
                'cluster': cell, 'treated': treated, 'prior': prior,
                'earlyOrders': early, 'lateOrders': late, 'postOrders': post,
                'earlyRevenue': round(early * basket, 2), 'lateRevenue': round(late * basket, 2), 'postRevenue': round(post * basket, 2),
            })
    with open(FIXTURE, 'w') as f:  # one customer a line
        f.write('{"preDays": %d, "postDays": %d, "customers": [\n' % (PRE_DAYS, POST_DAYS))
        f.write(',\n'.join(json.dumps(r) for r in rows) + '\n]}\n')


def bin_of(prior):
    return next(i for i, (lo, hi) in enumerate(BINS) if prior >= lo and (hi is None or prior <= hi))


def fit(y, d, w, groups):
    X = sm.add_constant(d.astype(float))
    res = sm.WLS(y, X, weights=w).fit(cov_type='cluster', cov_kwds={'groups': groups}, use_t=True)
    lo, hi = res.conf_int(0.05)[1]
    return res.params[1], res.bse[1], lo, hi, res.pvalues[1]


def main():
    if '--write-fixture' in sys.argv:
        write_fixture()
    data = json.load(open(FIXTURE))
    pre_days, post_days = data['preDays'], data['postDays']
    c = data['customers']
    treated = np.array([r['treated'] for r in c])
    b = np.array([bin_of(r['prior']) for r in c])
    n_t = np.array([np.sum(treated & (b == k)) for k in range(len(BINS))])
    n_c = np.array([np.sum(~treated & (b == k)) for k in range(len(BINS))])
    shared = (n_t > 0) & (n_c > 0)
    w_c = np.where(shared, (n_t / n_t[shared].sum()) / np.where(n_c > 0, n_c, 1) * n_c[shared].sum(), 0.0)
    w = np.where(treated, np.where(shared[b], 1.0, 0.0), w_c[b])
    keep = w > 0
    groups = np.unique(np.array([r['cluster'] for r in c]), return_inverse=True)[1]
    col = lambda k: np.array([r[k] for r in c], dtype=float)
    pre_o, pre_r = col('earlyOrders') + col('lateOrders'), col('earlyRevenue') + col('lateRevenue')
    scale, half = post_days / pre_days, post_days / (pre_days / 2)
    outcomes = {
        'orders': col('postOrders') - pre_o * scale,
        'revenue': col('postRevenue') - pre_r * scale,
        'preTrendOrders': (col('lateOrders') - col('earlyOrders')) * half,
        'preTrendRevenue': (col('lateRevenue') - col('earlyRevenue')) * half,
    }
    n_treated = int(np.sum(treated & keep))
    print('matched treated', n_treated, 'comparison', int(np.sum(~treated & keep)),
          'unmatched treated', int(np.sum(treated & ~keep)), 'clusters', len(np.unique(groups[keep])))
    print('comparison weights per bin', [repr(float(x)) for x in w_c])
    for name, y in outcomes.items():
        beta, se, lo, hi, p = fit(y[keep], treated[keep], w[keep], groups[keep])
        print(name, 'perCustomer', repr(float(beta)), 'total', repr(float(beta * n_treated)),
              'low', repr(float(lo * n_treated)), 'high', repr(float(hi * n_treated)), 'se', repr(float(se * n_treated)), 'p', repr(float(p)))


if __name__ == '__main__':
    main()
