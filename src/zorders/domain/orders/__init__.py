"""Orders: order actions as values, and how each one turns a subscription version into the next."""
