"""Request validation and response shapes of the API. Validation only: the services decide."""
