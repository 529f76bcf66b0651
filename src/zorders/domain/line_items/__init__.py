"""Order line items: what an order sells or takes back outside a subscription (spec §8)."""
