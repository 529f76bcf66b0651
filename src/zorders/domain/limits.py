"""Domain limits (issue 8): the ranges every value the service accepts must lie in.

One table, checked at the edge (the JSON body decoder of every route, the catalog file
loader) before anything is stored, so that no accepted value can break a later read,
billing run or database write. A value outside is a `DomainError` naming the field
(category 20, invalid value); values inside were all accepted before, so stored rows need
no migration. Summary in docs/decisions.md, "Limits (issue 8)".

- Numbers: finite, at most 18 integer digits and 9 decimals (unit, tier and list prices,
  quantities; amounts are also held to their currency's minor unit where they are read).
  Exponent notation is accepted inside the limits and normalized (`1E+2` is `100`).
- Custom field numbers (`*__c`) keep every digit: up to 38 digits either side of the point.
- Quantities (the keys of `QUANTITY_KEYS`) are never negative.
- Dates (keys ending in `Date`): `YYYY-MM-DD` strings from 1900-01-01 to 9999-12-31; a JSON
  number is refused. Dates derived from them (term ends, charge ends) must stay inside.
- Terms: at most `MAX_TERM_PERIODS` of their period type (1,000 years).
- Billing target dates: at most `MAX_TARGET_YEARS_AHEAD` years after the tenant's today.
- Billing preview target dates: at most `MAX_PREVIEW_YEARS_AHEAD` years after today (Zuora's
  billing preview duration), with at most `MAX_ASSUMED_RENEWALS` assumed renewals each.
- v1 list pages: `page` at most `MAX_PAGE`; subscription versions in a path 1 to
  `MAX_VERSION`.
- Subscribe calls: at most `MAX_SUBSCRIBES_PER_CALL` items.
- Test-mode clock moves: at most `MAX_CLOCK_MOVE_YEARS` years ahead, never past 9999-12-31.
- Text: Zuora's documented maximum (`TEXT_LIMITS`), 255 characters where none is
  documented; no control characters but tab, newline and carriage return (NUL included).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from zorders.domain.errors import DomainError, ErrorCode

MAX_INTEGER_DIGITS: Final = 18
MAX_PERIOD_AMOUNT: Final = Decimal(10) ** MAX_INTEGER_DIGITS
MAX_DECIMALS: Final = 9
MIN_DATE: Final = date(1900, 1, 1)
MAX_DATE: Final = date(9999, 12, 31)
DEFAULT_TEXT_LENGTH: Final = 255
CUSTOM_NUMBER_DIGITS: Final = 38
# Term lengths (initialTerm, renewalTerm) by period type: 1,000 years of each.
MAX_TERM_PERIODS: Final[Mapping[str, int]] = {
    "Day": 365_250,
    "Week": 52_179,
    "Month": 12_000,
    "Year": 1_000,
}
# A billing target date (bill runs, runBilling, generate) is at most this far after today:
# billing walks every period up to it, so a far target would bill unboundedly many.
MAX_TARGET_YEARS_AHEAD: Final = 100
# `POST /v1/operations/billing-preview`: Zuora's "maximum supported preview duration is 20
# years"; an assumed renewal is a whole order applied in the preview's transaction, so a
# subscription renews at most this many times in one preview (SU3).
MAX_PREVIEW_YEARS_AHEAD: Final = 20
# v1 list pages (`page`): past it the row offset would overflow a database integer (issue 16).
MAX_PAGE: Final = 1_000_000
# A subscription version in a path: a database integer (found by the fuzz suite, issue 16).
MAX_VERSION: Final = 2_147_483_647
MAX_ASSUMED_RENEWALS: Final = 1_000
# `POST /v1/action/subscribe`: "You can create up to 50 different subscriptions in a single
# subscribe call" (Zuora's Actions reference; SU6).
MAX_SUBSCRIBES_PER_CALL: Final = 50
# A test-mode clock move (PUT /zorders/v1/clock, advance) goes at most this far past the
# tenant's current date, for the same reason: the work that falls due runs before it answers.
MAX_CLOCK_MOVE_YEARS: Final = 100
MAX_CLOCK_ADVANCE_DAYS: Final = 36_525
MAX_CLOCK_ADVANCE_MONTHS: Final = 1_200
# The longest time zone name a tenant takes (IANA names are at most 32 characters).
MAX_TIME_ZONE_CHARS: Final = 64


@dataclass(frozen=True)
class OrderLimits:
    """How many subscriptions and order actions one order may hold (spec §15); an order
    past them is refused before anything is stored."""

    subscriptions: int
    order_actions: int
    source: str


SYNC_ORDER_LIMITS: Final = OrderLimits(50, 50, "POST /v1/orders (spec §3.1, §15)")
# Zuora sends larger orders to the async endpoints (spec §6, §15).
ASYNC_ORDER_LIMITS: Final = OrderLimits(300, 300, "POST /v1/async/orders (spec §15)")


@dataclass(frozen=True)
class QueryLimits:
    """ZOQL and AQuA (issue 14): records per answer (Zuora: "limited to 2000 records"),
    queries per AQuA job and its name (Zuora: "32 character limit")."""

    default_batch_size: int
    max_batch_size: int
    max_query_chars: int
    max_job_queries: int
    max_job_name_chars: int


QUERY_LIMITS: Final = QueryLimits(2000, 2000, 20_000, 50, 32)


@dataclass(frozen=True)
class TextLimit:
    key: str  # the wire name (matched without regard to case: `Description` = `description`)
    max_length: int
    source: str  # where the maximum comes from


# Fields whose documented maximum is above the default of 255. Stricter per-field maxima
# (accountNumber 70, product Name 100...) are checked where those fields are read.
TEXT_LIMITS: Final[tuple[TextLimit, ...]] = (
    TextLimit("notes", 65_535, "Zuora account notes (order notes are 1000, spec §3.1)"),
    TextLimit("description", 500, "order, charge and product description (spec §3, §13.2)"),
    TextLimit("additionalEmailAddresses", 1_200, "Zuora account additionalEmailAddresses"),
    # ZOQL (issue 14, ZQ6): a query's text, and queryMore's locator, which carries it.
    TextLimit("queryString", 20_000, "ZOQL text of POST /v1/action/query (ours: ZQ6)"),
    TextLimit("query", 20_000, "ZOQL text of an AQuA query (ours: ZQ6)"),
    # The query text encoded (UTF-8, base64: at most 4 bytes a character, 4/3 the bytes).
    TextLimit("queryLocator", 120_000, "queryMore's locator (ours: ZQ3)"),
)
_TEXT_MAX: Final = {limit.key.lower(): limit.max_length for limit in TEXT_LIMITS}

# Keys holding quantities or unit counts: never negative.
QUANTITY_KEYS: Final = frozenset(
    {
        "quantity",
        "defaultquantity",
        "minquantity",
        "maxquantity",
        "includedunits",
        "startingunit",
        "endingunit",
        "prepaidquantity",
    }
)

# Order line items (issue 10): at most this many per order (and per bulk update).
MAX_LINE_ITEMS_PER_ORDER: Final = 100

# Order line item fields (`orderLineItems[]`, spec §8.2; the official client's
# CreateOrderOrderLineItem), by field name: their maximum lengths, checked by the v1
# schema (accounting codes: `accounting_code`). Numbers
# (quantity, listPricePerUnit, inlineDiscountPerUnit, amountPerUnit) are held to the
# number limits above; quantities are never negative.
LINE_ITEM_TEXT_LIMITS: Final[Mapping[str, int]] = {
    "item_name": 255,
    "item_number": 100,
    "description": 500,
    "product_code": 100,
    "product_rate_plan_charge_id": 36,
    "related_subscription_number": 100,
    "unique_token": 50,
    "original_order_number": 100,
    "original_order_line_item_number": 100,
    "owner_account_number": 70,
    "purchase_order_number": 100,
    "bill_to": 32,
    "ship_to": 32,
    "sold_to": 36,
    "tax_code": 100,
    "uom": 255,
    "currency": 3,
    "payment_term": 100,
    "invoice_template_id": 32,
    "sequence_set_id": 32,
    "invoice_group_number": 255,
    "communication_profile_id": 255,
    "accounting_code": 100,
    "revenue_recognition_rule": 50,
    "prepaid_uom": 50,
    # The official client's UpdateOrderLineItem (PUT, bulk update).
    "revenue_recognition_timing": 200,
    "revenue_amortization_method": 200,
}

# Control characters other than tab, newline and carriage return (C0, DEL and C1).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def limit_error(field: str, message: str) -> DomainError:
    return DomainError(ErrorCode.VALUE_OUT_OF_RANGE, f"'{field}': {message}", field)


def text_max_length(key: str) -> int:
    return _TEXT_MAX.get(key.lower(), DEFAULT_TEXT_LENGTH)


def is_date_key(key: str) -> bool:
    return key.endswith(("Date", "_date")) or key in ("date", "Date")


def check_text(value: str, field: str, max_length: int = DEFAULT_TEXT_LENGTH) -> str:
    if _CONTROL.search(value):
        raise limit_error(field, "control characters are not allowed")
    if len(value) > max_length:
        raise limit_error(field, f"at most {max_length} characters")
    return value


def check_number(value: Decimal | int, field: str, *, decimals: int = MAX_DECIMALS) -> Any:
    """The value normalized (`1E+2` -> `100`, `1.50` kept), or a DomainError."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if len(str(abs(value))) > MAX_INTEGER_DIGITS:
            raise limit_error(field, f"at most {MAX_INTEGER_DIGITS} integer digits")
        return value
    if not value.is_finite():
        raise limit_error(field, "must be a finite number")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if value.is_zero():
        return value if -MAX_DECIMALS <= exponent <= 0 else Decimal(0)
    integer_digits = value.adjusted() + 1
    if integer_digits > MAX_INTEGER_DIGITS:
        raise limit_error(field, f"at most {MAX_INTEGER_DIGITS} integer digits")
    if exponent > 0:
        return value.quantize(Decimal(1))
    significant = value.normalize().as_tuple().exponent
    assert isinstance(significant, int)
    if -significant > decimals:
        raise limit_error(field, f"at most {decimals} decimals")
    if -exponent > decimals:
        # Trailing zeros past the limit carry no value: drop them.
        return value.quantize(Decimal(1).scaleb(-decimals))
    return value


