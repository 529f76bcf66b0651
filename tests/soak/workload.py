"""The soak's driver (issue 16, item 7): clients over real HTTP, the mix, and a record of
what each request was and what it answered.

Every order names its own order number and, when it creates one, its subscription's and
its new account's numbers. So each subscription version in the database traces back to
the exact body that made it, whether its answer arrived or not, and a replay on another
tenant sends the same bodies (only catalog ids differ between tenants: `@NUMBER` in a
body stands for the id of the catalog charge numbered NUMBER).

Dates are fixed: the tenants' clocks stand on FROZEN_AT, orders are dated ORDER_DATE and
every billing (an order's runBilling and every bill run) is to TARGET_DATE. Each order
bills its subscription in its own transaction, so a bill run has nothing of an ordered
subscription left to bill: what a bill run posts for one is a race, and shows as a
difference from the sequential replay, which has no bill runs.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx2 as httpx
import simplejson

FROZEN_AT = datetime(2025, 1, 15, 12, tzinfo=UTC)
ORDER_DATE = "2025-01-01"
TARGET_DATE = "2025-03-01"
# Effective dates of amendments: on bill cycle day 1 and inside periods (prorated); none
# before 2025-01-10, the latest day a subscription starts on.
EFFECTIVE = ("2025-01-15", "2025-02-01", "2025-02-10", "2025-03-01", "2025-04-01")
NEW = {"Zuora-Version": "223.0"}
# The mix: kind and weight. amend_hot picks one of a few subscriptions every client
# amends (real contention on one row); amend picks any subscription made so far.
MIX = {"new_subscription": 20, "amend_hot": 35, "amend": 15, "payment": 22, "bill_run": 8}
HOT_SUBSCRIPTIONS = 6
# Quantity changes of hot subscriptions: inside February, which runBilling has billed.
HOT_CHANGES_ON = "2025-02-10"
POOL_ACCOUNTS = 6
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Sent:
    """An order as sent: `actions` for `subscription`, on account `account`, which the
    order opens when `new_account`."""

    number: str
    subscription: str
    account: str
    new_account: bool
    actions: tuple[dict[str, Any], ...]


def account_body(number: str) -> dict[str, Any]:
    return {
        "accountNumber": number,
        "name": f"Soak {number}",
        "currency": "USD",
        "billCycleDay": 1,
        "billToContact": {"firstName": "Ada", "lastName": "Lovelace", "postalCode": "94105"},
    }


def _resolve(value: Any, charge_ids: Mapping[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _resolve(v, charge_ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, charge_ids) for v in value]
    if isinstance(value, str) and value.startswith("@"):
        return charge_ids[value[1:]]
    return value


def order_body(sent: Sent, charge_ids: Mapping[str, str]) -> dict[str, Any]:
    """The request for `sent` on a tenant whose catalog charges have `charge_ids`."""
    item: dict[str, Any] = {"orderActions": list(sent.actions)}
    if sent.actions[0]["type"] != "CreateSubscription":
        item["subscriptionNumber"] = sent.subscription
    body: dict[str, Any] = {
        "orderDate": ORDER_DATE,
        "orderNumber": sent.number,
        "subscriptions": [item],
        "processingOptions": {"runBilling": True, "billingOptions": {"targetDate": TARGET_DATE}},
    }
    if sent.new_account:
        body["newAccount"] = account_body(sent.account)
    else:
        body["existingAccountNumber"] = sent.account
    resolved: dict[str, Any] = _resolve(body, charge_ids)
    return resolved


def _dated(kind: str, day: str, payload: dict[str, Any]) -> dict[str, Any]:
    key = kind[0].lower() + kind[1:]
    return {
        "type": kind,
        "triggerDates": [{"name": "ContractEffective", "triggerDate": day}],
        key: payload,
    }


def create_action(number: str, rng: random.Random) -> dict[str, Any]:
    seats = {
        "productRatePlanChargeId": "@CLOUDDESK-BASIC-SEATS",
        "pricing": {"recurringPerUnit": {"quantity": rng.randint(1, 12)}},
    }
    plans: list[dict[str, Any]] = [
        {"productRatePlanNumber": "CLOUDDESK-BASIC", "chargeOverrides": [seats]}
    ]
    if rng.random() < 0.4:
        plans.append({"productRatePlanNumber": "CLOUDDESK-STORAGE"})
    return _dated(
        "CreateSubscription",
        rng.choice(("2025-01-01", "2025-01-10")),
        {
            "subscriptionNumber": number,
            "terms": {
                "initialTerm": {"termType": "TERMED", "period": 12, "periodType": "Month"},
                "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
                "renewalTerms": [{"period": 12, "periodType": "Month"}],
                "autoRenew": True,
            },
            "subscribeToRatePlans": plans,
        },
    )


def _quantity(plan: str, charge: str, quantity: int) -> dict[str, Any]:
    update = {
        "productRatePlanChargeId": f"@{charge}",
        "pricing": {"recurringPerUnit": {"quantity": quantity}},
    }
    return {"productRatePlanNumber": plan, "chargeUpdates": [update]}


def amend_actions(rng: random.Random, seats_on: str | None = None) -> tuple[dict[str, Any], ...]:
    """One or two amendments; some do not fit the version they meet (a plan it lacks or
    has twice, a change dated before the charge's current segment), which the service
    refuses with a business error, as it would in the replay. `seats_on`: the one date of
    every seats change (a hot subscription's, which never moves past it, so each such
    change fits whatever came before)."""
    day = rng.choice(EFFECTIVE)
    seats_day = seats_on or day
    roll = rng.random()
    if roll < 0.45:
        seats = _quantity("CLOUDDESK-BASIC", "CLOUDDESK-BASIC-SEATS", rng.randint(1, 30))
        action = _dated("UpdateProduct", seats_day, seats)
    elif roll < 0.60:
        action = _dated("AddProduct", day, {"productRatePlanNumber": "CLOUDDESK-SUPPORT"})
    elif roll < 0.75:
        action = _dated("RemoveProduct", day, {"productRatePlanNumber": "CLOUDDESK-SUPPORT"})
    elif roll < 0.85:
        gb = _quantity("CLOUDDESK-STORAGE", "CLOUDDESK-STORAGE-GB", rng.choice((50, 150, 1500)))
        action = _dated("UpdateProduct", seats_on or day, gb)
    elif roll < 0.93:
        action = _dated("AddProduct", day, {"productRatePlanNumber": "CLOUDDESK-STORAGE"})
    else:
        action = _dated("RemoveProduct", day, {"productRatePlanNumber": "CLOUDDESK-STORAGE"})
    if rng.random() < 0.15:
        seats = _quantity("CLOUDDESK-BASIC", "CLOUDDESK-BASIC-SEATS", rng.randint(1, 30))
        return (action, _dated("UpdateProduct", seats_on or rng.choice(EFFECTIVE), seats))
    return (action,)


def loads(text: str) -> Any:
    """JSON with every number a Decimal (money is never a float here)."""
    return simplejson.loads(text, use_decimal=True)


def _reason(response: httpx.Response) -> tuple[str, str]:
    """The first reason's code and message."""
    try:
        reason = (loads(response.text).get("reasons") or [{}])[0]
        return str(reason.get("code", "")), str(reason.get("message", ""))
    except (ValueError, AttributeError):
        return "", response.text[:200]


@dataclass
class Record:
    """What the clients did: statuses by kind, the failures (5xx, a dropped connection),
    the business refusals by code, and every order sent and how it ended."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    refusals: Counter[tuple[str, int, str]] = field(default_factory=Counter)
    # One message of each refusal code.
    examples: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    sent: dict[str, Sent] = field(default_factory=dict)
    succeeded: set[str] = field(default_factory=set)
    unknown: set[str] = field(default_factory=set)
    # (subscription number, account number) of every subscription made.
    subscriptions: list[tuple[str, str]] = field(default_factory=list)
    accounts: list[tuple[str, str]] = field(default_factory=list)
    bill_runs: list[str] = field(default_factory=list)

    def count(self, kind: str, response: httpx.Response | None, note: str = "") -> bool:
        """Counts the answer; True for a success (2xx with no `success: false`)."""
        status = 0 if response is None else response.status_code
        ok = False
        with self.lock:
            self.statuses[kind, status] += 1
            if response is None or status >= 500:
                self.failures.append(
                    f"{kind} {status} {note} {'' if response is None else response.text[:300]}"
                )
            elif status >= 300 or '"success":false' in response.text[:200]:
                code, message = _reason(response)
                self.refusals[kind, status, code] += 1
                self.examples.setdefault(code, message)
            else:
                ok = True
        return ok


class Workload:
    """`clients` threads, each with its own connection, sending the mix for `seconds`."""

    def __init__(
        self,
        base_url: str,
        headers: Mapping[str, str],
        charge_ids: Mapping[str, str],
        *,
        clients: int,
        seconds: float,
        seed: int = 16,
    ) -> None:
        self.base_url = base_url
        self.headers = dict(headers)
        self.charge_ids = dict(charge_ids)
        self.clients = clients
        self.seconds = seconds
        self.seed = seed
        self.record = Record()
        self.hot: list[tuple[str, str]] = []
        self.crashes: list[BaseException] = []

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, headers=self.headers | NEW, timeout=120)

    def call(
        self, http: httpx.Client, kind: str, method: str, path: str, body: Any = None
    ) -> httpx.Response | None:
        content = None if body is None else simplejson.dumps(body, use_decimal=True)
        try:
            return http.request(
                method, path, content=content, headers={"Content-Type": "application/json"}
            )
        except httpx.HTTPError as err:
            self.record.count(kind, None, f"{type(err).__name__}: {err}")
            return None

    def order(self, http: httpx.Client, kind: str, sent: Sent) -> dict[str, Any] | None:
        """Sends `sent`; its answer when it succeeded."""
        with self.record.lock:
            self.record.sent[sent.number] = sent
        response = self.call(http, kind, "POST", "/v1/orders", order_body(sent, self.charge_ids))
        if response is None:
            with self.record.lock:
                self.record.unknown.add(sent.number)
            return None
        if not self.record.count(kind, response, sent.number):
            return None
        with self.record.lock:
            self.record.succeeded.add(sent.number)
        answer: dict[str, Any] = loads(response.text)
        return answer

    # -- set-up ------------------------------------------------------------------------

    def setup(self) -> None:
        """The pool accounts and the hot subscriptions every client amends."""
        rng = random.Random(self.seed)
        with self.client() as http:
            for i in range(POOL_ACCOUNTS):
                number = f"SA-POOL-{i:02d}"
                response = self.call(http, "setup", "POST", "/v1/accounts", account_body(number))
                assert response is not None and self.record.count("setup", response), number
                self.record.accounts.append((number, loads(response.text)["accountId"]))
            for i in range(HOT_SUBSCRIPTIONS):
                number = f"SS-HOT-{i:02d}"
                account = self.record.accounts[i % POOL_ACCOUNTS][0]
                sent = Sent(
                    f"SO-HOT-{i:02d}", number, account, False, (create_action(number, rng),)
                )
                assert self.order(http, "setup", sent), number
                self.hot.append((number, account))
                self.record.subscriptions.append((number, account))

    # -- the mix -----------------------------------------------------------------------

    def run(self) -> None:
        deadline = time.monotonic() + self.seconds
        threads = [
            threading.Thread(target=self._client, args=(i, deadline), name=f"soak-{i}")
            for i in range(self.clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def _client(self, index: int, deadline: float) -> None:
        rng = random.Random(self.seed * 1000 + index)
        kinds, weights = list(MIX), list(MIX.values())
        try:
            with self.client() as http:
                n = 0
                while time.monotonic() < deadline:
                    n += 1
                    step = getattr(self, f"_{rng.choices(kinds, weights)[0]}")
                    step(http, rng, f"{index:02d}-{n:05d}")
        except BaseException as err:  # a fault of the driver: surfaced by the test
            with self.record.lock:
                self.crashes.append(err)

    def _new_subscription(self, http: httpx.Client, rng: random.Random, tag: str) -> None:
        number = f"SS-{tag}"
        new_account = rng.random() < 0.3
        with self.record.lock:
            # Only pool accounts take a second subscription: an account an order opened
            # owns that order's subscription alone, so the replay needs no order between
            # subscriptions, only within each.
            account = (
                f"SA-{tag}" if new_account else rng.choice(self.record.accounts[:POOL_ACCOUNTS])[0]
            )
        sent = Sent(f"SO-{tag}", number, account, new_account, (create_action(number, rng),))
        answer = self.order(http, "new_subscription", sent)
        if answer is None:
            return
        with self.record.lock:
            self.record.subscriptions.append((number, account))
            if new_account:
                owner = answer["subscriptions"][0]["subscriptionOwnerId"]
                self.record.accounts.append((account, owner))

    def _amend_hot(self, http: httpx.Client, rng: random.Random, tag: str) -> None:
        sub, account = rng.choice(self.hot)
        actions = amend_actions(rng, seats_on=HOT_CHANGES_ON)
        self.order(http, "amend_hot", Sent(f"SO-{tag}", sub, account, False, actions))

    def _amend(self, http: httpx.Client, rng: random.Random, tag: str) -> None:
        with self.record.lock:
            sub, account = rng.choice(self.record.subscriptions)
        actions = amend_actions(rng, HOT_CHANGES_ON if (sub, account) in self.hot else None)
        self.order(http, "amend", Sent(f"SO-{tag}", sub, account, False, actions))

    def _payment(self, http: httpx.Client, rng: random.Random, tag: str) -> None:
        """An External payment: applied to one open invoice (all of its balance or part),
        or, one time in five, left unapplied on the account."""
        with self.record.lock:
            number, account_id = rng.choice(self.record.accounts)
        body: dict[str, Any] = {
            "type": "External",
            "accountId": account_id,
            "currency": "USD",
            "effectiveDate": "2025-01-15",
            "comment": f"soak {tag}",
        }
        listed = self.call(http, "read", "GET", f"/v1/transactions/invoices/accounts/{number}")
        if listed is None or not self.record.count("read", listed):
            return
        open_ = [i for i in loads(listed.text)["invoices"] if i["balance"] > 0]
        if open_ and rng.random() < 0.8:
            invoice = rng.choice(open_)
            balance: Decimal = invoice["balance"]
            part = max(CENT, (balance / 2).quantize(CENT))
            amount = balance if rng.random() < 0.5 else part
            body |= {"amount": amount, "invoices": [{"invoiceId": invoice["id"], "amount": amount}]}
        else:
            body["amount"] = rng.choice((Decimal("5.00"), Decimal("20.00")))
        response = self.call(http, "payment", "POST", "/v1/payments", body)
        if response is not None:
            self.record.count("payment", response, tag)

    def _bill_run(self, http: httpx.Client, rng: random.Random, tag: str) -> None:
        """A bill run to TARGET_DATE: of one account, or (one time in five) of all."""
        body: dict[str, Any] = {"name": f"soak {tag}", "targetDate": TARGET_DATE, "autoPost": True}
        if rng.random() < 0.8:
            with self.record.lock:
                account_id = rng.choice(self.record.accounts)[1]
            body["billRunFilters"] = [{"filterType": "Account", "accountId": account_id}]
        response = self.call(http, "bill_run", "POST", "/v1/bill-runs", body)
        if response is not None and self.record.count("bill_run", response, tag):
            with self.record.lock:
                self.record.bill_runs.append(loads(response.text)["id"])

    # -- after the load ----------------------------------------------------------------

    def drain(self, timeout: float) -> Counter[str]:
        """Waits for every bill run to finish on the worker; their final statuses."""
        finished: dict[str, str] = {}
        deadline = time.monotonic() + timeout
        with self.client() as http:
            while len(finished) < len(self.record.bill_runs) and time.monotonic() < deadline:
                for run_id in self.record.bill_runs:
                    if run_id in finished:
                        continue
                    response = http.get(f"/v1/bill-runs/{run_id}")
                    assert response.status_code == 200, response.text
                    status = loads(response.text)["status"]
                    if status not in ("Pending", "Processing"):
                        finished[run_id] = status
                time.sleep(0.2)
        pending = len(self.record.bill_runs) - len(finished)
        return Counter(finished.values()) + Counter({"unfinished": pending} if pending else {})
