"""Pages that belong to no one area: home, health check, language switch."""
