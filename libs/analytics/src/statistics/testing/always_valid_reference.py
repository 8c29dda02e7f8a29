"""Expected values for always-valid.spec.ts, computed with NumPy/SciPy/statsmodels (not with the code under test).

Run: python3 libs/analytics/src/statistics/testing/always_valid_reference.py   (Python 3, NumPy 2.4, SciPy 1.17)

Independent route: the mixture likelihood ratio is integrated numerically,
    Lambda(theta0) = integral N(d; theta, V) / N(d; theta0, V) * N(theta; theta0, tau^2) dtheta
(scipy.integrate.quad over the normal densities of scipy.stats), not taken from the closed form; the
confidence sequence's ends are the roots of Lambda(theta0) = 1/alpha found with brentq; running minimum and
intersection over looks by hand; Holm by hand (sorted, (m - i)·p, running maximum).
"""
import math

import numpy as np
from scipy import integrate, stats
from scipy.optimize import brentq

TAU_REL = 0.1


def mixture_lr(d, v, tau2, theta0=0.0):
    sd, tsd = math.sqrt(v), math.sqrt(tau2)
    base = stats.norm.logpdf(d, theta0, sd)
    f = lambda th: math.exp(stats.norm.logpdf(d, th, sd) - base + stats.norm.logpdf(th, theta0, tsd))
    lo, hi = theta0 - 40 * tsd, theta0 + 40 * tsd
    # The integrand peaks near the posterior mean; give quad that point so it does not miss a narrow peak.
    peak = theta0 + tau2 / (tau2 + v) * (d - theta0)
    return integrate.quad(f, lo, hi, points=[peak], epsabs=0, epsrel=1e-13, limit=1000)[0]


def look(d, v, tau2, alpha):
    lam = mixture_lr(d, v, tau2)
    p = min(1.0, 1.0 / lam)
    g = lambda th0: math.log(mixture_lr(d, v, tau2, th0)) - math.log(1 / alpha)
    w = math.sqrt(v + tau2)
    while g(d - w) < 0:
        w *= 2
    low = brentq(g, d - w, d, xtol=1e-16, rtol=1e-14)
    high = brentq(g, d, d + w, xtol=1e-16, rtol=1e-14)
    return p, low, high


def rates_look(xc, nc, xv, nv, alpha):
    pc, pv = xc / nc, xv / nv
    sc, sv = (xc + 1) / (nc + 2), (xv + 1) / (nv + 2)  # the variance from add-one rates
    v = stats.bernoulli.var(sc) / nc + stats.bernoulli.var(sv) / nv
    tau = TAU_REL * (xc + xv) / (nc + nv)
    return (pv - pc, v, tau) + look(pv - pc, v, tau * tau, alpha)


def means_look(nc, sc, ssc, nv, sv, ssv, alpha):
    def summary(n, s, ss):
        return s / n, (ss - s * s / n) / (n - 1)
    mc, varc = summary(nc, sc, ssc)
    mv, varv = summary(nv, sv, ssv)
    v = varc / nc + varv / nv
    tau = TAU_REL * abs((sc + sv) / (nc + nv))
    return (mv - mc, v, tau) + look(mv - mc, v, tau * tau, alpha)


print('# single look, closed-form inputs: d = 0.012, V = 2.5e-5, tau = 0.006, alpha = 0.05')
p, lo, hi = look(0.012, 2.5e-5, 0.006 ** 2, 0.05)
print(f'p={p!r} low={lo!r} high={hi!r}')
print('# log Lambda at theta0 = 0.004:', repr(math.log(mixture_lr(0.012, 2.5e-5, 0.006 ** 2, 0.004))))

print('# conversion rates, looks of cumulative counts (control, challenger), alpha = 0.05')
LOOKS = [(200, 8, 200, 12), (500, 22, 500, 38), (1000, 50, 1000, 75), (2000, 101, 2000, 128)]
run_p, run_lo, run_hi = 1.0, -np.inf, np.inf
for xc_nc in LOOKS:
    nc, xc, nv, xv = xc_nc
    d, v, tau, p, lo, hi = rates_look(xc, nc, xv, nv, 0.05)
    run_p, run_lo, run_hi = min(run_p, p), max(run_lo, lo), min(run_hi, hi)
    print(f'n=({nc},{nv}) d={d!r} tau={tau!r} lookP={p!r} p={run_p!r} low={run_lo!r} high={run_hi!r}')

print('# revenue per recipient: control 4000 recipients, sum 5000, sum sq 500000; challenger 4000, 6400, 690000; alpha 0.05')
d, v, tau, p, lo, hi = means_look(4000, 5000.0, 500000.0, 4000, 6400.0, 690000.0, 0.05)
print(f'd={d!r} tau={tau!r} p={p!r} low={lo!r} high={hi!r}')

print('# three arms on click rate (experiment_reference scenario 1), confidence 0.95: Holm on always-valid p, sequences at 0.975')
ARMS = {'A': (10000, 500), 'B': (10050, 610), 'C': (9950, 480)}
ps = []
for k in ['B', 'C']:
    nv, xv = ARMS[k]
    d, v, tau, p, lo, hi = rates_look(500, 10000, xv, nv, 0.025)
    ps.append(p)
    print(f'{k}: d={d!r} p={p!r} low={lo!r} high={hi!r}')
order = sorted(range(len(ps)), key=lambda i: ps[i])
holm, run = [0.0] * len(ps), 0.0
for rank, i in enumerate(order):
    run = max(run, min(1.0, (len(ps) - rank) * ps[i]))
    holm[i] = run
print('# 0 of 30 against 30 of 30, alpha 0.05 (an arm at 0 %, one at 100 %)')
d, v, tau, p, lo, hi = rates_look(0, 30, 30, 30, 0.05)
print(f'd={d!r} p={p!r} low={lo!r} high={hi!r}')
print('holm:', [repr(x) for x in holm])
