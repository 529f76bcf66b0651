"""Billed items as a store keeps them: each with an id of its own, which credits name."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from zorders.domain.billing.items import DocumentItem, Item

_ids = itertools.count(1)


def stored(items: Iterable[Item]) -> list[DocumentItem]:
    """`items` as billed: each gets a new id (credits among them keep naming theirs)."""
    return [DocumentItem(f"item-{next(_ids)}", i) for i in items]
