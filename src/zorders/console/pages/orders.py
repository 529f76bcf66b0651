"""The order page: status, its subscriptions' actions in order, its line items, and the
billing documents and payments it produced."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from zorders.console.pages.common import not_found, reading
from zorders.console.viewer import Viewer
from zorders.domain.billing.documents import DocumentKind
from zorders.services import payments
from zorders.services.orders.reads import line_items_of

# The most payments of the order's account the page looks through for the order's own.
PAYMENT_SCAN = 2000


def order_page(viewer: Viewer, request: Request) -> dict[str, Any]:
    number = request.path_params["number"]
    ctx = viewer.ctx
    with reading(viewer) as uow:
        order = uow.orders.get(ctx.tenant_id, number)
        if order is None:
            raise not_found("order")
        account = uow.accounts.get(ctx.tenant_id, order.account_id)
        items = line_items_of(uow, ctx, [order]).of(order)
        documents = list(uow.billing.documents_of_source(ctx.tenant_id, order.number))
        execution = order.execution
        if execution is not None:
            known = {d.number for d in documents}
            for key, kind in [
                *((n, DocumentKind.INVOICE) for n in execution.invoice_numbers),
                *((n, DocumentKind.CREDIT_MEMO) for n in execution.credit_memo_numbers),
            ]:
                if key not in known:
                    found = uow.billing.get_document(ctx.tenant_id, key, kind)
                    if found is not None:
                        documents.append(found)
        paid = [
            p
            for p in payments.list_payments(
                uow, ctx, offset=0, limit=PAYMENT_SCAN, account_key=order.account_id
            )
            if p.source_order_number == order.number
        ]
    return {
        "title": f"Order {order.number}",
        "order": order,
        "account": account,
        "line_items": items,
        "invoices": [d for d in documents if d.kind is DocumentKind.INVOICE],
        "credit_memos": [d for d in documents if d.kind is DocumentKind.CREDIT_MEMO],
        "payments": paid,
    }
