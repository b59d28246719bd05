"""The public GraphQL API: types, queries, the per-request context and the schema factory."""
