"""What the payments feature adds through the module's hooks (plugin.py gathers these functions).

Define any of: menu_items(user), customer_panels(customer, user), today_sections(user, today),
customers_merged(kept, merged_id), job_kinds(), schedules(); each returns a list (the last two
returning nothing for merges). A feature without a function simply adds nothing there.
"""
