"""Reading the dataset: YAML with line numbers (``yaml_source``), validation (``dataset``)."""
