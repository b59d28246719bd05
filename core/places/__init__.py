"""Places of the region: the official list of communes and postal codes of the five departments."""
