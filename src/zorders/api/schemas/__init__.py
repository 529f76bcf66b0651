"""Request and response shapes with Zuora's wire names (pydantic 2, aliases where needed)."""
