"""The documented Python API: one import, each command's job as a function."""

from pathlib import Path

import teitools

MINIMAL = Path(__file__).parent / "fixtures" / "profile" / "minimal.xml"


def test_top_level_functions_do_each_commands_job():
    tree = teitools.load(MINIMAL)
    report = teitools.validate(MINIMAL, schema=teitools.PROFILE)
    assert report.valid and report.files[0].path == str(MINIMAL)
    assert teitools.validate(tree, schema=teitools.PROFILE).valid
    assert "Dear friend, all is well." in teitools.render(tree, to="text", view="reading")
    assert teitools.render(tree, to="html").startswith("<!DOCTYPE html>")
    record = "March 3, 1949\n\nLetter from Anna Berg to Karl Lund\n\nWe agree [sic].\n\nAnna Berg\n"
    assert teitools.validate(teitools.convert(record), schema=teitools.PROFILE).valid


def test_importing_the_subpackages_does_not_hide_the_functions():
    import teitools.conversion
    import teitools.rendering
    import teitools.validation  # noqa: F401

    assert callable(teitools.convert) and callable(teitools.validate) and callable(teitools.render)
    assert set(teitools.__all__) >= {"convert", "validate", "render", "PROFILE", "load"}
