"""PDF transformation matrices, for reading pages back (pre-flight, tests, benchmarks).

A matrix is PDF's six numbers `a b c d e f`; points are row vectors, so
`mul(m, n)` is m applied first, then n (PDF 32000-1, 8.3.4).
"""

from __future__ import annotations

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n: [x y 1] . m . n."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """The point (x, y) transformed by m."""
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
