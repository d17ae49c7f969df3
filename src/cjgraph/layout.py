"""The seeded force-directed layout (numpy) that places a large HTML view's entities (pictures: cjgraph.gvlayout)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache

from .errors import UsageError

DENSE_LIMIT = 200  # exact all-pairs repulsion up to this many nodes in the layout
GRID_MAX = 64  # at most this many cells per side of the particle-mesh repulsion grid above DENSE_LIMIT


def force_layout(count: int, edges: Sequence[tuple[int, int]], *, seed: int = 42,
                 iterations: int = 150) -> list[tuple[float, float]]:
    """Fruchterman–Reingold positions for ``count`` nodes (ideal edge length 1), seeded and deterministic.

    Up to ``DENSE_LIMIT`` nodes every pair repels exactly. Above, repulsion is computed on a grid
    (particle–mesh: node density convolved with the 1/r force by FFT) plus exact repulsion between
    nodes that share a cell, so 2,000 nodes take about a second with numpy alone. A weak pull to the
    centre keeps components together.
    """
    if count == 0:
        return []
    try:
        import numpy as np
    except ImportError:
        raise UsageError("laying out views in Python needs numpy: pip install 'cjgraph[viz]'") from None
    rng = np.random.default_rng(seed)
    side = math.sqrt(count) * 1.5
    pos = (rng.random((count, 2)) - 0.5) * side
    links = np.asarray(edges, dtype=np.intp).reshape(-1, 2)
    links = links[links[:, 0] != links[:, 1]]
    src, dst = links[:, 0], links[:, 1]
    dense = np.triu_indices(count, 1) if count <= DENSE_LIMIT else None
    step = side / 8
    for _ in range(iterations):
        disp = _repulsion(pos, dense)
        delta = pos[src] - pos[dst]
        dist = np.sqrt(np.einsum("ij,ij->i", delta, delta))
        disp -= _accumulate(count, src, dst, delta * dist[:, None])
        disp -= pos * 0.03
        length = np.maximum(np.sqrt(np.einsum("ij,ij->i", disp, disp)), 1e-9)
        pos += disp * (np.minimum(length, step) / length)[:, None]
        step = max(step * 0.96, 0.01)
    pos -= pos.mean(axis=0)
    return [(round(float(x), 3), round(float(y), 3)) for x, y in pos]


def _pairs_force(pos, a, b):
    import numpy as np

    delta = pos[a] - pos[b]
    dist2 = np.maximum(np.einsum("ij,ij->i", delta, delta), 1e-4)
    return _accumulate(len(pos), a, b, delta / dist2[:, None])


def _repulsion(pos, dense):
    """Repulsion 1/r between all pairs: exact for ``dense`` pairs, else a grid plus exact same-cell pairs."""
    import numpy as np

    if dense is not None:
        return _pairs_force(pos, *dense)
    grid = min(GRID_MAX, max(16, int(2 * math.sqrt(len(pos)))))
    low = pos.min(axis=0)
    cell = max(float((pos.max(axis=0) - low).max()), 1e-6) / (grid - 1)
    cells = np.minimum(((pos - low) / cell).astype(np.intp), grid - 1)
    flat = cells[:, 0] * grid + cells[:, 1]
    density = np.bincount(flat, minlength=grid * grid).reshape(grid, grid).astype(float)
    kx, ky, size = _kernel_fft(grid)
    spectrum = np.fft.rfft2(density, s=(size, size))
    window = slice(grid - 1, 2 * grid - 1)
    fx = np.fft.irfft2(spectrum * kx, s=(size, size))[window, window].ravel()
    fy = np.fft.irfft2(spectrum * ky, s=(size, size))[window, window].ravel()
    far = np.column_stack((fx[flat], fy[flat])) / cell
    a, b = _same_cell_pairs(flat)
    return far + _pairs_force(pos, a, b)


@cache
def _kernel_fft(grid: int):
    """The spectrum of the 2-D force field of a unit of density, (dx, dy) / r², over all cell offsets."""
    import numpy as np

    r = np.arange(-(grid - 1), grid, dtype=float)
    dx, dy = np.meshgrid(r, r, indexing="ij")
    r2 = dx * dx + dy * dy
    r2[grid - 1, grid - 1] = np.inf
    size = 3 * grid - 2  # no wrap-around: a linear convolution
    return np.fft.rfft2(dx / r2, s=(size, size)), np.fft.rfft2(dy / r2, s=(size, size)), size


def _same_cell_pairs(flat):
    """Every pair of nodes that share a grid cell (sorted by cell, pairs k apart for k = 1, 2, ...)."""
    import numpy as np

    order = np.argsort(flat, kind="stable")
    keys = flat[order]
    first, second = [np.zeros(0, np.intp)], [np.zeros(0, np.intp)]
    for k in range(1, len(keys)):
        same = np.nonzero(keys[k:] == keys[:-k])[0]
        if not len(same):
            break
        first.append(order[same])
        second.append(order[same + k])
    return np.concatenate(first), np.concatenate(second)


def _accumulate(count: int, a, b, force):
    import numpy as np

    fx = np.bincount(a, force[:, 0], count) - np.bincount(b, force[:, 0], count)
    fy = np.bincount(a, force[:, 1], count) - np.bincount(b, force[:, 1], count)
    return np.column_stack((fx, fy)).astype(float, copy=False)  # bincount of nothing is integer
