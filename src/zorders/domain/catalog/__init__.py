"""The product catalog: products, rate plans, charges, tiers and their pricing."""
