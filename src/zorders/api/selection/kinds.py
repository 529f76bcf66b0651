"""The kinds of filterable fields: how a filter's literal is read and compared."""

from __future__ import annotations

from enum import Enum


class Kind(Enum):
    """How a filter's literal is read, and how a view's value is compared with it."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
