"""One module per order action type, each `apply(subscription, action, env) -> Applied`."""
