"""Loading and maintaining the reference data, and its pages: browsing the administrative units,
keeping the organizations. The tables themselves are ``campaign.places``, at the bottom of the
layers; this area sits above accounts and audit, whose access checks and log it uses."""
