"""Piccolo: `Table.raw(sql, *args)` fills `{}` with bound arguments."""
from piccolo.columns import Varchar
from piccolo.table import Table


class Band(Table):
    name = Varchar()


async def raw(name):
    # ok: sql-injection
    await Band.raw("SELECT id FROM band WHERE name = {}", name)
    # expect: sql-injection
    await Band.raw(f"SELECT id FROM band WHERE name = '{name}'")


async def unrelated(report, name):
    # ok: sql-injection
    await report.raw(f"SELECT id FROM band WHERE name = '{name}'")
