"""Order line items (issue 10): sold and returned inside orders, read and updated."""
