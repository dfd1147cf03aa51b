"""The students app's pages, one module per resource."""
