"""Per customer: the panel on the core's customer page (class, RFM, segment, layer and its strategy, CLV,
probability active, last purchase), the per-customer API, and the core customer list's filters by class,
segment and layer (through the core's `crm_customer_filters` hook)."""
