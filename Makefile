# Thin wrappers: the scripts in scripts/ do the work and also run without make.
.PHONY: run test bench bench-import bench-custom-fields bench-insights bench-load demo-reset translations

run:            ## install and run the CRM on SQLite with a demo workspace
	bash scripts/run

test:           ## install test dependencies and run every test (SQLite + browser, then PostgreSQL)
	bash scripts/test

bench:          ## the customer-list benchmark (builds 1M customers once, cached in bench/.cache/)
	bash -c 'source scripts/lib.sh && ensure_venv' && .venv/bin/python bench/customer_list.py

bench-import:   ## the import benchmark: 100k rows against csv + executemany, peak memory at 100k and 1M rows
	bash -c 'source scripts/lib.sh && ensure_venv' && .venv/bin/python bench/customer_import.py

bench-custom-fields:  ## filtering 100k customers by one custom field, against the same SQL (cached in bench/.cache/)
	bash -c 'source scripts/lib.sh && ensure_venv' && .venv/bin/python bench/custom_field_filter.py

bench-insights: ## customer insights' nightly computation, 1M purchases of 100k customers, against pandas (needs the test extras)
	bash -c 'source scripts/lib.sh && ensure_venv test' && .venv/bin/python bench/insights.py

bench-load:     ## load test: gunicorn on a throwaway PostgreSQL, Locust at 1-100 users of 100 workspaces (ARGS="--step-seconds 10": quicker)
	bash scripts/bench-load $(ARGS)

demo-reset:     ## rebuild the demo workspace
	bash -c 'source scripts/lib.sh && ensure_venv' && .venv/bin/crm demo --reset

translations:   ## extract new messages into the zh_CN catalogues (.po) and compile them
	bash scripts/translations
