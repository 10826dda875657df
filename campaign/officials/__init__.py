"""Officials: the people who lead, speak at and take part in events."""
