"""Issue 10, hole 9: suppress_small_cells, the disclosure control of every published count of States."""

import itertools

import pytest

from sherloc.registry.disclosure import MIN_PUBLISHED_COUNT, publishable_total, suppress_small_cells


def test_the_threshold_is_three():
    assert MIN_PUBLISHED_COUNT == 3


def test_counts_of_three_and_more_and_zeros_are_published_as_they_are():
    assert suppress_small_cells([[0, 3, 10], [5, 0, 4]]) == [[0, 3, 10], [5, 0, 4]]


def test_counts_of_one_and_two_are_withheld():
    assert suppress_small_cells([[1, 2, 5, 7], [3, 4, 5, 6], [2, 1, 8, 9]]) == [
        [None, None, 5, 7],
        [3, 4, 5, 6],
        [None, None, 8, 9],
    ]


def test_a_lone_withheld_cell_in_a_row_takes_the_smallest_other_count_with_it():
    """The row total 2 + 5 + 9 = 16 is known (a group's size): withholding 2 alone would give it back."""
    assert suppress_small_cells([[2, 9, 5]]) == [[None, 9, None]]


def test_a_non_zero_count_is_taken_before_a_zero_and_the_first_of_equals():
    assert suppress_small_cells([[1, 0, 4, 4]]) == [[None, 0, None, 4]]


def test_only_zeros_left_a_zero_is_withheld():
    assert suppress_small_cells([[0, 2, 0]]) == [[None, None, 0]]


def test_a_lone_withheld_cell_in_a_column_takes_another_with_it_and_the_rows_follow():
    table = [
        [2, 5, 6],
        [4, 7, 8],
    ]
    # row 0: 2 alone → 5 too; column 0: 2 alone → 4 too; column 1: 5 alone → 7 too; row 1: 4 and 7, two: stop
    assert suppress_small_cells(table) == [[None, None, 6], [None, None, 8]]


def test_a_single_cell_table():
    assert suppress_small_cells([[1]]) == [[None]]
    assert suppress_small_cells([[3]]) == [[3]]
    assert suppress_small_cells([]) == []


def test_another_threshold():
    assert suppress_small_cells([[4, 5, 6, 9]], threshold=5) == [[None, None, 6, 9]]


def test_ragged_or_negative_tables_are_refused():
    with pytest.raises(ValueError, match="same number of cells"):
        suppress_small_cells([[1, 2], [3]])
    with pytest.raises(ValueError, match="negative"):
        suppress_small_cells([[-1, 5]])


def test_totals_below_the_threshold_are_withheld():
    assert [publishable_total(n) for n in (0, 1, 2, 3, 60)] == [0, None, None, 3, 60]


def test_no_row_or_column_ever_has_a_lone_withheld_cell_nor_a_published_small_count():
    """Every 2 × 3 table of counts 0–3: the two properties the public pages rely on."""
    for cells in itertools.product(range(4), repeat=6):
        published = suppress_small_cells([list(cells[:3]), list(cells[3:])])
        lines = published + [list(column) for column in zip(*published, strict=True)]
        assert all(n is None or n == 0 or n >= 3 for line in lines for n in line), cells
        assert all(sum(n is None for n in line) != 1 for line in lines), cells
