"""Tables of counts of States by regional group, as they may be shown (docs/followup.md).

Columns are the five regional groups in the UN order, then States in no group, then all States; rows are
in a fixed order given by the caller (articles by number, kinds in the list's order): never sorted by a
count (P 3(b)). The whole table, with its total column and total row, goes through
sherloc.registry.disclosure.suppress_small_cells: a count of 1 or 2 is withheld, and a second count in
any row or column with a lone withheld cell, so no total gives a withheld count back.
"""

from django.utils.translation import gettext as _

from sherloc.registry.disclosure import MIN_PUBLISHED_COUNT, suppress_small_cells
from sherloc.registry.enums import RegionalGroup

GROUPS = [g.value for g in RegionalGroup] + [""]


def group_labels() -> list[str]:
    return [str(g.label) for g in RegionalGroup] + [_("in no regional group"), _("all States")]


def count_table(rows: list[tuple[str, str]], pairs, *, total_label: str) -> dict:
    """rows: [(key, label)] in their fixed order; pairs: (row key, state id, regional group) triples.
    Counts distinct States per cell; returns {"columns", "rows": [{"key", "label", "cells"}], "total"}."""
    sets = {key: [set() for _g in GROUPS] for key, _label in rows}
    everyone = [set() for _g in GROUPS]
    for key, state_id, group in pairs:
        if key not in sets:
            continue
        column = GROUPS.index(group or "") if (group or "") in GROUPS else len(GROUPS) - 1
        sets[key][column].add(state_id)
        everyone[column].add(state_id)

    def line(cells):
        counts = [len(c) for c in cells]
        return counts + [sum(counts)]  # a State is in one group: the total is the sum

    matrix = [line(sets[key]) for key, _label in rows] + [line(everyone)]
    shown = suppress_small_cells(matrix) if matrix else []
    return {
        "columns": group_labels(),
        "rows": [{"key": key, "label": label, "cells": shown[i]} for i, (key, label) in enumerate(rows)],
        "total": {"label": total_label, "cells": shown[-1] if shown else []},
        "threshold": MIN_PUBLISHED_COUNT,
    }
