from benchmarks import bill_runs, foundation, line_items, orders, tenants

foundation.main()
orders.main()
bill_runs.main()
line_items.main()
tenants.main()
