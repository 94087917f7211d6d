"""`make outbox-redrive`: puts the deployed stack's dead outbox messages back in the queue.

Reads the stack name and region from samconfig.toml (as `make deploy` does), finds the
OutboxFunction in the stack's outputs and invokes it with {"redrive": true}; prints how many
messages came back and what the sweep then delivered. Fix the cause first (README, "The outbox").
"""

from __future__ import annotations

import json
import sys

from infra.deploy import deploy_settings, stack_outputs


def main() -> int:
    import boto3

    settings = deploy_settings()
    stack, region = settings.get("stack_name"), settings.get("region")
    if not stack or not region:
        print("samconfig.toml has no stack_name or region: run `make deploy` first.", file=sys.stderr)
        return 1
    outputs, _ = stack_outputs(boto3.client("cloudformation", region_name=region), stack)
    answer = boto3.client("lambda", region_name=region).invoke(
        FunctionName=outputs["OutboxFunctionName"], Payload=json.dumps({"redrive": True}).encode()
    )
    print(answer["Payload"].read().decode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
