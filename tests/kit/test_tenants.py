"""The plugin's fixtures as a team's suite sees them: they are listed, each test gets a
tenant of its own that is gone afterwards, a clock moves only its tenant, and the marker
and ini options make tenants as they say."""

from __future__ import annotations

import sys

import pytest

from tests.kit.conftest import DEMO_CATALOG, RECORD, can_sign_in, records


def test_the_fixtures_and_the_marker_are_listed(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_nothing="def test_nothing(): pass")
    fixtures = inner.runpytest("--fixtures")
    for name, doc in [
        ("zorders_server [[]session scope[]]", "The server every tenant of the session lives on."),
        ("zuora_tenant_factory", "`make(**options)`: a new tenant*"),
        ("zuora_tenant", "A tenant of the test's own, made as its `zuora_tenant` marker says."),
        ("zuora_client", "Zuora's official Python client*"),
    ]:
        fixtures.stdout.fnmatch_lines([f"{name} -- *zorders/testing/plugin.py:*", f"    {doc}"])
    markers = inner.runpytest("--markers")
    markers.stdout.fnmatch_lines(["@pytest.mark.zuora_tenant(catalog=None, now=None, *"])
    options = inner.runpytest("--help")
    options.stdout.fnmatch_lines(
        ["*--zorders-url=*", "*--zorders-catalog=*", "*--zorders-keep-tenants*"]
    )


def test_each_test_has_a_tenant_of_its_own_deleted_when_it_ends(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_two=RECORD
        + """
ACCOUNT = {"name": "Acme", "currency": "USD", "billCycleDay": 1,
           "billToContact": {"firstName": "Ada", "lastName": "Lovelace"}}

def accounts(tenant):
    return tenant.request("GET", "/object-query/accounts")["data"]

def test_first(zuora_tenant):
    assert accounts(zuora_tenant) == []
    made = zuora_tenant.request("POST", "/v1/accounts", json=ACCOUNT)
    record(zuora_tenant, account=made["accountNumber"])
    assert [a["accountNumber"] for a in accounts(zuora_tenant)] == [made["accountNumber"]]

def test_second(zuora_tenant):
    # The first test's account is not here: this tenant is new.
    assert accounts(zuora_tenant) == []
    made = zuora_tenant.request("POST", "/v1/accounts", json=ACCOUNT)
    record(zuora_tenant, account=made["accountNumber"])
"""
    )
    result = inner.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    first, second = records(inner)
    assert first["tenantId"] != second["tenantId"]
    assert first["clientId"] != second["clientId"]
    # Each new tenant numbers its own accounts from the start.
    assert first["account"] == second["account"] == "A00000001"
    assert not can_sign_in(first)
    assert not can_sign_in(second)


