"""Billing: billing periods, proration and the invoice items a target date calls for."""
