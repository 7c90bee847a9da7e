"""Portable SQL expressions the scoring queries need (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement):
    """Whole days from the second date to the first, as a float."""

    type = Float()
    inherit_cache = True


@compiles(days_between)
def _days_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)}))"


@compiles(days_between, "postgresql")
def _days_postgresql(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (
        f"CAST(({compiler.process(later, **kw)}) - ({compiler.process(earlier, **kw)}) AS DOUBLE PRECISION)"
    )
