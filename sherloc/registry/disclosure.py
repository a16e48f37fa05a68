"""Statistical disclosure control for published counts of States.

The year groups (P 16) and the States in them are public, so a public count of 1 or 2 — per group and stage,
per region and kind of need — can single out a State. Published tables go through `suppress_small_cells`.
"""

from collections.abc import Sequence

# The smallest count published. Below it a reader who knows the group (the year groups are public) can tell which
# State or pair of States a cell is about; from 3 on, each State of the cell can say it is one of several.
MIN_PUBLISHED_COUNT = 3


def suppress_small_cells(
    table: Sequence[Sequence[int]], threshold: int = MIN_PUBLISHED_COUNT
) -> list[list[int | None]]:
    """The table as it may be published: None where a count is withheld.

    1. Primary: every count from 1 to threshold - 1 is withheld. Zeros are published: "no review at this stage"
       names no State.
    2. Secondary: a row or column with exactly one withheld cell has its smallest other count withheld as well
       (a non-zero one first, the first of equals), so that its total, published or known (a group's size is),
       does not give the withheld count back. Repeated until no row or column has a lone withheld cell.
    """
    values = [list(row) for row in table]
    width = len(values[0]) if values else 0
    if any(len(row) != width for row in values):
        raise ValueError("every row of the table needs the same number of cells")
    if any(n < 0 for row in values for n in row):
        raise ValueError("counts cannot be negative")
    withheld = {(r, c) for r, row in enumerate(values) for c, n in enumerate(row) if 0 < n < threshold}
    lines = [[(r, c) for c in range(width)] for r in range(len(values))]
    lines += [[(r, c) for r in range(len(values))] for c in range(width)]
    changed = True
    while changed:  # each pass withholds at least one more cell, or ends
        changed = False
        for line in lines:
            shown = [cell for cell in line if cell not in withheld]
            if len(line) - len(shown) == 1 and shown:
                withheld.add(min(shown, key=lambda cell: (values[cell[0]][cell[1]] == 0, values[cell[0]][cell[1]])))
                changed = True
    return [[None if (r, c) in withheld else n for c, n in enumerate(row)] for r, row in enumerate(values)]


def publishable_total(total: int, threshold: int = MIN_PUBLISHED_COUNT) -> int | None:
    """A total as it may be published: withheld (None) from 1 to threshold - 1, like any count."""
    return None if 0 < total < threshold else total
