"""Order line items: use cases (issue 10)."""
