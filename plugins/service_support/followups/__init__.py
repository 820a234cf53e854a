"""Return visits after complaints."""
