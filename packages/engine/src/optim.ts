/**
 * Limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989) with a backtracking Armijo line search,
 * for smooth unconstrained minimisation. Written for strictly convex objectives (L2-regularised
 * logistic regression), where every step keeps sᵀy > 0.
 */

/** Objective: returns f(x) and writes ∇f(x) into g. */
export type ObjectiveFn = (x: Float64Array, g: Float64Array) => number;

export interface LbfgsOptions {
  /** Number of correction pairs kept (default 10). */
  memory?: number;
  maxIter?: number;
  /** Stop when ‖∇f‖∞ < gtol (default 1e-5). */
  gtol?: number;
  /** Stop when the relative decrease of f over one iteration is below ftol (default 1e-9). */
  ftol?: number;
  /**
   * Diagonal preconditioner: an approximation of the inverse Hessian's diagonal, used as the
   * initial matrix H₀ of every two-loop recursion (scaled by sᵀy / yᵀH₀y). Helps a lot when
   * curvatures differ by orders of magnitude (one-hot features of very different frequency).
   */
  diag?: Float64Array;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function normInf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

export function lbfgs(fg: ObjectiveFn, x0: Float64Array, opts: LbfgsOptions = {}): LbfgsResult {
  const n = x0.length;
  const m = opts.memory ?? 10;
  const maxIter = opts.maxIter ?? 500;
  const gtol = opts.gtol ?? 1e-5;
  const ftol = opts.ftol ?? 1e-9;
  const diag = opts.diag;
  if (diag && diag.length !== n) throw new Error('lbfgs: diag has the wrong length');
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const d = new Float64Array(n);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  let f = fg(x, g);
  let evals = 1;
  let it = 0;
  let converged = normInf(g) < gtol;
  while (!converged && it < maxIter) {
    it++;
    // two-loop recursion: d = −H g
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    const k = S.length;
    for (let j = k - 1; j >= 0; j--) {
      const a = rho[j]! * dot(S[j]!, d);
      alpha[j] = a;
      const y = Y[j]!;
      for (let i = 0; i < n; i++) d[i]! -= a * y[i]!;
    }
    if (diag) {
      let gamma = 1;
      if (k > 0) {
        const y = Y[k - 1]!;
        let yhy = 0;
        for (let i = 0; i < n; i++) yhy += y[i]! * diag[i]! * y[i]!;
        gamma = dot(S[k - 1]!, y) / yhy;
      }
      for (let i = 0; i < n; i++) d[i]! *= gamma * diag[i]!;
    } else if (k > 0) {
      const gamma = dot(S[k - 1]!, Y[k - 1]!) / dot(Y[k - 1]!, Y[k - 1]!);
      for (let i = 0; i < n; i++) d[i]! *= gamma;
    }
    for (let j = 0; j < k; j++) {
      const b = rho[j]! * dot(Y[j]!, d);
      const s = S[j]!;
      const c = alpha[j]! - b;
      for (let i = 0; i < n; i++) d[i]! += c * s[i]!;
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // not a descent direction (numerical trouble): restart from steepest descent
      for (let i = 0; i < n; i++) d[i] = -g[i]! * (diag ? diag[i]! : 1);
      S.length = Y.length = rho.length = 0;
      slope = dot(g, d);
    }
    let step = k === 0 && !diag ? Math.min(1, 1 / Math.max(1e-12, Math.sqrt(-slope))) : 1;
    let fNew = Infinity;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      fNew = fg(xNew, gNew);
      evals++;
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew <= f)) break; // line search failed: x is as good as we can do
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const decrease = f - fNew;
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    if (normInf(g) < gtol || decrease <= ftol * Math.max(1, Math.abs(f))) converged = true;
  }
  return { x, f, iterations: it, evaluations: evals, converged };
}
