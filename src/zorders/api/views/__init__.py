"""Domain values rendered in Zuora's wire shapes (one module per resource family)."""
