"""HTTP routes, one Router module per capability. Routes parse and answer; rules live elsewhere."""
