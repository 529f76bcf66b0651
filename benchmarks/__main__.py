from benchmarks import foundation, orders

foundation.main()
orders.main()
