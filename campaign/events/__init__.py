"""Events of a campaign: the launch ceremony and everything after it."""