def test_a_clock_moves_only_its_own_tenant(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_clocks="""
import datetime as dt
import pytest

@pytest.mark.zuora_tenant(now="2025-01-01T00:00:00Z")
def test_clocks(zuora_tenant, zuora_tenant_factory):
    other = zuora_tenant_factory(now="2025-01-01T00:00:00Z")
    move = zuora_tenant.clock.advance(days=10)
    assert move.before == dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    assert move.now == dt.datetime(2025, 1, 11, tzinfo=dt.timezone.utc)
    assert move.today == dt.date(2025, 1, 11)
    assert (move.ran, move.totals) == ((), {})
    assert zuora_tenant.clock.today == dt.date(2025, 1, 11)
    assert other.clock.now == dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    assert other.clock.advance(months=1).today == dt.date(2025, 2, 1)
    assert zuora_tenant.clock.advance(until=dt.date(2025, 3, 1)).today == dt.date(2025, 3, 1)
    assert zuora_tenant.clock.set("2025-03-02T12:00:00+00:00").now == dt.datetime(
        2025, 3, 2, 12, tzinfo=dt.timezone.utc)
    assert other.clock.today == dt.date(2025, 2, 1)
"""
    )
    inner.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_a_clock_move_reports_what_ran_and_its_totals(inner: pytest.Pytester) -> None:
    """A monthly USD 50.00 subscription from 2025-01-01 billed by a daily bill run: a move
    of 31 days runs the runs of 2025-01-01 to 2025-01-31 (31, each at 02:00) and makes one
    invoice, of 2025-01-01 (by hand: the account bills on the 1st, monthly in advance)."""
    catalog = inner.path / "monthly.yaml"
    catalog.write_text(
        """
products:
  - sku: SVC
    name: Service
    ratePlans:
      - name: Monthly
        productRatePlanNumber: MONTHLY-50
        charges:
          - name: Fee
            productRatePlanChargeNumber: MONTHLY-50-FEE
            type: Recurring
            model: FlatFee
            billingPeriod: Month
            price: {USD: 50.00}
"""
    )
    inner.makepyfile(
        test_moves="""
import datetime as dt
import pytest

ORDER = {
    "orderDate": "2025-01-01",
    "newAccount": {"name": "Acme", "currency": "USD", "billCycleDay": 1,
                   "billToContact": {"firstName": "Ada", "lastName": "Lovelace"}},
    "subscriptions": [{"orderActions": [{
        "type": "CreateSubscription",
        "triggerDates": [{"name": n, "triggerDate": "2025-01-01"} for n in
                         ("ContractEffective", "ServiceActivation", "CustomerAcceptance")],
        "createSubscription": {
            "terms": {"initialTerm": {"termType": "TERMED", "period": 12,
                                      "periodType": "Month", "startDate": "2025-01-01"},
                      "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
                      "renewalTerms": [{"period": 12, "periodType": "Month"}],
                      "autoRenew": True},
            "subscribeToRatePlans": [{"productRatePlanNumber": "MONTHLY-50"}]}}]}],
}
DAILY = {"autoPost": True, "schedule": {"repeatFrom": "2025-01-01", "repeatType": "Daily",
                                         "runTime": 2}}

@pytest.mark.zuora_tenant(now="2025-01-01T00:00:00Z", catalog="monthly.yaml")
def test_move(zuora_tenant):
    made = zuora_tenant.request("POST", "/v1/orders", json=ORDER)
    zuora_tenant.request("POST", "/v1/bill-runs", json=DAILY)
    move = zuora_tenant.clock.advance(days=31)
    assert move.totals == {"billRuns": 31, "invoices": 1}
    assert move.total("invoices") == 1 and move.total("payments") == 0
    runs = [job for job in move.ran if job.kind == "bill_run"]
    assert [job.ran_at.date() for job in runs] == [
        dt.date(2025, 1, d) for d in range(1, 32)]
    assert move.failed() == ()
    invoices = zuora_tenant.request(
        "GET", f"/v1/transactions/invoices/accounts/{made['accountNumber']}")["invoices"]
    assert [(i["invoiceDate"], str(i["amount"])) for i in invoices] == [
        ("2025-01-01", "50.00")]
"""
    )
    result = inner.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_the_marker_and_the_ini_make_the_tenant(inner: pytest.Pytester) -> None:
    (inner.path / "catalogs").mkdir()
    (inner.path / "catalogs" / "demo.yaml").write_text(DEMO_CATALOG.read_text())
    inner.makeini("[pytest]\nzorders_catalog = catalogs/demo.yaml\n")
    inner.makepyfile(
        test_options="""
import datetime as dt
import pytest

def plans(tenant):
    products = tenant.request("GET", "/v1/catalog/products")["products"]
    return sorted(p["productRatePlanNumber"] for product in products
                  for p in product["productRatePlans"])

def test_the_ini_catalog(zuora_tenant):
    assert "CLOUDDESK-BASIC" in plans(zuora_tenant)
    assert zuora_tenant.time_zone == "UTC"

@pytest.mark.zuora_tenant(catalog=None)
def test_no_catalog(zuora_tenant):
    assert plans(zuora_tenant) == []

@pytest.mark.zuora_tenant(now=dt.date(2025, 3, 15), time_zone="America/New_York",
                          business_errors="http-200")
def test_settings(zuora_tenant):
    assert zuora_tenant.time_zone == "America/New_York"
    assert zuora_tenant.clock.today == dt.date(2025, 3, 15)
    # Midnight in New York is 04:00 UTC in March (EDT from 2025-03-09).
    assert zuora_tenant.clock.now == dt.datetime(2025, 3, 15, 4, tzinfo=dt.timezone.utc)
    # Business errors answer HTTP 200 with success false, as the setting says.
    answer = zuora_tenant.request("GET", "/v1/accounts/A99999999")
    assert answer["success"] is False
    assert answer["reasons"][0]["code"] > 0
"""
    )
    inner.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=3)


