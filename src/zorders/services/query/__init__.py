"""Queries over a tenant's objects (issue 14): the typed query a dialect compiles its
language into (ZOQL today), run page by page through the query port."""
