"""Database expressions the apps share: computed natively by SQLite and PostgreSQL alike."""

from __future__ import annotations

from django.db.models import FloatField, Func


class SecondsBetween(Func):
    """Seconds from the second datetime to the first, computed natively by the database (on
    SQLite, Django's own datetime subtraction calls back into Python for every row)."""

    arity = 2
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
            **extra,
        )
