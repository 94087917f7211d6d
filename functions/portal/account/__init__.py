"""The client's account page: what the portal keeps about a client, read for them."""
