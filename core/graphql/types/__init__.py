"""GraphQL object types, one module each. They map service rows; they never query."""
