"""Who is calling: token secrets and their hashes, the viewer of a request, permissions."""
