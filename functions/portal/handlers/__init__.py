"""One module per Lambda function: a resolver built from routers and a three-line handler."""
