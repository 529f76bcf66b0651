"""The v1 `newAccount` of an order (and `previewAccountInfo`) into an AccountDraft."""

from __future__ import annotations

from typing import Any

from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from zorders.api.schemas.accounts import CreateAccountRequest
from zorders.domain.accounts import AccountDraft
from zorders.domain.payment_methods import MethodDetails


def new_account_draft(raw: dict[str, Any] | None, field: str = "newAccount") -> AccountDraft | None:
    """`newAccount` is an account body; its contacts say `postalCode` where POST
    /v1/accounts says `zipCode` (spec §3.3). Its errors name their path under `field`."""
    if raw is None:
        return None
    return _request(raw, field).to_draft()


def new_account_method(
    raw: dict[str, Any] | None, field: str = "newAccount"
) -> MethodDetails | None:
    """`newAccount.paymentMethod` (or `creditCard`): the new account's first payment method,
    passed to the gateway, never part of the order's command."""
    if raw is None:
        return None
    return _request(raw, field).payment_method()


def _request(raw: dict[str, Any], field: str) -> CreateAccountRequest:
    body = dict(raw)
    for role in ("billToContact", "soldToContact", "shipToContact"):
        contact = body.get(role)
        if isinstance(contact, dict) and "postalCode" in contact:
            contact = dict(contact)
            contact.setdefault("zipCode", contact.pop("postalCode"))
            body[role] = contact
    custom = body.pop("customFields", None) or {}
    body.update(custom)
    try:
        account = CreateAccountRequest.model_validate(body)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", field, *e["loc"])} for e in error.errors()]
        ) from None
    account.refuse_unsupported()
    return account
