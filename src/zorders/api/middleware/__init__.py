"""Zuora's cross-cutting conventions (spec §1.3–1.7) as pure ASGI middleware.

Order, outermost first: RequestContext (ids, Track-Id, version, logs, last-resort 500)
-> GZip responses -> BodyLimit -> GzipRequest -> Authentication -> EntityHeaders
-> Idempotency -> CatchAll -> routes.
Idempotency sits inside compression so that it stores plain bodies, and outside CatchAll
so that failures (500 included) are stored like any answer.
"""
