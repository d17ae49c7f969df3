"""pytest plugins for the cjgraph test suite (load with -p tests.plugins.servers)."""
