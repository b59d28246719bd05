"""The mutations: one module per object, assembled into the root ``Mutation`` by the schema."""
