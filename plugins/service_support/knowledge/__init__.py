"""Knowledge base articles and canned replies."""
