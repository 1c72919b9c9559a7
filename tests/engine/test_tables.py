"""Column tables: new rows hold the defaults whether the table grows or reuses rows, and a
caller's written columns are his to set."""

from __future__ import annotations

import numpy as np

from sim.engine.state import InvoiceTable
from sim.engine.tables import ClientTable, RequestTable, StaffTable


def _defaults_ok(table, rows: slice) -> None:
    for name, dtype in table.COLUMNS.items():
        want = np.zeros(rows.stop - rows.start, dtype=dtype)
        want[:] = table.DEFAULTS.get(name, 0)
        assert np.array_equal(getattr(table, name)[rows], want), name


def test_rows_added_to_a_table_that_never_removes_rows_hold_the_defaults_as_it_grows():
    for table in (ClientTable(capacity=3), StaffTable(capacity=1)):
        for count in (1, 2, 5, 9):  # past the capacity more than once
            rows = table.add(count)
            _defaults_ok(table, rows)
            for name in table.COLUMNS:  # the caller writes them, as the engine does
                getattr(table, name)[rows] = 3
        assert table.n == 17 and table.capacity >= 17
        for name, dtype in table.COLUMNS.items():  # and growing kept what they wrote
            assert (getattr(table, name)[: table.n] == np.array(3).astype(dtype)).all(), name


def test_a_compacting_table_resets_reused_rows_but_the_columns_its_caller_writes():
    for table in (RequestTable(capacity=4), InvoiceTable(capacity=4)):
        rows = table.add(4)
        for name in table.COLUMNS:
            getattr(table, name)[rows] = 5  # garbage once removed
        table.keep(np.array([False, True, False, False]))
        assert table.n == 1
        rows = table.add(3)
        _defaults_ok(table, rows)  # reused rows are reset
        for name in table.COLUMNS:
            getattr(table, name)[rows] = 5
        table.keep(np.array([True, False, False, False]))
        first = table._NAMES[0]
        rows = table.add(2, written=frozenset({first}))
        assert (getattr(table, first)[rows] == 5).all()  # left to the caller (still garbage)
        for name in table._NAMES[1:]:
            want = table.DEFAULTS.get(name, 0)
            assert (getattr(table, name)[rows] == want).all(), name
