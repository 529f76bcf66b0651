"""Payment gateways: adapters behind `zorders.services.ports.PaymentGateway`.

Only the composition root (`zorders.bootstrap`) picks one. zorders ships the built-in test
gateway (`test_gateway`), whose documented card numbers approve or decline predictably.
"""
