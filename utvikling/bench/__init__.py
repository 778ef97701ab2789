"""The benchmark behind ``make bench`` (see README, "Benchmark"): generated national
data on PostgreSQL, served by gunicorn with production settings."""
