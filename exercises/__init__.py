"""The curriculum of dl-tutor: pack files, their loader, and one module per exercise kind."""
