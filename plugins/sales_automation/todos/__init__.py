"""Follow-up to-dos on leads, opportunities and customers, and the Today page's section of them."""
