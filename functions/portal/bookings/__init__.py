"""Discovery-call booking: availability rules, slots, invites (plain domain code) and the service
that stores bookings atomically in DynamoDB."""
