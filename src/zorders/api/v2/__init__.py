"""The v2 "Quickstart" dialect (snake_case, spec §12): a sibling translator of `api/v1`.

- `errors`: the v2 error body; `V2Error` for v2 code to raise, and the one table from a
  DomainError's category (and a few codes) to (HTTP status, v2 type, v2 code).
- `query`: `fields[]`, `<related>.fields[]`, `expand[]`, `filter[]`, `sort[]`,
  `page_size`, `cursor` / `next_page`, the one mechanism every v2 route uses.

This package imports only `api.error_table`, `api.wire` and the domain, so that
`api.errors` and `api.handlers` can import it.
"""
