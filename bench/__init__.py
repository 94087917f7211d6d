"""`make bench`: the portal's speed in numbers, each beside its floor or a baseline measured in the
same run (cold start, package size, DynamoDB round trips, warm latency, page weight, Lighthouse).

Add an API operation in bench/operations.py (one `Operation(...)` in OPERATIONS); everything else
discovers what to measure from template.yaml.
"""
