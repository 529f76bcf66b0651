from benchmarks import bill_runs, foundation, orders

foundation.main()
orders.main()
bill_runs.main()
