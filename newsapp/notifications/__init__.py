"""In-app notifications (and optional e-mail) made from the domain events."""
