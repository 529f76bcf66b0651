"""What differs between the dialects that share the selection machinery (v2 Quickstart,
Object Query): parameter spellings, page sizes, the name of the next page's key, whether
field names fold case, and how a bad parameter is answered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

OPERATORS = ("EQ", "NE", "LT", "GT", "LE", "GE", "SW", "IN")

# (problem code, query parameter, message) -> the exception the dialect answers with.
# Problem codes: `invalid_parameter`, `invalid_parameter_integer`.
ErrorFactory = Callable[[str, str | None, str], Exception]


@dataclass(frozen=True)
class Dialect:
    name: str
    error: ErrorFactory
    page_size_parameter: str = "page_size"
    default_page_size: int = 30
    max_page_size: int = 99
    next_page_key: str = "next_page"
    operators: tuple[str, ...] = OPERATORS
    # Field names in a filter, as a regex character class.
    field_chars: str = "a-z_0-9."
    # Field names are matched whatever their case (Object Query: "case-insensitive").
    fold_case: bool = False
    # Other parameters that select the top-level fields besides `fields[]`
    # (Object Query's `account.fields[]` on /object-query/accounts).
    self_fields: tuple[str, ...] = ()
    default_direction_descending: bool = True

    def bad(
        self, parameter: str | None, message: str, code: str = "invalid_parameter"
    ) -> Exception:
        return self.error(code, parameter, message)
