PREFIX = "test_"