def check_custom_number(value: Decimal | int, field: str) -> Decimal | int:
    """Custom field numbers are not amounts: kept exactly as sent, up to 38 digits either
    side of the point (what a PostgreSQL NUMERIC and our canonical text both hold)."""
    if isinstance(value, int):
        value = Decimal(value) if len(str(abs(value))) > CUSTOM_NUMBER_DIGITS else value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise limit_error(field, "must be a finite number")
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)
        if not value.is_zero() and (
            value.adjusted() + 1 > CUSTOM_NUMBER_DIGITS or -exponent > CUSTOM_NUMBER_DIGITS
        ):
            raise limit_error(field, f"at most {CUSTOM_NUMBER_DIGITS} digits on each side")
    return value


def check_quantity(value: Decimal | int, field: str) -> Any:
    value = check_number(value, field)
    if value < 0:
        raise limit_error(field, "must not be negative")
    return value


def check_amount(value: Decimal, field: str, places: int) -> Decimal:
    """An amount in a currency with `places` decimals (payments, applications)."""
    checked: Decimal = check_number(value, field, decimals=places)
    return checked


def check_period_amount(value: Decimal, field: str) -> Decimal:
    """A charge's price for one period (price x quantity, tiers...): at most 18 integer
    digits, like any amount, although its price and quantity are each inside (L13)."""
    if abs(value) >= MAX_PERIOD_AMOUNT:
        raise limit_error(
            field,
            f"a charge's price for one billing period ({value:f}) has more than "
            f"{MAX_INTEGER_DIGITS} integer digits",
        )
    return value


