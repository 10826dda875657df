"""Gift programmes: quota, allocation by district, nominations and handovers."""
