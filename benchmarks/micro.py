from benchmarks import (
    bill_runs,
    catalog_import,
    clock,
    cold_start,
    foundation,
    jobs,
    line_items,
    object_query,
    orders,
    tenants,
    v2_orders,
    zoql,
)

foundation.main()
orders.main()
bill_runs.main()
line_items.main()
jobs.main()
tenants.main()
clock.main()
cold_start.main()
v2_orders.main()
object_query.main()
catalog_import.main()
zoql.main()
