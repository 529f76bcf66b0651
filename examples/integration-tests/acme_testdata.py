"""The tests' customer and cards."""

from acme_billing import Card, Customer

# The built-in test gateway's cards (README, "Payment methods"): these approve ...
VISA = Card("4111111111111111", "Visa", 12, 2030, "123", "Ada Lovelace")
MASTERCARD = Card("5555555555554444", "MasterCard", 6, 2031, "456", "Ada Lovelace")
# ... and this one declines every charge with `card_declined`.
DECLINING_VISA = Card("4000000000000002", "Visa", 12, 2030, "123", "Ada Lovelace")

ADA = Customer("Analytical Engines Ltd", "Ada", "Lovelace", "ada@example.com")
