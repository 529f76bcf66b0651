"""zorders: a self-hosted, Zuora-compatible Orders and subscription-billing service."""

__version__ = "0.1.0"