def check_date(value: Any, field: str) -> date | None:
    """A `YYYY-MM-DD` string (or a date, from YAML) inside the range; None passes."""
    if value is None:
        return None
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise limit_error(field, f"'{value}' is not a date") from None
    else:
        raise limit_error(field, "a date must be a string in the format YYYY-MM-DD")
    check_date_range(day, field)
    return day


def check_date_range(day: date, field: str) -> date:
    if not MIN_DATE <= day <= MAX_DATE:
        raise limit_error(field, f"must be between {MIN_DATE} and {MAX_DATE}")
    return day


def check_term(period: int, period_type: str, field: str) -> int:
    high = MAX_TERM_PERIODS.get(period_type, MAX_TERM_PERIODS["Month"])
    if not 0 <= period <= high:
        raise limit_error(field, f"a term in {period_type}s is from 0 to {high}")
    return period


def check_target_date(
    target: date, today: date, field: str, years: int = MAX_TARGET_YEARS_AHEAD
) -> date:
    check_date_range(target, field)
    latest = date(min(today.year + years, MAX_DATE.year), today.month, min(today.day, 28))
    if target > latest:
        raise limit_error(field, f"at most {years} years after today ({latest})")
    return target


def is_date_overflow(error: Exception) -> bool:
    """Whether date arithmetic left the calendar (`year 10000 is out of range`)."""
    return isinstance(error, OverflowError) or (
        isinstance(error, ValueError) and "out of range" in str(error)
    )


def derived_date_error(field: str) -> DomainError:
    return limit_error(field, f"a date derived from it falls after {MAX_DATE}")


def check_document(value: Any, path: str = "") -> Any:
    """Every value of a decoded JSON (or YAML) document against the table; returns the
    document with numbers normalized. `path` names fields as `a.b[0].c`."""
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        for key, item in value.items():
            name = str(key)
            child = f"{path}.{name}" if path else name
            check_text(name, child)
            out[key] = _check_member(name, item, child)
        return out
    if isinstance(value, list):
        return [check_document(item, f"{path}[{i}]") for i, item in enumerate(value)]
    return _check_scalar("", value, path or "body")


def _check_member(key: str, value: Any, path: str) -> Any:
    if isinstance(value, dict):
        return check_document(value, path)
    if isinstance(value, list):
        return [_check_member(key, item, f"{path}[{i}]") for i, item in enumerate(value)]
    return _check_scalar(key, value, path)


def _check_scalar(key: str, value: Any, path: str) -> Any:
    if key and is_date_key(key):
        check_date(value, path)
        return value
    if isinstance(value, str):
        return check_text(value, path, text_max_length(key))
    if isinstance(value, float):
        # JSON constants (NaN, Infinity) and YAML floats that escaped the Decimal loader.
        return check_number(Decimal(str(value)), path)
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        if key.endswith("__c"):
            return check_custom_number(value, path)
        if key.lower() in QUANTITY_KEYS:
            return check_quantity(value, path)
        return check_number(value, path)
    return value
