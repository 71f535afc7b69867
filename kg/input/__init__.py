"""The input data: the property table, the pydantic model, and the YAML loader."""
