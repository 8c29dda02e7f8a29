"""Expected values for metric-comparison.spec.ts (meanValue: the log-scale interval of a mean of non-negative values).

Run: python3 libs/analytics/src/statistics/testing/non_negative_mean_reference.py   (Python 3, NumPy 2.4, SciPy 1.17)

The interval is mean · exp(±t_{n−1, 1−α/2} · SE / mean), SE = s / √n: the t interval of log(mean) by the delta
method (SE(log x̄) ≈ SE(x̄) / x̄), mapped back, so it never goes below 0. Computed here from the raw values with
NumPy's sample variance, not from the summary the code receives; the plain t interval is printed beside it.
"""
import math
import numpy as np
from scipy import stats

cases = {
    'one_to_four': np.array([1.0, 2.0, 3.0, 4.0]),
    # 100 recipients, 3 ordered (40, 25, 120): the plain t interval goes below zero.
    'three_buyers_of_100': np.array([40.0, 25.0, 120.0] + [0.0] * 97),
    # 12 recipients, one bought for 19.99.
    'one_buyer_of_12': np.array([19.99] + [0.0] * 11),
}
for name, x in cases.items():
    for conf in (0.95, 0.99):
        n = len(x); m = x.mean(); s = x.std(ddof=1)
        t = stats.t.ppf(1 - (1 - conf) / 2, n - 1)
        se = s / math.sqrt(n)
        print(name, conf, 'n', n, 'sum', repr(x.sum()), 'sumsq', repr((x * x).sum()), 'mean', repr(m),
              'log-scale', repr(m * math.exp(-t * se / m)), repr(m * math.exp(t * se / m)),
              'plain t', repr(m - t * se), repr(m + t * se))
