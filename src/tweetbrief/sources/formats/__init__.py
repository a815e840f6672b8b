"""Built-in file importers. Importing this package registers them (order = sniff order)."""
