"""Administrative units of Vietnam (both schemes) and the organizations that act in them."""
