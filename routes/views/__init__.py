"""The routes app's pages, one module per resource."""
