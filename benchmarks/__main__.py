from benchmarks import foundation

foundation.main()
