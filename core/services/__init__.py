"""Queries and business rules. Each function takes the database session explicitly; no GraphQL."""
