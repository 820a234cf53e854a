"""Follow-ups: planned activities and dated next steps, on Today and in the API, and each customer's contact dates."""
