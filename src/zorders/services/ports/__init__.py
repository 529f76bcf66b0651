"""Ports: what the use cases need from storage, as Protocols (implemented in zorders.storage),
one module per family; everything is importable from here."""

from __future__ import annotations

from zorders.services.ports.business import (
    AccountRepository,
    BillingRepository,
    BillRunRepository,
    CatalogRepository,
    OrderRepository,
    PaymentGateway,
    PaymentRepository,
    SubscriptionRepository,
)
from zorders.services.ports.jobs import (
    JobRecord,
    JobRepository,
    JobState,
)
from zorders.services.ports.line_items import (
    LineItemRepository,
)
from zorders.services.ports.platform import (
    AccessTokenRecord,
    AccessTokenRepository,
    AuthFailureRepository,
    IdempotencyRecord,
    IdempotencyRepository,
    OAuthClientRecord,
    OAuthClientRepository,
    SequenceRepository,
    ServiceKeyRepository,
    TenantRecord,
    TenantRepository,
)
from zorders.services.ports.unit_of_work import (
    UnitOfWork,
    UnitOfWorkFactory,
)

__all__ = [
    "AccessTokenRecord",
    "AccessTokenRepository",
    "AccountRepository",
    "AuthFailureRepository",
    "BillRunRepository",
    "BillingRepository",
    "CatalogRepository",
    "IdempotencyRecord",
    "IdempotencyRepository",
    "JobRecord",
    "JobRepository",
    "JobState",
    "LineItemRepository",
    "OAuthClientRecord",
    "OAuthClientRepository",
    "OrderRepository",
    "PaymentGateway",
    "PaymentRepository",
    "SequenceRepository",
    "ServiceKeyRepository",
    "SubscriptionRepository",
    "TenantRecord",
    "TenantRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
]
