"""The benchmark of issue 10: seed a district's years of cases, then time the pages people use.

Not part of the test suite: run it with `make bench` (SQLite, 100,000 cases) or with
`DATABASE_URL=postgres://... make bench BENCH_ARGS=--million` (PostgreSQL, 1,000,000 cases)."""
