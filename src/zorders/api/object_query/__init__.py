"""Zuora's Object Query dialect (`GET /object-query/{objects}[/{key}]`, issue 14): the
shared selection machinery (`api/selection/`) with lowerCamel fields matched whatever
their case, `pageSize` 1..50 (default 10), `nextPage`, and v1 errors; lists pushed into
SQL (`services/object_query.py`) so that a page costs O(page)."""
