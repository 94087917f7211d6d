"""Builds one Lambda function's package (`python -m lambda_build`, run by functions/Makefile
through `sam build`, and by the bench): README "Per-function packages"."""
