"""
Exploration of issue 5's recommendation quality beyond the product's models (not product code; not
run by CI): two ideas measured on a validation split carved out of the training part, as in
bench/recsys.ts but drawn with numpy's generator (so absolute numbers differ from that bench's).

  python3 bench/explore-recsys.py            # needs numpy and scipy; ~2–3 minutes on 2 cores

1. Local EASE: users clustered by spherical k-means on their (normalised) EASE score profiles; one EASE
   per cluster, fitted on that cluster's users only, added to the global EASE's scores (× alpha).
2. A learned bias per course on top of EASE: softmax likelihood of the held-out course (L-BFGS, L2),
   fitted on a third split carved out of the validation training part, then added to EASE's scores.

Results are in docs/BENCHMARKS.md ("What else was tried"). RECSYS_DATA points at another CSV.
"""
import os

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("RECSYS_DATA", os.path.join(HERE, "../../shared/data/recsys/xuetangx/train.csv"))
d = np.loadtxt(DATA, delimiter=",", skiprows=1, dtype=np.int64)
U, I = d[:, 0].max() + 1, d[:, 1].max() + 1


def holdout(rows, seed):
    """One random row held out for every user with >= 3 rows."""
    rng = np.random.default_rng(seed)
    u = rows[:, 0]
    cnt = np.bincount(u, minlength=U)
    held = np.full(U, -1)
    for r in rng.permutation(len(rows)):
        if cnt[u[r]] >= 3 and held[u[r]] < 0:
            held[u[r]] = r
    users = np.where(held >= 0)[0]
    keep = np.ones(len(rows), bool)
    keep[held[users]] = False
    return rows[keep], users, rows[held[users], 1]


def matrix(rows):
    return sp.csr_matrix((np.ones(len(rows)), (rows[:, 0], rows[:, 1])), shape=(U, I))


def ease(X, lam=100.0, w=None):
    G = X.T @ X if w is None else X.T @ sp.diags(w) @ X
    G = np.asarray(G.todense(), dtype=np.float64)
    G[np.diag_indices(I)] += lam
    P = np.linalg.inv(G)
    B = -P / np.diag(P)
    B[np.diag_indices(I)] = 0
    return B


def scores(X, B, users):
    S = np.asarray(X[users] @ B)
    S[X[users].toarray() > 0] = -np.inf
    return S


def hr10(S, items):
    top = np.argpartition(-S, 10, axis=1)[:, :10]
    return (top == items[:, None]).any(1).mean()


train, _, _ = holdout(d, 1)
tr2, val_u, val_i = holdout(train, 2)
X2 = matrix(tr2)
B2 = ease(X2)
S2 = scores(X2, B2, val_u)
print(f"validation users {len(val_u)}, EASE (lambda 100) HR@10 {hr10(S2, val_i):.4f}", flush=True)

# 1. local EASE
E = np.asarray(X2 @ B2)
E /= np.linalg.norm(E, axis=1, keepdims=True) + 1e-9
active = np.where(np.asarray(X2.sum(1)).ravel() > 0)[0]
for k in (4, 8, 16):
    rng = np.random.default_rng(0)
    C = E[rng.choice(active, k, replace=False)]
    for _ in range(15):
        lab = np.argmax(E[active] @ C.T, 1)
        for j in range(k):
            m = E[active][lab == j].sum(0)
            C[j] = m / (np.linalg.norm(m) + 1e-9)
    labels = np.argmax(E @ C.T, 1)
    for lam in (100, 300, 1000):
        Sc = np.zeros_like(S2)
        for j in range(k):
            sel = labels[val_u] == j
            Sc[sel] = np.asarray(X2[val_u[sel]] @ ease(X2, lam, (labels == j).astype(float)))
        row = " ".join(f"x{a}: {hr10(S2 + a * np.where(np.isinf(S2), 0, Sc), val_i):.4f}" for a in (0.25, 0.5, 1, 2))
        print(f"local EASE k={k} lambda={lam}: {row}", flush=True)

# 2. a learned bias per course, fitted on a third split
tr3, b_u, b_i = holdout(tr2, 3)
X3 = matrix(tr3)
S3 = scores(X3, ease(X3), b_u)
F = np.where(np.isinf(S3), -1e4, S3)
n = len(b_i)
for a in (5, 10, 20):
    for l2 in (1e-3, 1e-2, 1e-1):

        def loss(b):
            Z = a * F + b
            mx = Z.max(1, keepdims=True)
            Ez = np.exp(Z - mx)
            s = Ez.sum(1, keepdims=True)
            ll = (Z[np.arange(n), b_i] - mx[:, 0] - np.log(s[:, 0])).mean()
            g = (Ez / s).mean(0)
            np.add.at(g, b_i, -1 / n)
            return -ll + 0.5 * l2 * (b @ b), g + l2 * b

        b = minimize(loss, np.zeros(I), jac=True, method="L-BFGS-B", options={"maxiter": 200}).x
        print(f"course bias a={a} l2={l2}: fitted split {hr10(S3 + b / a, b_i):.4f}, validation {hr10(S2 + b / a, val_i):.4f}", flush=True)
