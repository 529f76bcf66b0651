"""Order line item use cases (issue 10)."""