def test_an_unknown_option_or_catalog_is_a_clear_error(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_bad="""
import pytest

@pytest.mark.zuora_tenant(colour="blue")
def test_colour(zuora_tenant):
    pass

@pytest.mark.zuora_tenant(catalog="missing.yaml")
def test_missing(zuora_tenant):
    pass

@pytest.mark.zuora_tenant(proration="weekly")
def test_weekly(zuora_tenant):
    pass
"""
    )
    result = inner.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=3)
    result.stdout.fnmatch_lines(
        [
            "*unknown zuora_tenant option(s) colour; known: catalog, now, *",
            "*zorders catalog file not found: *missing.yaml",
            "*answered 400*proration*",
        ]
    )


def test_a_failed_test_names_its_tenant_and_it_is_still_deleted(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_fails=RECORD
        + """
def test_fails(zuora_tenant):
    record(zuora_tenant)
    assert 1 == 2
"""
    )
    result = inner.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    (made,) = records(inner)
    result.stdout.fnmatch_lines(
        [
            "*- zorders tenants -*",
            f"test-*: tenant {made['tenantId']}, client id {made['clientId']},"
            f" console {made['baseUrl']}/console",
        ]
    )
    assert not can_sign_in(made)


def test_keep_tenants_leaves_them_to_look_at(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_kept=RECORD + "def test_kept(zuora_tenant):\n    record(zuora_tenant)\n")
    inner.runpytest("-p", "no:cacheprovider", "--zorders-keep-tenants").assert_outcomes(passed=1)
    (made,) = records(inner)
    assert can_sign_in(made)
    from zorders.testing.http import call

    call("DELETE", f"{made['baseUrl']}/zorders/v1/tenants/{made['tenantId']}")
    assert not can_sign_in(made)


def test_zuora_client_is_the_official_client_signed_in_to_the_tenant(
    inner: pytest.Pytester,
) -> None:
    inner.makepyfile(
        test_sdk="""
from zuora_sdk import CreateAccountContact, CreateAccountRequest
from zuora_sdk.zuora_client import ZuoraClient

def test_sdk(zuora_client, zuora_tenant):
    assert isinstance(zuora_client, ZuoraClient)
    made = zuora_client.accounts_api().create_account(CreateAccountRequest(
        name="Acme", currency="USD", bill_cycle_day=1,
        bill_to_contact=CreateAccountContact(first_name="Ada", last_name="Lovelace")))
    seen = zuora_tenant.request("GET", f"/v1/accounts/{made.account_number}")
    assert seen["basicInfo"]["name"] == "Acme"
"""
    )
    inner.runpytest("-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning").assert_outcomes(
        passed=1
    )


def test_zuora_client_without_the_official_client_says_what_to_install(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The inner run shares this process's modules: hide zuora_sdk for it only.
    monkeypatch.setitem(sys.modules, "zuora_sdk", None)
    inner.makepyfile(test_sdk="def test_sdk(zuora_client):\n    pass\n")
    result = inner.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*zuora_client needs Zuora's official client: pip install zuora-sdk*"]
    )


def test_a_zuora_catalog_export_loads_with_its_ids(inner: pytest.Pytester) -> None:
    """A team's own catalog, exported from their Zuora tenant (GET /v1/catalog/products,
    saved as JSON): a tenant made from the file has the same product, plan and charge ids,
    so code and fixtures that name them work unchanged. The export here is one tenant's,
    loaded into another."""
    (inner.path / "demo.yaml").write_text(DEMO_CATALOG.read_text())
    inner.makepyfile(
        test_export="""
import json, pathlib
import pytest

def ids(tenant):
    products = tenant.request("GET", "/v1/catalog/products")["products"]
    return sorted((p["id"], rp["id"], c["id"]) for p in products
                  for rp in p["productRatePlans"] for c in rp["productRatePlanCharges"])

@pytest.mark.zuora_tenant(catalog="demo.yaml")
def test_export(zuora_tenant, zuora_tenant_factory, tmp_path):
    exported = zuora_tenant.request("GET", "/v1/catalog/products")
    path = pathlib.Path(__file__).parent / "export.json"
    path.write_text(json.dumps(exported, default=str))
    copy = zuora_tenant_factory(catalog=path)
    assert len(ids(zuora_tenant)) > 5
    assert ids(copy) == ids(zuora_tenant)
"""
    )
    inner.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
