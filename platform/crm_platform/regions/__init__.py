"""China's administrative divisions, the workspace's sales regions and a customer's place in them."""
