"""Running the desk in production: secret key, password hashing, monitoring, web tier."""
