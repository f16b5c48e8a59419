"""Database expressions the apps share: computed natively by SQLite and PostgreSQL alike."""

from __future__ import annotations

from django.db.models import FloatField, Func


class SecondsBetween(Func):
    """Seconds from the second datetime to the first, computed natively by the database (on
    SQLite, Django's own datetime subtraction calls back into Python for every row).

    SQLite keeps julianday() to the millisecond but as a day fraction, so the difference comes
    out a hair off (exactly 15 minutes reads 899.99998 seconds); rounding to the millisecond
    gives back the exact figure that limits and bucket boundaries compare against."""

    arity = 2
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="ROUND((julianday(%(expressions)s)) * 86400.0, 3)",
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
