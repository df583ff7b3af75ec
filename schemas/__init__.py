"""The teitools TEI profile schema, shipped inside the package as ``teitools.schemas``."""
