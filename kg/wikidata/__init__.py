"""Export the graph's sourced values to Wikidata as QuickStatements."""
