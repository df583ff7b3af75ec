"""The teitools TEI profile schema, shipped inside the package as ``teitools.schemas``."""

from pathlib import Path

#: the teitools TEI profile (XSD 1.1, a subset of TEI P5)
PROFILE = str(Path(__file__).with_name("teitools-profile.xsd"))
