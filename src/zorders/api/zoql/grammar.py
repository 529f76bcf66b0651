"""ZOQL's grammar (Zuora's "ZOQL" page): `select F, ... from Object [where C]`, keywords
in any case (the page asks for lower case but calls queries case-insensitive; ZQ2),
`and` binding tighter than `or`, parentheses; values are single-quoted strings with
backslash escapes, numbers, `true` / `false`, `null` and dates or datetimes (quoted or
not). The parse is a small tree of frozen values.

The parser is built on the first query, not at import: lark and the LALR tables cost a
tenth of a second that a server start need not pay (PF64)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

_GRAMMAR = r"""
start: "select"i fields "from"i NAME ("where"i _condition)?
fields: NAME ("," NAME)*
_condition: or_
?or_: and_ ("or"i and_)*
?and_: _atom ("and"i _atom)*
_atom: comparison | null_test | "(" _condition ")"
comparison: NAME COMPARATOR value
null_test: NAME "is"i NOT? "null"i
NOT: "not"i
COMPARATOR: "<=" | ">=" | "!=" | "=" | "<" | ">" | "like"i
?value: STRING -> string
      | DATETIME -> bare_date
      | NUMBER -> number
      | "true"i -> true
      | "false"i -> false
      | "null"i -> null
STRING: /'(?:[^'\\]|\\.)*'/s
DATETIME.2: /\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?/
NUMBER: /-?\d+(\.\d+)?/
NAME: /[A-Za-z_][A-Za-z0-9_]*/
%import common.WS
%ignore WS
"""


@dataclass(frozen=True)
class Literal:
    """A value as written: `text` for quoted strings (escapes resolved; `raw` keeps the
    body between the quotes, for `like` patterns), a Decimal, a bool or None."""

    value: str | Decimal | bool | None
    quoted: bool = False
    raw: str | None = None
    bare_date: bool = False


@dataclass(frozen=True)
class Compare:
    field: str
    comparator: str
    literal: Literal


@dataclass(frozen=True)
class NullTest:
    field: str
    negated: bool


@dataclass(frozen=True)
class Both:
    """`and` (conjunction) or `or` of the parts."""

    conjunction: bool
    parts: tuple[Any, ...]


@dataclass(frozen=True)
class Select:
    fields: tuple[str, ...]
    object_name: str
    where: Compare | NullTest | Both | None


class ZoqlSyntaxError(ValueError):
    pass


def unescape(body: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", "t": "\t", "r": "\r"}.get(nxt, nxt))
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


@cache
def _parser() -> Callable[[str], Select]:
    """Text to tree: the LALR parser and the transformer, made once."""
    from lark import Lark, Token, Transformer, v_args

    @v_args(inline=True)
    class _ToTree(Transformer[Token, Select]):
        def start(self, fields: tuple[str, ...], name: Token, where: Any = None) -> Select:
            return Select(fields, str(name), where)

        def fields(self, *names: Token) -> tuple[str, ...]:
            return tuple(str(n) for n in names)

        def or_(self, *parts: Any) -> Both:
            return Both(False, parts)

        def and_(self, *parts: Any) -> Both:
            return Both(True, parts)

        def comparison(self, name: Token, comparator: Token, literal: Literal) -> Compare:
            return Compare(str(name), str(comparator).lower(), literal)

        def null_test(self, name: Token, *rest: Token) -> NullTest:
            return NullTest(str(name), negated=bool(rest))

        def string(self, token: Token) -> Literal:
            body = str(token)[1:-1]
            return Literal(unescape(body), quoted=True, raw=body)

        def bare_date(self, token: Token) -> Literal:
            return Literal(str(token), bare_date=True)

        def number(self, token: Token) -> Literal:
            return Literal(Decimal(str(token)))

        def true(self) -> Literal:
            return Literal(True)

        def false(self) -> Literal:
            return Literal(False)

        def null(self) -> Literal:
            return Literal(None)

    lalr = Lark(_GRAMMAR, parser="lalr")
    return lambda text: _ToTree().transform(lalr.parse(text))


def parse(text: str) -> Select:
    parse_text = _parser()
    from lark.exceptions import LarkError

    try:
        return parse_text(text)
    except LarkError as error:
        raise ZoqlSyntaxError(str(error)) from error
