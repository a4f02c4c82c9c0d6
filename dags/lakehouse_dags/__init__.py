"""Support code shared by the lakehouse DAG files: contract names, Assets, defaults, alerting and the job operator.

Importing this package is cheap and side-effect free: it reads the `contracts/` JSON with the stdlib and nothing else
(no pyspark, no connections, Variables or network), so the DAG files that use it parse in milliseconds.
"""
