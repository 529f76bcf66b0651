"""Subscriptions: versions, rate plans copied from the catalog, charges and their segments."""
