"""The selection machinery shared by the v2 Quickstart and Object Query dialects: field
selection, related fields, expand, filter parse and evaluation, sort, keyset cursors and
pages, each parameterised by a `Dialect` (spelling, page sizes, error shape)."""
