"""Tenant isolation of body references (issue 16 item 4): every property of every request
body in the OpenAPI document that names another object (an account number, an invoice id,
a plan id...), set to tenant B's object and sent with tenant A's token, is refused (400 or
404) or accepted without reaching B: B's rows stay as they were, no answer shows B's ids
and none of A's rows holds one.

The properties come from the document's request schemas (a name ending in id, number or
key), so a new route or field is covered without being listed here; a name this module
cannot place fails the test until it is given B's object (`REFERENCES`, `BY_PARENT`) or a
reason in `NOT_REFERENCES`.

Where a body is given a valid form for A (`TEMPLATES`), the same body naming A's own
object instead is sent too: it must be accepted, so the refusal of B's is the isolation's
and not the body's; and B's object may not be accepted where A's is, but for the fields
that number the new object itself (`own`)."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.api.test_isolation_matrix import _b_objects, _snapshot, _value
from tests.api.test_order_payment_methods import CARD
from tests.api.test_orders import NEW, create_subscription
from tests.conftest import Session, app_for
from zorders.bootstrap import Container
from zorders.domain.numbering import NumberKind
from zorders.storage.tables import TENANTLESS, jobs, metadata, tenants

SUFFIX = re.compile(r"(?i)(id|number|key)s?$")
Segments = tuple[str, ...]  # property names, "[]" for an array's items

# What a property names, by its name (lower case, underscores dropped): the key of the
# object in `_b_objects`.
REFERENCES = {
    **dict.fromkeys(
        [
            "accountkey",
            "accountnumber",
            "existingaccountnumber",
            "owneraccountnumber",
            "subscriptionowneraccountnumber",
            "invoiceowneraccountkey",
            "invoiceowneraccountnumber",
            "destinationaccountnumber",
            "destinationinvoiceaccountnumber",
        ],
        "account_number",
    ),
    **dict.fromkeys(["accountid", "parentaccountid", "invoiceowneraccountid"], "account_id"),
    **dict.fromkeys(
        ["billtocontactid", "soldtocontactid", "shiptocontactid", "billtoid", "soldtoid"],
        "contact_id",
    ),
    "subscriptionid": "subscription_id",
    "subscriptionnumber": "subscription_number",
    "relatedsubscriptionnumber": "subscription_number",
    **dict.fromkeys(["rateplanid", "subscriptionplanid", "previousplanid"], "rate_plan_id"),
    "subscriptionrateplannumber": "rate_plan_number",
    **dict.fromkeys(["chargeid", "rateplanchargeid"], "sub_charge_id"),
    **dict.fromkeys(["chargenumber", "subscriptionitemnumber"], "sub_charge_number"),
    **dict.fromkeys(["ordernumber", "originalordernumber"], "order_number"),
    "orderactionid": "action_id",
    "orderlineitemid": "item_id",
    **dict.fromkeys(["itemnumber", "originalorderlineitemnumber"], "item_number"),
    "invoiceid": "invoice_id",
    "invoicenumber": "invoice_number",
    **dict.fromkeys(["paymentmethodid", "defaultpaymentmethodid"], "method_id"),
    "productid": "product_id",
    "productnumber": "product_number",
    **dict.fromkeys(["productrateplanid", "planid"], "plan_id"),
    **dict.fromkeys(["productrateplannumber", "plannumber"], "plan_number"),
    **dict.fromkeys(["productrateplanchargeid", "priceid"], "charge_id"),
    "productrateplanchargenumber": "catalog_charge_number",
}
# Generic names, placed by the array or object holding them.
BY_PARENT = {("orderactions", "id"): "action_id", ("orderlineitems", "id"): "item_id"}
# Names that end like a reference and name nothing of a tenant's.
NOT_REFERENCES = {
    "number": "the new object's own number (a charge override's, a payment's)",
    "baid": "a payment method's gateway token",
    "mandateid": "a payment method's gateway token",
    "tokenid": "a payment method's gateway token",
    "secondtokenid": "a payment method's gateway token",
    "bankaccountnumber": "a bank account's number",
    "cardnumber": "a card's number",
    "creditcardmasknumber": "a card's masked number",
    "crmid": "the caller's own text",
    "externalid": "the caller's own text",
    "purchaseordernumber": "the caller's own text",
    "trackingnumber": "the caller's own text",
    "invoicegroupnumber": "the caller's own text",
    "communicationprofileid": "a Zuora settings object zorders keeps as text",
    "invoicetemplateid": "a Zuora settings object zorders keeps as text",
    "templateid": "a Zuora settings object zorders keeps as text",
    "paymentgatewayid": "a Zuora settings object zorders keeps as text",
    "sequencesetid": "a Zuora settings object zorders keeps as text",
}


def _norm(name: str) -> str:
    return name.lower().replace("_", "")


def reference_fields(spec: dict[str, Any]) -> Iterator[tuple[str, str, Segments]]:
    """(method, path, property) of every property of a JSON request body whose name ends
    in id, number or key, nested objects and arrays included."""
    schemas = spec["components"]["schemas"]

    def walk(schema: dict[str, Any], at: Segments, seen: frozenset[str]) -> Iterator[Segments]:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                yield from walk(schemas[name], at, seen | {name})
            return
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in schema.get(key, []):
                yield from walk(sub, at, seen)
        if "items" in schema:
            yield from walk(schema["items"], (*at, "[]"), seen)
        for name, sub in schema.get("properties", {}).items():
            if SUFFIX.search(name):
                yield (*at, name)
            yield from walk(sub, (*at, name), seen)

    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            media = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if media is not None:
                for found in sorted(set(walk(media["schema"], (), frozenset()))):
                    yield method.upper(), path, found


# The same, where the name means something else on one route.
NOT_REFERENCES_AT = {
    ("/v1/payment-methods", "accountnumber"): "a bank transfer's account number",
    ("/v1/payment-methods/{method_id}", "accountnumber"): "a bank account's number",
}


def kind_of(path: str, segments: Segments) -> str | None:
    """The object a property names; None for NOT_REFERENCES; KeyError if unplaced."""
    name = _norm(segments[-1])
    if (path, name) in NOT_REFERENCES_AT:
        return None
    parents = [_norm(s) for s in segments[:-1] if s != "[]"]
    placed = BY_PARENT.get((parents[-1] if parents else "", name))
    if placed is not None:
        return placed
    if name in NOT_REFERENCES:
        return None
    return REFERENCES[name]


# Names that say the same thing in other ways: a holder naming the object one way drops
# the others (`ratePlanId` would win over the `productRatePlanId` under test).
ALTERNATIVES = [
    {"accountid", "accountnumber", "accountkey"},
    {"invoiceowneraccountid", "invoiceowneraccountnumber", "invoiceowneraccountkey"},
    {
        "rateplanid",
        "subscriptionrateplannumber",
        "subscriptionplanid",
        "productrateplanid",
        "productrateplannumber",
        "planid",
        "plannumber",
    },
    {
        "chargenumber",
        "chargeid",
        "rateplanchargeid",
        "subscriptionitemnumber",
        "productrateplanchargeid",
        "priceid",
    },
    {"invoiceid", "invoicenumber"},
    {"productid", "productnumber"},
]


def _alternatives(name: str) -> set[str]:
    return next((group - {name} for group in ALTERNATIVES if name in group), set())


def set_at(body: dict[str, Any], segments: Segments, value: str) -> dict[str, Any]:
    """A copy of `body` with the property at `segments` set (the first item of an array),
    the objects and arrays on the way made where missing, and the holder's other names of
    the same sort of object dropped."""
    out = copy.deepcopy(body)
    node: Any = out
    for i, name in enumerate(segments[:-1]):
        if name == "[]":
            continue
        items = segments[i + 1] == "[]"
        child = node.get(name)
        if items:
            if not isinstance(child, list) or not child or not isinstance(child[0], dict):
                child = node[name] = [{}]
            node = child[0]
        else:
            if not isinstance(child, dict):
                child = node[name] = {}
            node = child
    others = _alternatives(_norm(segments[-1]))
    for other in [k for k in node if _norm(k) in others]:
        del node[other]
    node[segments[-1]] = value
    return out


def fit(body: dict[str, Any], segments: Segments) -> int:
    """How well a template is a form of the request a property belongs to: 2 when it holds
    the property (or another way of saying it), 1 when it holds the object that would,
    0 when not."""
    node: Any = body
    for i, name in enumerate(segments[:-1]):
        if name == "[]":
            continue
        child = node.get(name) if isinstance(node, dict) else None
        if segments[i + 1] == "[]":
            if not isinstance(child, list) or not child:
                return 0
            child = child[0]
        if not isinstance(child, dict):
            return 0
        node = child
    names = {segments[-1].lower().replace("_", "")} | _alternatives(_norm(segments[-1]))
    return 2 if any(_norm(k) in names for k in node) else 1


@dataclass(frozen=True)
class Template:
    make: Callable[[dict[str, str]], dict[str, Any]]  # a valid body for A, from A's objects
    # Names that number the new object itself, or that a new object does not take (K14):
    # B's value may be accepted there, as long as nothing of B's is reached.
    own: frozenset[str] = frozenset()


ORDER_DATE = "2025-01-01"
PREVIEW = {
    "previewOptions": {
        "previewThruType": "SpecificDate",
        "specificPreviewThruDate": "2025-03-01",
        "previewTypes": ["BillingDocs"],
    }
}
TRIGGERS = [{"name": "ContractEffective", "triggerDate": "2025-02-01"}]


def _order_templates(extra: dict[str, Any], *, committed: bool) -> list[Template]:
    """A new subscription on A's account, and a plan added to A's; and removed from it,
    where nothing is committed (a removal done cannot be done again)."""

    def new(a: dict[str, str]) -> dict[str, Any]:
        return {
            "orderDate": ORDER_DATE,
            "existingAccountNumber": a["account_number"],
            "subscriptions": [{"orderActions": [create_subscription()]}],
            **extra,
        }

    def amend(action: dict[str, Any]) -> Callable[[dict[str, str]], dict[str, Any]]:
        def make(a: dict[str, str]) -> dict[str, Any]:
            return {
                "orderDate": ORDER_DATE,
                "existingAccountNumber": a["account_number"],
                "subscriptions": [
                    {"subscriptionNumber": a["subscription_number"], "orderActions": [action]}
                ],
                **extra,
            }

        return make

    def remove(a: dict[str, str]) -> dict[str, Any]:
        action = {
            "type": "RemoveProduct",
            "triggerDates": TRIGGERS,
            "removeProduct": {"ratePlanId": a["rate_plan_id"]},
        }
        return amend(action)(a)

    add = {
        "type": "AddProduct",
        "triggerDates": TRIGGERS,
        "addProduct": {"productRatePlanNumber": "CLOUDDESK-PRO"},
    }
    own = frozenset({"ordernumber", "subscriptionnumber", "id"})  # an action's id: K14
    made = [Template(new, own), Template(amend(add), frozenset({"id"}))]
    return made if committed else [*made, Template(remove)]


def _payment(a: dict[str, str]) -> dict[str, Any]:
    return {
        "type": "External",
        "accountId": a["account_id"],
        "currency": "USD",
        "amount": 1,
        "effectiveDate": ORDER_DATE,
        "invoices": [{"invoiceId": a["invoice_id"], "amount": 1}],
    }


def _electronic(a: dict[str, str]) -> dict[str, Any]:
    return {
        "type": "Electronic",
        "accountId": a["account_id"],
        "currency": "USD",
        "amount": 1,
        "paymentMethodId": a["method_id"],
    }


def _card(a: dict[str, str]) -> dict[str, Any]:
    return {**CARD, "accountKey": a["account_number"]}


def _subscribe(a: dict[str, str]) -> dict[str, Any]:
    return {
        "accountKey": a["account_number"],
        "contractEffectiveDate": ORDER_DATE,
        "termType": "TERMED",
        "initialTerm": 12,
        "renewalTerm": 12,
        "autoRenew": False,
        "subscribeToRatePlans": [
            {
                "productRatePlanId": a["plan_id"],
                "chargeOverrides": [{"productRatePlanChargeId": a["charge_id"]}],
            }
        ],
    }


def _v2_order(a: dict[str, str]) -> dict[str, Any]:
    return {
        "order_date": ORDER_DATE,
        "account_number": a["account_number"],
        "subscriptions": [
            {
                "subscription_plans": [
                    {"plan_id": a["plan_id"], "prices": [{"price_id": a["charge_id"]}]}
                ],
                "initial_term": {"type": "termed", "interval": "month", "interval_count": 12},
                "renewal_term": {"type": "evergreen"},
                "start_on": {"contract_effective": ORDER_DATE},
            }
        ],
    }


def _v2_amend(a: dict[str, str]) -> dict[str, Any]:
    return {
        "order_date": ORDER_DATE,
        "account_id": a["account_id"],
        "subscriptions": [
            {
                "subscription_number": a["subscription_number"],
                "update_subscription_plans": [
                    {
                        "subscription_plan": {
                            "subscription_plan_id": a["rate_plan_id"],
                            "subscription_items": [
                                {"subscription_item_number": a["sub_charge_number"]}
                            ],
                        }
                    }
                ],
            }
        ],
    }


V2_OWN = frozenset({"ordernumber", "subscriptionnumber"})
TEMPLATES: dict[tuple[str, str], list[Template]] = {
    ("POST", "/v1/orders"): _order_templates({}, committed=True),
    ("POST", "/v1/async/orders"): _order_templates({}, committed=True),
    ("POST", "/v1/orders/preview"): _order_templates(PREVIEW, committed=False),
    ("POST", "/v1/async/orders/preview"): _order_templates(PREVIEW, committed=False),
    ("POST", "/v1/payments"): [Template(_payment), Template(_electronic)],
    ("PUT", "/v1/payments/{payment_key}/apply"): [
        Template(lambda a: {"effectiveDate": ORDER_DATE, "invoices": _payment(a)["invoices"]})
    ],
    ("POST", "/v1/payment-methods"): [Template(_card)],
    ("POST", "/v1/bill-runs"): [
        Template(
            lambda a: {
                "targetDate": "2025-02-01",
                "billRunFilters": [
                    {
                        "filterType": "Subscription",
                        "accountId": a["account_id"],
                        "subscriptionId": a["subscription_id"],
                    }
                ],
            }
        )
    ],
    ("POST", "/v1/subscriptions"): [Template(_subscribe, frozenset({"subscriptionnumber"}))],
    ("POST", "/v1/subscriptions/preview"): [
        Template(_subscribe, frozenset({"subscriptionnumber"}))
    ],
    ("PUT", "/v1/subscriptions/{subscription_key}"): [
        Template(
            lambda a: {
                "add": [{"productRatePlanId": a["plan_id"], "contractEffectiveDate": "2025-02-01"}]
            }
        ),
    ],
    ("POST", "/v1/fulfillments"): [
        Template(
            lambda a: {
                "fulfillments": [
                    {
                        "orderLineItemId": a["item_id"],
                        "fulfillmentDate": "2025-07-03",
                        "quantity": 1,
                        "fulfillmentType": "Delivery",
                    }
                ]
            }
        )
    ],
    ("POST", "/v2/orders"): [Template(_v2_order, V2_OWN), Template(_v2_amend)],
    ("POST", "/v2/orders/preview"): [Template(_v2_order, V2_OWN), Template(_v2_amend)],
}

B_NUMBERS_AFTER = 5_000_000
# The ids of B's objects: unique strings that may appear nowhere in A's answers or rows.
B_IDS = (
    "account_id",
    "contact_id",
    "subscription_id",
    "rate_plan_id",
    "sub_charge_id",
    "action_id",
    "invoice_id",
    "payment_id",
    "method_id",
    "bill_run_id",
    "product_id",
    "plan_id",
    "charge_id",
    "item_id",
    "fulfillment_id",
    "job_id",
)


def _takes_as_own(field: tuple[str, str, Segments]) -> bool:
    """Whether a route may take B's number as its new object's own: those go last, as
    from then on A has an object of that number too (and a reference to it is A's)."""
    method, path, segments = field
    return any(_norm(segments[-1]) in t.own for t in TEMPLATES.get((method, path), []))


@dataclass
class Tally:
    fields: int = 0
    same: int = 0  # B's object has A's number (catalog numbers): nothing to cross
    no_path: int = 0  # a path parameter with no object of A's
    sent: int = 0
    refused: int = 0
    controlled: int = 0  # refused while A's own object in the same body was accepted
    leaks: list[Any] = field(default_factory=list)
    uncontrolled: list[Any] = field(default_factory=list)
    unplaced: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Outcome:
    status_code: int
    text: str


def _send(client: TestClient, method: str, url: str, headers: dict[str, str], body: Any) -> Outcome:
    """A request's outcome: for an async job (202 and its `jobId`), the job's, which the
    client's worker has run by now: Failed is a refusal (400), Completed an acceptance."""
    answer = client.request(method, url, headers=headers, json=body)
    if answer.status_code != 202 or "jobId" not in answer.text:
        return Outcome(answer.status_code, answer.text)
    job = client.get(f"/v1/async-jobs/{answer.json()['jobId']}", headers=headers)
    status = job.json().get("status")
    assert status in ("Failed", "Completed"), job.text
    return Outcome(400 if status == "Failed" else 200, job.text)


def _rows_text(container: Container, tenant_id: str) -> str:
    parts = []
    with container.engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name in TENANTLESS:
                continue
            column = table.c.id if table is tenants else table.c.tenant_id
            # An async job's payload is its body as sent, whatever it names, and its result
            # is checked as the job's answer; what the job made is in the other rows.
            shown = [c for c in table.c if c not in (jobs.c.payload, jobs.c.result)]
            parts += map(repr, conn.execute(select(*shown).where(column == tenant_id)).all())
    return "\n".join(parts)


def test_no_body_reference_reaches_another_tenants_object(
    client: TestClient, container: Container, new_session: Callable[[], Session]
) -> None:
    a, b = new_session(), new_session()
    mine = _b_objects(client, a, container)
    with container.uow_factory() as uow:  # B's numbers start where A's will not reach
        for kind in NumberKind:
            if kind is not NumberKind.CATALOG_POSITION:
                uow.sequences.reserve_many(b.tenant_id, kind, B_NUMBERS_AFTER)
        uow.commit()
    theirs = _b_objects(client, b, container)
    b_ids = {theirs[k] for k in B_IDS}
    assert not b_ids & set(mine.values())
    with TestClient(app_for(container)) as reader:
        spec = reader.get("/openapi.json").json()
    before = _snapshot(container, b.tenant_id)
    tally = Tally()
    headers = a.headers | NEW
    a_rows: str | None = None  # A's rows as text, read again after A's accepted requests
    for method, path, segments in sorted(reference_fields(spec), key=_takes_as_own):
        tally.fields += 1
        try:
            kind = kind_of(path, segments)
        except KeyError:
            tally.unplaced.add(_norm(segments[-1]))
            continue
        if kind is None:
            continue
        if kind not in B_IDS and a_rows is None:
            a_rows = _rows_text(container, a.tenant_id)
        if theirs[kind] == mine[kind] or (kind not in B_IDS and repr(theirs[kind]) in a_rows):
            tally.same += 1  # A has something of that number as well: nothing to cross
            continue
        filled = {n: _value(path, n, mine) for n in re.findall(r"{([^}]+)}", path)}
        if None in filled.values():
            tally.no_path += 1
            continue
        url = path.format(**filled)
        templates = TEMPLATES.get((method, path), [])
        scored = [(fit(t.make(mine), segments), -i, t) for i, t in enumerate(templates)]
        best = max(scored, default=None, key=lambda x: x[:2])
        chosen = best[2] if best is not None and best[0] else None
        base = chosen.make(mine) if chosen else {}
        answer = _send(client, method, url, headers, set_at(base, segments, theirs[kind]))
        tally.sent += 1
        if answer.status_code < 300:
            a_rows = None  # A's rows may have changed
        shown = sorted(v for v in b_ids - {theirs[kind]} if v in answer.text)
        refused = answer.status_code in (400, 404)
        tally.refused += refused
        where = (method, url, ".".join(segments), answer.status_code, answer.text[:300])
        if answer.status_code >= 500 or shown or not (refused or answer.status_code < 300):
            tally.leaks.append(where)
            continue
        if chosen is None or _norm(segments[-1]) in chosen.own:
            continue  # no valid form for A; or A's own number, which A has taken
        control = _send(client, method, url, headers, set_at(base, segments, mine[kind]))
        a_rows = None if control.status_code < 300 else a_rows
        if control.status_code >= 300:  # A's own is refused too: the body is the fault
            tally.uncontrolled.append((*where[:3], control.text[:200]))
        elif refused:
            tally.controlled += 1
        else:
            tally.leaks.append(where)
    assert not tally.unplaced, f"reference names to place: {sorted(tally.unplaced)}"
    assert not tally.leaks, "\n".join(map(repr, tally.leaks))
    assert _snapshot(container, b.tenant_id) == before
    rows = _rows_text(container, a.tenant_id)
    found = {k: theirs[k] for k in B_IDS if theirs[k] in rows}
    assert not found, [
        (found, line[:400]) for line in rows.splitlines() if any(v in line for v in found.values())
    ]
    # The figures of the run (SQLite and PostgreSQL alike); a smaller one means fields or
    # templates were lost.
    assert tally.fields >= 500 and tally.sent >= 250 and tally.controlled >= 60, tally
