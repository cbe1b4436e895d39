/**
 * Dense linear algebra on row-major Float64Array matrices, just what the item–item models need:
 * the inverse of a symmetric positive-definite matrix (the regularised Gram matrix of EASE).
 */

/**
 * Inverts the symmetric positive-definite n × n matrix `a` (row-major) in place and returns it.
 *
 * Cholesky A = L·Lᵀ (L lower-triangular, computed row by row), then L⁻¹ by forward substitution,
 * then A⁻¹ = L⁻ᵀ·L⁻¹ (only the lower triangle is computed, then mirrored). About n³ multiply–adds
 * in all, with the inner loops running along contiguous rows. Only the lower triangle of `a` is
 * read. Throws when a pivot is not positive (the matrix is not positive definite, e.g. a Gram
 * matrix without regularisation and an item nobody holds).
 */
export function invertSpd(a: Float64Array, n: number): Float64Array {
  if (a.length !== n * n) throw new Error(`invertSpd: expected ${n * n} entries, got ${a.length}`);
  // 1. Cholesky, L overwrites the lower triangle: L[i][j] = (A[i][j] − Σ_{k<j} L[i][k]·L[j][k]) / L[j][j]
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      if (j === i) {
        if (!(s > 0)) throw new Error(`invertSpd: the matrix is not positive definite (pivot ${i} is ${s})`);
        a[ri + i] = Math.sqrt(s);
      } else a[ri + j] = s / a[rj + j]!;
    }
  }
  // 2. M = L⁻¹ (lower-triangular) in place, row by row: M[i][j] = −(Σ_{j≤k<i} L[i][k]·M[k][j]) / L[i][i]
  //    computed as a row update: row_i ← −(Σ_k L[i][k]·row_k) / L[i][i], over the columns j < i.
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    row.fill(0, 0, i);
    for (let k = 0; k < i; k++) {
      const l = a[ri + k]!;
      if (l === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) row[j]! += l * a[rk + j]!;
    }
    const d = 1 / a[ri + i]!;
    for (let j = 0; j < i; j++) a[ri + j] = -row[j]! * d;
    a[ri + i] = d;
  }
  // 3. A⁻¹ = Mᵀ·M: (A⁻¹)[i][j] = Σ_{k ≥ max(i,j)} M[k][i]·M[k][j]. Accumulate by rows k of M into
  //    the upper triangle (i ≤ j ≤ k), which is free since M lives in the lower triangle.
  //    Row k of M contributes M[k][i]·M[k][j] for all i ≤ j ≤ k; the upper triangle is first
  //    zeroed, then the result is mirrored into the lower triangle.
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = 0;
  const diag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const m = a[rk + i]!;
      if (m === 0) continue;
      diag[i]! += m * m;
      const ri = i * n;
      for (let j = i + 1; j <= k; j++) a[ri + j]! += m * a[rk + j]!;
    }
  }
  // Row k's own entries were read (a[rk + j], j ≤ k) before row k of the upper triangle is written
  // (only rows i < k are written by step k … except i = k itself, whose loop j > k is empty).
  for (let i = 0; i < n; i++) {
    a[i * n + i] = diag[i]!;
    for (let j = i + 1; j < n; j++) a[j * n + i] = a[i * n + j]!;
  }
  return a;
}
